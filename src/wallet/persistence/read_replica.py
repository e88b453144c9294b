"""Reads that may be a little behind, sent to a PostgreSQL hot standby when it is fresh enough.

A read session goes to the standby only when all of these hold, checked by one probe statement
at the start of its (read-only) transaction on the standby:

- the standby answers and is still in recovery (a promoted or mistaken "replica" is a primary of
  its own, whose book may have forked from ours);
- it has replayed past the primary's WAL position after the caller's last write (read your own
  writes; write_marks.py: served by this process, or by any process of one `wallet serve`);
- it is not lagging: no write this process saw commit more than ``max_lag_seconds`` ago is
  missing from it (this also catches a standby cut off from the primary, which cannot tell it is
  behind), and either it has replayed all it has received or the last transaction it replayed
  committed less than ``max_lag_seconds`` ago.

The probe is its own short transaction and the reads then run in one REPEATABLE READ snapshot
(read only), taken after it: the snapshot holds at least what the probe saw replayed, and a
statement's several queries all see one moment, while the standby replays underneath.

Otherwise the caller reads the primary. A standby that cannot be reached is not asked again for
``retry_after_seconds``, so a restart costs one failed connection, not one per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from wallet.persistence.db import create_db_engine
from wallet.persistence.write_marks import Marks, WriteMarks

logger = logging.getLogger("wallet.replica")

PROBE = text(
    "SELECT pg_is_in_recovery() AS in_recovery,"
    " pg_last_wal_replay_lsn()::text AS replayed,"
    " pg_last_wal_receive_lsn()::text AS received,"
    " EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) AS replayed_seconds_ago"
)
# The insert position, not the write position: with synchronous_commit off a commit may return
# before its record is written, but never before it is inserted.
PRIMARY_POSITION = text("SELECT pg_current_wal_insert_lsn()::text")

# Why a read went where it went: the label of the `wallet_read_sessions` metric.
REPLICA = "replica"
NO_REPLICA, OWN_WRITE, LAGGING, UNREACHABLE, NOT_A_STANDBY, RESTING = (
    "no_replica", "own_write", "lagging", "unreachable", "not_a_standby", "unreachable_recently")


def lsn_number(lsn: str) -> int:
    """``'16/B374D848'`` as one comparable number (the two halves are hex, high and low 32 bits)."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) | int(low, 16)


class ReplayWatch:
    """The writes this process committed that the standby has not yet been seen to replay, as
    (when, position), at most one entry a tenth of a second: how old the oldest missing one is."""

    GRAIN_SECONDS = 0.1

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: deque[tuple[float, int]] = deque()

    def note(self, position: int, now: float) -> None:
        with self._lock:
            if self._pending and now - self._pending[-1][0] < self.GRAIN_SECONDS:
                when, latest = self._pending[-1]
                self._pending[-1] = (when, max(latest, position))
            else:
                self._pending.append((now, position))

    def oldest_missing_age(self, replayed: int, now: float) -> float:
        """Seconds since the oldest write not yet replayed committed; 0 when none is missing."""
        with self._lock:
            while self._pending and self._pending[0][1] <= replayed:
                self._pending.popleft()
            return now - self._pending[0][0] if self._pending else 0.0


@dataclass(frozen=True)
class Probe:
    in_recovery: bool
    replayed: int | None
    received: int | None
    replayed_seconds_ago: float | None


class ReadReplica:
    """The standby's engine, its read-only sessions, and the rule for when to use them."""

    def __init__(self, url: str, *, max_lag_seconds: float, retry_after_seconds: float = 2.0,
                 count: Callable[[str], None] = lambda _target: None, pool_size: int = 10,
                 marks: Marks | None = None) -> None:
        self.engine: Engine = create_db_engine(url, pool_size=pool_size, connect_timeout=2)
        if self.engine.dialect.name != "postgresql":
            raise ValueError("a read replica is a PostgreSQL hot standby")
        self.sessions = sessionmaker(self.engine.execution_options(postgresql_readonly=True),
                                     expire_on_commit=False)
        self.max_lag_seconds = max_lag_seconds
        self.retry_after_seconds = retry_after_seconds
        self.marks: Marks = marks or WriteMarks()
        self.watch = ReplayWatch()
        self._count = count
        self._resting_until = 0.0

    def note_write(self, caller: str, primary: Engine) -> None:
        """After `caller`'s transaction committed on the primary: remember where the WAL stands,
        so that caller's reads stay on the primary until the standby has replayed that far. Asked
        after the commit (not inside the transaction), so the position covers its commit record."""
        with primary.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            position = connection.execute(PRIMARY_POSITION).scalar_one()
        self.marks.note(caller, lsn_number(position))
        self.watch.note(lsn_number(position), time.monotonic())

    def open_for(self, caller: str | None) -> Session | None:
        """A read-only session on the standby, its transaction begun, or None: read the primary."""
        if time.monotonic() < self._resting_until:
            self._count(RESTING)
            return None
        session = self.sessions()
        try:
            row = session.execute(PROBE).one()
        except DBAPIError as error:
            session.close()
            self._resting_until = time.monotonic() + self.retry_after_seconds
            logger.warning("read replica unreachable, reading the primary for %.0f s: %s",
                           self.retry_after_seconds, type(error.orig).__name__)
            self._count(UNREACHABLE)
            return None
        probe = Probe(bool(row.in_recovery), _number(row.replayed), _number(row.received),
                      None if row.replayed_seconds_ago is None else float(row.replayed_seconds_ago))
        reason = self._refusal(probe, caller)
        if reason is not None:
            session.close()
            if reason == NOT_A_STANDBY:
                logger.error("the read replica is not in recovery (promoted?); reading the primary")
            self._count(reason)
            return None
        session.commit()
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        self._count(REPLICA)
        return session

    def _refusal(self, probe: Probe, caller: str | None) -> str | None:
        if not probe.in_recovery or probe.replayed is None:
            return NOT_A_STANDBY
        if caller is not None and not self.marks.replayed_past(caller, probe.replayed):
            return OWN_WRITE
        if self.watch.oldest_missing_age(probe.replayed, time.monotonic()) > self.max_lag_seconds:
            return LAGGING
        caught_up = probe.received is not None and probe.replayed >= probe.received
        recent = probe.replayed_seconds_ago is not None and probe.replayed_seconds_ago <= self.max_lag_seconds
        if not (caught_up or recent):
            return LAGGING
        return None

    def dispose(self) -> None:
        self.engine.dispose()
        self.marks.close()


def _number(lsn: str | None) -> int | None:
    return None if lsn is None else lsn_number(lsn)

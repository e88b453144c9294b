"""Verifying a long range of the chain on several PostgreSQL connections at once, in one snapshot.

Each link is judged against the stored link before it, never against a recomputed one, so a range
splits into chunks checked independently: a chunk starts from the stored hash just before it. The
first break of the whole range is the first break of the first chunk that has one: a chunk whose
starting link is missing always follows a chunk that reports that link missing.

The request's own transaction exports its snapshot (``pg_export_snapshot``) and every extra
connection imports it (``SET TRANSACTION SNAPSHOT``), so every chunk sees the journal as the head
the request read. One statement runs on one core; a verification of a million links is bound by
the CPU, and the server has more than one.

A verification also makes checks of the whole ledger (``verify_beside``): every account's postings
summed, the transactions off the chain counted. On a long book they take longer than a short range's
links, so they are made meanwhile, on one more connection in the same snapshot.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from wallet.domain.hashing import BrokenLink
from wallet.persistence.chain_verification import first_broken_set_based

# Links a statement checks at once: at least CHUNK, so a statement's start-up is nothing, and at
# most LARGEST_CHUNK, so its sorts stay in work_mem and a break stops the work soon after; between
# the two, a range shared evenly among the connections. Measured over a million two-posting
# transactions on two connections: 12.7 s in chunks of 25,000, 10.5 s of 50,000, 9.8 s of
# 100,000 and 125,000, 10.4 s of 150,000, 11.2 s of 200,000.
CHUNK = 50_000
LARGEST_CHUNK = 100_000
# Connections checking at once, the request's own among them: one a core of the database server,
# which on the usual single-host deployment are this host's; more would only queue for them.
WORKERS = max(1, min(4, os.cpu_count() or 1))

_SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$")
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()
T = TypeVar("T")


def first_broken_in_chunks(session: Session, first: int, last: int, start_prev: str, *,
                           workers: int | None = None, chunk: int | None = None) -> BrokenLink | None:
    """The first link in ``first``..``last`` that fails, as ``first_broken_set_based`` would
    find it, checked a chunk at a time on up to ``workers`` connections (on this one alone, a
    chunk after another, where others could not share its snapshot)."""
    return verify_beside(session, first, last, start_prev, None, workers=workers, chunk=chunk)[0]


def verify_beside(session: Session, first: int, last: int, start_prev: str, beside: Callable[[Connection], T] | None,
                  *, apart: bool = True, workers: int | None = None, chunk: int | None = None
                  ) -> tuple[BrokenLink | None, T | None]:
    """``first_broken_in_chunks``, and the read ``beside``: made meanwhile, on a connection of its
    own in the same snapshot, when ``apart`` and the snapshot can be shared; else after, on this
    one. A verification's ledger-wide checks read every posting: on a long book they would
    otherwise add their whole time to even a short range's."""
    workers = WORKERS if workers is None else workers
    chunk = _chunk_for(last - first + 1, workers) if chunk is None else chunk
    connection = session.connection()
    beside_apart = beside if apart else None
    long_range = last - first + 1 > chunk
    one_moment = (long_range or beside_apart is not None) and _one_moment(connection)
    chunked = one_moment and long_range
    shared = _exported_snapshot(connection) if one_moment and (beside_apart or chunked and workers > 1) else None
    meanwhile = _Beside(_sibling(connection.engine), shared, beside_apart) if beside_apart and shared else None
    try:
        broken = (_in_chunks(connection, first, last, start_prev, workers if shared else 1, chunk, shared) if chunked
                  else first_broken_set_based(connection, first, last, start_prev))
    finally:
        found = meanwhile.result() if meanwhile else None
    if beside is None:
        return broken, None
    return broken, found[0] if found is not None else beside(connection)


def _chunk_for(span: int, workers: int) -> int:
    return min(max(LARGEST_CHUNK, CHUNK), max(CHUNK, -(-span // max(workers, 1))))


def _in_chunks(connection: Connection, first: int, last: int, start_prev: str, workers: int, chunk: int,
               snapshot: str | None) -> BrokenLink | None:
    ranges = [(start, min(start + chunk - 1, last)) for start in range(first, last + 1, chunk)]
    befores = _stored_hashes(connection, [start - 1 for start, _ in ranges[1:]])
    befores[first - 1] = start_prev

    def check(on: Connection, index: int) -> BrokenLink | None:
        start, end = ranges[index]
        prev = befores.get(start - 1)
        if prev is None:
            return BrokenLink(start - 1, None, None, f"the transaction at position {start - 1} is missing")
        return first_broken_set_based(on, start, end, prev)

    work = _Chunks(len(ranges))
    helpers = [threading.Thread(target=_helper, args=(_sibling(connection.engine), snapshot, work, check),
                                name=f"verify-{n}", daemon=True)
               for n in range(min(workers, len(ranges)) - 1 if snapshot else 0)]
    for thread in helpers:
        thread.start()
    try:
        work.run(lambda index: check(connection, index))
    finally:
        for thread in helpers:
            thread.join()
    return work.answer()


class _Beside:
    """A read made on a connection of its own, in a shared snapshot, while the caller goes on. Its
    answer comes in a 1-tuple, or None where it failed: the caller then makes the read itself, on
    its own connection (where an error of the read's own is raised)."""

    def __init__(self, engine: Engine, snapshot: str, read: Callable[[Connection], T]) -> None:
        self._found: tuple[T] | None = None
        self._thread = threading.Thread(target=self._run, args=(engine, snapshot, read), name="verify-beside",
                                        daemon=True)
        self._thread.start()

    def _run(self, engine: Engine, snapshot: str, read: Callable[[Connection], T]) -> None:
        try:
            with _in_snapshot(engine, snapshot) as connection:
                self._found = (read(connection),)
        except BaseException:  # noqa: BLE001 - made again by the caller, on the request's connection
            self._found = None

    def result(self) -> tuple[T] | None:
        self._thread.join()
        return self._found


class _Chunks:
    """Chunks handed out in position order; once one breaks, none after it is started."""

    def __init__(self, count: int) -> None:
        self._lock = threading.Lock()
        self._next, self._count = 0, count
        self._broken: dict[int, BrokenLink] = {}
        self._error: BaseException | None = None

    def _take(self) -> int | None:
        with self._lock:
            stop = min(self._broken, default=self._count)
            if self._error is not None or self._next >= stop:
                return None
            self._next += 1
            return self._next - 1

    def run(self, check: Callable[[int], BrokenLink | None]) -> None:
        try:
            while (index := self._take()) is not None:
                broken = check(index)
                if broken is not None:
                    with self._lock:
                        self._broken[index] = broken
        except BaseException as error:
            with self._lock:
                self._error = self._error or error
            raise

    def answer(self) -> BrokenLink | None:
        if self._error is not None:
            raise self._error
        return self._broken[min(self._broken)] if self._broken else None


def _helper(engine: Engine, snapshot: str, work: _Chunks,
            check: Callable[[Connection, int], BrokenLink | None]) -> None:
    try:
        with _in_snapshot(engine, snapshot) as connection:
            work.run(lambda index: check(connection, index))
    except BaseException:
        pass  # recorded by work.run, or the connection failed: the request's own connection goes on


@contextmanager
def _in_snapshot(engine: Engine, snapshot: str) -> Iterator[Connection]:
    """A read-only connection of ``engine`` that sees what the exporting transaction sees."""
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with connection.begin():
            connection.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
            yield connection


def _one_moment(connection: Connection) -> bool:
    """Whether every statement of this transaction sees the same moment (not READ COMMITTED)."""
    isolation = connection.execute(text("SELECT current_setting('transaction_isolation')")).scalar_one()
    return isolation in ("repeatable read", "serializable")


def _exported_snapshot(connection: Connection) -> str | None:
    """This transaction's snapshot for other connections to share, or None where they could not
    see what it sees: it has written (its own rows are invisible to them), or it is on a standby
    (which this does not try to export from: a failed export would end the request's transaction)."""
    shareable = connection.execute(text(
        "SELECT pg_current_xact_id_if_assigned() IS NULL AND NOT pg_is_in_recovery()")).scalar_one()
    if not shareable:
        return None
    snapshot = str(connection.execute(text("SELECT pg_export_snapshot()")).scalar_one())
    return snapshot if _SNAPSHOT_ID.match(snapshot) else None


def _stored_hashes(connection: Connection, positions: list[int]) -> dict[int, str]:
    rows = connection.execute(text("SELECT position, hash FROM transaction_hashes WHERE position = ANY(:positions)"),
                              {"positions": positions})
    return {int(position): str(hash_) for position, hash_ in rows}


def _sibling(engine: Engine) -> Engine:
    """Connections to the same database outside the request pool, made per verification: a long
    verification must not take the pool's connections from other requests."""
    url = engine.url.render_as_string(hide_password=False)
    with _engines_lock:
        if url not in _engines:
            _engines[url] = create_engine(url, poolclass=NullPool, hide_parameters=True)
        return _engines[url]

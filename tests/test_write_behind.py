"""A bulk run's writes sent behind its decisions (``WriteBehind``): on PostgreSQL on one other
thread, on the run's own connection and in its database transaction, one at a time and in order;
on SQLite at once. A failed write is told to the run, and nothing of the run is left."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from wallet.persistence.db import Database
from wallet.persistence.write_behind import WriteBehind


@pytest.fixture
def scratch(database: Database) -> Database:
    with database.writer.begin() as session:
        session.execute(text("CREATE TABLE write_behind_probe (n integer PRIMARY KEY, thread varchar)"))
    return database


def _insert(session, n: int):  # type: ignore[no-untyped-def]
    def write() -> None:
        session.execute(text("INSERT INTO write_behind_probe (n, thread) VALUES (:n, :thread)"),
                        {"n": n, "thread": threading.current_thread().name})
    return write


def _rows(database: Database) -> list[tuple[int, str]]:
    with database.reader() as session:
        return [tuple(row) for row in session.execute(text("SELECT n, thread FROM write_behind_probe ORDER BY n"))]


def test_writes_land_in_order_in_the_run_s_own_transaction(scratch: Database, dialect: str) -> None:
    with scratch.writer.begin() as session, WriteBehind(session) as writer:
        for n in range(1, 6):
            writer.submit(_insert(session, n))
        writer.wait()
        # The run reads what its writes wrote, in its own transaction, once they are done.
        seen = session.execute(text("SELECT count(*) FROM write_behind_probe")).scalar_one()
        assert seen == 5
    rows = _rows(scratch)
    assert [n for n, _ in rows] == [1, 2, 3, 4, 5]
    expected = "write-behind" if dialect == "postgresql" else threading.current_thread().name
    assert all(thread.startswith(expected) for _, thread in rows), rows


def test_a_failed_write_is_raised_to_the_run_and_nothing_is_left(scratch: Database) -> None:
    with pytest.raises(IntegrityError):
        with scratch.writer.begin() as session, WriteBehind(session) as writer:
            writer.submit(_insert(session, 1))
            writer.submit(_insert(session, 1))  # the same key: refused by the primary key
            writer.submit(_insert(session, 2))  # not run: the job before it failed
    assert _rows(scratch) == []


def test_the_run_s_own_refusal_waits_for_the_write_in_flight_and_is_the_one_told(scratch: Database,
                                                                                   dialect: str) -> None:
    if dialect != "postgresql":
        pytest.skip("on SQLite a write runs at once: none is in flight when the run refuses")

    class Refused(Exception):
        pass

    started, ended = threading.Event(), threading.Event()

    def slow_then_failing() -> None:
        started.set()
        session.execute(text("SELECT pg_sleep(0.3)"))  # still in flight when the run refuses
        ended.set()
        raise RuntimeError("a write that fails after the run has refused")

    with pytest.raises(Refused):
        with scratch.writer.begin() as session, WriteBehind(session) as writer:
            writer.submit(_insert(session, 1))
            writer.submit(slow_then_failing)
            never = writer.submit(_insert(session, 2))
            assert started.wait(5)
            raise Refused
    # The write in flight had ended before the session gave its connection back; the one queued
    # behind it was not run.
    assert ended.is_set()
    assert isinstance(never.exception(), RuntimeError)
    assert _rows(scratch) == []

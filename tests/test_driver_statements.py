"""A statement sent straight through the driver answers as Session.execute would, and fails as it would."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import bindparam, event, select, text
from sqlalchemy.exc import DBAPIError, NoResultFound

from wallet.persistence.db import Database
from wallet.persistence.driver_statements import WITH_COMMIT, DriverStatement, stage_with_commit
from wallet.persistence.trust_tables import journal_head

MOMENT = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)

# A table every migrated database has, with a UTC timestamp column (a TypeDecorator's result
# processing) and a literal bound by SQLAlchemy (the limit).
ROWS = select(journal_head, journal_head.c.head_hash.label("also_hash")).where(
    journal_head.c.id == bindparam("head")).limit(1)


def test_rows_are_those_session_execute_gives(database: Database) -> None:
    with database.writer() as session:
        session.execute(journal_head.update().values(updated_at=MOMENT))
        through_sqlalchemy = session.execute(ROWS, {"head": 1}).all()
        through_driver = DriverStatement(ROWS).all(session, {"head": 1})
    assert len(through_driver) == 1
    assert [tuple(r) for r in through_driver] == [tuple(r) for r in through_sqlalchemy]
    row = through_driver[0]
    assert row.also_hash == row.head_hash and row.id == 1
    # The column type's result processing applies: aware and in UTC, on both databases.
    assert row.updated_at == MOMENT and row.updated_at.tzinfo is timezone.utc


def test_one_refuses_no_rows(database: Database) -> None:
    statement = DriverStatement(text("SELECT 1 AS n WHERE 1 = :never"))
    with database.writer() as session:
        with pytest.raises(NoResultFound):
            statement.one(session, {"never": 2})
        assert statement.first(session, {"never": 2}) is None
        assert statement.one(session, {"never": 1}).n == 1


def test_statement_listeners_still_see_it(database: Database) -> None:
    seen: list[str] = []

    def record(conn, cursor, statement, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.writer() as session:
            assert DriverStatement(text("SELECT 7 AS n")).one(session, {}).n == 7
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert any("SELECT 7" in s for s in seen)


def test_a_lost_connection_is_a_dbapi_error_that_invalidates_it(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    statement = DriverStatement(text("SELECT pg_backend_pid() AS pid, CAST(:at AS timestamptz) AS at"))
    with database.writer() as session:
        pid = statement.one(session, {"at": MOMENT}).pid
        with database.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(DBAPIError) as raised:
            statement.one(session, {"at": MOMENT})
        assert raised.value.connection_invalidated
    # The pool hands out a working connection afterwards.
    with database.writer() as session:
        assert statement.one(session, {"at": MOMENT}).pid != pid


def test_a_refused_statement_is_a_dbapi_error(database: Database) -> None:
    statement = DriverStatement(text("SELECT n FROM no_such_table WHERE n = :n"))
    with database.writer() as session:
        with pytest.raises(DBAPIError):
            statement.one(session, {"n": 1})



STAMP = DriverStatement(text("UPDATE journal_head SET updated_at = :at WHERE id = 1"))
HEAD = DriverStatement(text("SELECT id FROM journal_head WHERE id = 1"))


def _updated_at(database: Database) -> datetime:
    with database.reader() as session:
        return session.execute(select(journal_head.c.updated_at)).scalar_one()


def test_writes_staged_for_the_commit_land_with_the_last_statement(database: Database) -> None:
    with database.writer() as session:
        if not stage_with_commit(session, STAMP, {"at": MOMENT}):  # SQLite: run now
            STAMP.write(session, {"at": MOMENT})
        assert HEAD.one(session, {}, session.info.pop(WITH_COMMIT, ())).id == 1
        session.commit()
    assert _updated_at(database) == MOMENT


def test_a_failing_staged_write_fails_its_statement_and_undoes_the_transaction(database: Database) -> None:
    before = _updated_at(database)
    duplicate = DriverStatement(text("INSERT INTO journal_head (id, transaction_count, head_hash, last_event_seq, "
                                     "updated_at) VALUES (1, 0, 'x', 0, :at)"))
    with database.writer() as session:
        STAMP.write(session, {"at": MOMENT})
        with pytest.raises(DBAPIError):
            if not stage_with_commit(session, duplicate, {"at": MOMENT}):
                duplicate.write(session, {"at": MOMENT})
            HEAD.one(session, {}, session.info.pop(WITH_COMMIT, ()))
            session.commit()
        session.rollback()
    assert _updated_at(database) == before != MOMENT


def test_a_commit_sent_with_the_last_statement_commits_it(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite commits when the caller does")
    with database.writer() as session:
        STAMP.write(session, {"at": MOMENT})
        assert HEAD.one(session, {}, commit=True).id == 1
        # Committed before the caller commits: another connection sees it.
        assert _updated_at(database) == MOMENT
        session.commit()  # nothing is left to commit
        assert HEAD.one(session, {}).id == 1  # and the session goes on in a new transaction


def test_a_commit_refused_with_the_last_statement_leaves_nothing(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite commits when the caller does")
    before = _updated_at(database)
    with database.writer() as session:
        STAMP.write(session, {"at": MOMENT})
        # Refused only at COMMIT, by the deferred check: a transaction with no postings.
        session.execute(text("INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
                             "VALUES ('raw-pipelined', 'raw', '2026-04-06', now(), '{}')"))
        with pytest.raises(DBAPIError, match="at least two"):
            HEAD.one(session, {}, commit=True)
        session.rollback()
        assert HEAD.one(session, {}).id == 1  # the connection is usable again
    assert _updated_at(database) == before != MOMENT
    with database.reader() as session:
        assert session.execute(text("SELECT count(*) FROM transactions WHERE id = 'raw-pipelined'")).scalar_one() == 0


def test_a_seal_refused_at_its_commit_moves_nothing(database: Database) -> None:
    """The seal carries the COMMIT: a check that fails there fails the caller's commit, and the
    chain, the events and the rows are as they were."""
    if database.dialect != "postgresql":
        pytest.skip("deferred constraint triggers are PostgreSQL's")
    from wallet.persistence.journal_chain import read_head, stage_transaction

    with database.reader() as session:
        head = read_head(session)
    with database.writer() as session:
        seq = session.execute(text("INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
                                   "VALUES ('raw-sealed', 'raw', '2026-04-06', now(), '{}') RETURNING seq")).scalar_one()
        stage_transaction(session, seq, "0" * 64)
        with pytest.raises(DBAPIError, match="at least two"):
            session.commit()
    with database.reader() as session:
        assert read_head(session) == head
        assert session.execute(text("SELECT count(*) FROM transactions WHERE id = 'raw-sealed'")).scalar_one() == 0


def test_a_prepared_statement_on_postgresql_is_planned_once_without_its_values(database: Database) -> None:
    """Every connection plans a prepared statement generically (persistence/db.py): a payment's
    write was planned afresh each time otherwise. A generic plan names its parameter ($1)
    where a custom plan names the value."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite has no plan cache: every statement is planned as it is prepared")
    for _ in range(2):  # a new connection, and one given back to the pool and taken again
        with database.writer() as session:
            assert session.execute(text("SHOW plan_cache_mode")).scalar_one() == "force_generic_plan"
            session.execute(text("PREPARE by_code(varchar) AS SELECT id FROM accounts WHERE code = $1"))
            plan = "\n".join(session.execute(text("EXPLAIN EXECUTE by_code('wallet:none')")).scalars())
            session.execute(text("DEALLOCATE by_code"))
        assert "$1" in plan and "wallet:none" not in plan

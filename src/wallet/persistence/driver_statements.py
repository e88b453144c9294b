"""The statements every payment runs, sent straight through psycopg on PostgreSQL.

Through ``Session.execute`` a statement built once still costs some 150 microseconds of Python on
top of psycopg's own work (its cache key, an execution context, result metadata): as much as
its round trip to the server, and a payment runs five. A ``DriverStatement`` is compiled by
SQLAlchemy once per dialect and then executed on the request's own psycopg connection, in the
request's transaction, its rows converted by the column types' own result processors, so what
comes back is what ``Session.execute`` would give.

Nothing else differs: the SQL is the same string SQLAlchemy would send (psycopg prepares it on
the server after a few runs either way), and a driver error goes through SQLAlchemy's own
handling, so a lost connection still invalidates the pool and surfaces as ``DBAPIError``. On
SQLite, or while anything listens for ``before_cursor_execute`` (the tests and the bench that
count statements), the statement goes through ``Session.execute`` as usual.

A write whose result nobody reads (the stored idempotent response) need not be a statement of its
own: ``stage_with_commit`` keeps it for the transaction's last statement, the journal's seal,
which carries it as a data-modifying CTE. If it fails, the seal fails, and so does the commit.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

CHECKS_NOW = "SET CONSTRAINTS ALL IMMEDIATE"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _renamed(sql: str, n: int) -> str:
    """A statement's placeholders, renamed for its place among others in one statement."""
    return _PLACEHOLDER.sub(lambda found: f"%(write_{n}_{found.group(1)})s", sql)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    defaults: dict[str, Any]
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]


class DriverStatement:
    """A statement that returns rows (a select, or a write with RETURNING), its values bound as
    given: what psycopg takes as it is (JSON as text, under a CAST in the SQL)."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: _Compiled | None = None
        self._make: Callable[[Any], Any] | None = None
        self._combined: dict[tuple[DriverStatement, ...], _Compiled] = {}

    def all(self, executor: Session | Connection, params: Mapping[str, Any],
            writes: Sequence[tuple[DriverStatement, Mapping[str, Any]]] = (), *,
            returns_rows: bool = True, commit: bool = False, named: bool = True) -> Sequence[Any]:
        """The rows, each with the columns as attributes (as SQLAlchemy's rows have them);
        ``named=False``: plain tuples in the statement's column order, for a read of hundreds of
        thousands of rows (a bulk run's accounts), where naming each row costs more than its values.

        ``writes`` (statements that return nothing, ``stage_with_commit``) go in the same
        statement, as data-modifying CTEs ahead of it: one execution, prepared like any other, and
        if one of them fails, the statement fails. Where statements go through
        ``Session.execute`` (SQLite, or counted) they are run one by one first.

        ``commit``: this is the database transaction's last statement, and its COMMIT goes with
        it, in one round trip (psycopg's pipeline mode): the server commits as soon as the
        statement is done, not once Python has read its rows and sent the COMMIT, so row locks
        taken by the statement (the journal head's) are held for it and the commit only. The
        deferred constraints are checked just before the statement (``CHECKS_NOW``), in the same
        round trip, so they are not checked under its locks. If the checks or the
        statement fail, the COMMIT is not run and the transaction is left to be rolled back.
        The caller's own commit then finds nothing left to commit. Where statements go through
        ``Session.execute`` the COMMIT is left to the caller."""
        connection = executor.connection() if isinstance(executor, Session) else executor
        if not _on_driver(connection):
            for statement, values in writes:
                statement.write(executor, values)
            result = executor.execute(self.statement, params)
            return result.all() if returns_rows else []
        compiled = self.compiled_for(connection.dialect)
        values = {**compiled.defaults, **params}
        if writes:
            compiled, values = self._with_writes(compiled, values, writes, connection.dialect)
        dbapi_connection = connection.connection.dbapi_connection
        cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if commit:
                # COMMIT as a statement of the pipeline, not ``commit()``: that syncs on its own,
                # and leaving the pipeline would then sync (and wait) once more.
                with dbapi_connection.cursor() as ending, dbapi_connection.pipeline():  # type: ignore[union-attr]
                    # The deferred checks (every transaction balanced) run first, before the
                    # statement takes the journal head's lock: that lock is every writer's queue,
                    # and the checks' tenth of a millisecond need not be spent holding it.
                    ending.execute(CHECKS_NOW)
                    cursor.execute(compiled.sql, values)
                    ending.execute("COMMIT")
            else:
                cursor.execute(compiled.sql, values)
            if not returns_rows:
                return []
            rows = cursor.fetchall()
            # The columns are the same on every run: psycopg builds its description afresh each
            # time it is asked, so it is asked once.
            make = self._make or self._row_type(tuple(column.name for column in cursor.description or ()))
        except connection.dialect.loaded_dbapi.Error as error:
            # Wraps the error as DBAPIError and, when the connection is gone, invalidates it and
            # the pool's others, exactly as for a statement SQLAlchemy sent itself.
            connection._handle_dbapi_exception(error, compiled.sql, values, cursor, None)
            raise
        finally:
            cursor.close()
        if not named:
            return rows if not compiled.processors else [tuple(_converted(row, compiled.processors)) for row in rows]
        if not compiled.processors:
            return [make(row) for row in rows]
        return [make(_converted(row, compiled.processors)) for row in rows]

    def write(self, executor: Session | Connection, params: Mapping[str, Any]) -> None:
        """Run a statement that returns no rows."""
        self.all(executor, params, returns_rows=False)

    def _with_writes(self, compiled: _Compiled, values: dict[str, Any],
                     writes: Sequence[tuple[DriverStatement, Mapping[str, Any]]],
                     dialect: Dialect) -> tuple[_Compiled, dict[str, Any]]:
        key = tuple(statement for statement, _ in writes)
        combined = self._combined.get(key)
        if combined is None:
            parts = [f"write_{n} AS ({_renamed(statement.compiled_for(dialect).sql, n)})"
                     for n, statement in enumerate(key)]
            combined = self._combined[key] = _Compiled(f"WITH {', '.join(parts)} {compiled.sql}", {},
                                                        compiled.processors)
        values = dict(values)
        for n, (statement, params) in enumerate(writes):
            values.update({f"write_{n}_{name}": value for name, value in
                           {**statement.compiled_for(dialect).defaults, **params}.items()})
        return combined, values

    def first(self, executor: Session | Connection, params: Mapping[str, Any]) -> Any | None:
        rows = self.all(executor, params)
        return rows[0] if rows else None

    def one(self, executor: Session | Connection, params: Mapping[str, Any],
            writes: Sequence[tuple[DriverStatement, Mapping[str, Any]]] = (), *, commit: bool = False) -> Any:
        rows = self.all(executor, params, writes, commit=commit)
        if len(rows) != 1:
            raise NoResultFound("no row was found") if not rows else MultipleResultsFound("more than one row")
        return rows[0]

    def compiled_for(self, dialect: Dialect) -> _Compiled:
        return self._compiled or self._compile(dialect)

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        columns = getattr(self.statement, "exported_columns", ())
        processors = tuple(
            (position, processor) for position, column in enumerate(columns)
            if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None)
        defaults = {name: value for name, value in compiled.params.items() if value is not None}
        self._compiled = _Compiled(compiled.string, defaults, processors)
        return self._compiled

    def _row_type(self, names: tuple[str, ...]) -> Callable[[Any], Any]:
        self._make = namedtuple("Row", names)._make  # type: ignore[misc]
        return self._make


def _on_driver(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and not connection.dispatch.before_cursor_execute


# Writes staged to go with the transaction's last statement (journal_chain's seal sends them).
WITH_COMMIT = "wallet.with_commit"


def stage_with_commit(session: Session, statement: DriverStatement, params: Mapping[str, Any]) -> bool:
    """Queue a write that returns nothing the caller needs, to be sent inside the seal's statement
    at commit (``DriverStatement.all``'s ``writes``): one execution fewer, and if it fails, the
    commit fails with it and nothing of the transaction lands. False where statements go through
    ``Session.execute``: the caller runs it now."""
    if not _on_driver(session.connection()):
        return False
    session.info.setdefault(WITH_COMMIT, []).append((statement, params))
    return True


def _converted(row: tuple[Any, ...], processors: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list[Any]:
    values = list(row)
    for position, processor in processors:
        values[position] = processor(values[position])
    return values

"""The statements every payment runs, sent straight through psycopg on PostgreSQL.

Through ``Session.execute`` a statement built once still costs some 150 microseconds of Python on
top of psycopg's own work (its cache key, an execution context, result metadata): as much as
its round trip to the server, and a payment runs six. A ``DriverStatement`` is compiled by
SQLAlchemy once per dialect and then executed on the request's own psycopg connection, in the
request's transaction, its rows converted by the column types' own result processors, so what
comes back is what ``Session.execute`` would give.

Nothing else differs: the SQL is the same string SQLAlchemy would send (psycopg prepares it on
the server after a few runs either way), and a driver error goes through SQLAlchemy's own
handling, so a lost connection still invalidates the pool and surfaces as ``DBAPIError``. On
SQLite, or while anything listens for ``before_cursor_execute`` (the tests and the bench that
count statements), the statement goes through ``Session.execute`` as usual.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable


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

    def all(self, executor: Session | Connection, params: Mapping[str, Any]) -> Sequence[Any]:
        """The rows, each with the columns as attributes (as SQLAlchemy's rows have them)."""
        connection = executor.connection() if isinstance(executor, Session) else executor
        if connection.dialect.name != "postgresql" or connection.dispatch.before_cursor_execute:
            return executor.execute(self.statement, params).all()
        compiled = self._compiled or self._compile(connection.dialect)
        values = {**compiled.defaults, **params}
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, values)
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
        if not compiled.processors:
            return [make(row) for row in rows]
        return [make(_converted(row, compiled.processors)) for row in rows]

    def first(self, executor: Session | Connection, params: Mapping[str, Any]) -> Any | None:
        rows = self.all(executor, params)
        return rows[0] if rows else None

    def one(self, executor: Session | Connection, params: Mapping[str, Any]) -> Any:
        rows = self.all(executor, params)
        if len(rows) != 1:
            raise NoResultFound("no row was found") if not rows else MultipleResultsFound("more than one row")
        return rows[0]

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


def _converted(row: tuple[Any, ...], processors: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list[Any]:
    values = list(row)
    for position, processor in processors:
        values[position] = processor(values[position])
    return values

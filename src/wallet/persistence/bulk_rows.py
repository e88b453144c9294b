"""Many rows into one table at the driver's speed, in the session's transaction: COPY on
PostgreSQL, one prepared statement run for each row on SQLite. For bulk runs, which make rows by
the hundred thousand; nothing here decides anything."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import Table
from sqlalchemy.orm import Session

from wallet.domain.json_text import compact_text
from wallet.persistence.db import is_postgresql


def encoded_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> EncodedRows:
    """Plain inserts of many rows, encoded to be sent (``EncodedRows.send``) at the driver's speed:
    each value goes through its column's own bind processing (what SQLAlchemy would send), then
    PostgreSQL takes the rows by COPY and SQLite by one prepared statement run for each row, in the
    session's transaction. SQLAlchemy's own executemany costs more per row than everything else a
    batch does."""
    if not rows:
        return EncodedRows(table.name, [], [], False)
    return encoded_columns(session, table, {name: [row[name] for row in rows] for name in rows[0]})


@dataclass(frozen=True)
class EncodedRows:
    """Rows ready to be sent (``encoded_columns``): what is left is the driver's own work."""

    table: str
    names: list[str]
    rows: list[tuple[Any, ...]]
    as_text: bool  # every value already in COPY's text form

    def send(self, session: Session) -> None:
        if not self.rows:
            return
        driver = session.connection().connection.driver_connection
        listed = ", ".join(self.names)
        if is_postgresql(session):
            with driver.cursor() as cursor, cursor.copy(f"COPY {self.table} ({listed}) FROM STDIN") as copy:
                if self.as_text:
                    # Every value already in the text form the server parses for its column: psycopg
                    # then only escapes strings, instead of choosing a dumper for each value.
                    copy.set_types(["text"] * len(self.names))
                for row in self.rows:
                    copy.write_row(row)
            return
        cursor = driver.cursor()
        try:
            cursor.executemany(f"INSERT INTO {self.table} ({listed}) VALUES ({', '.join('?' * len(self.names))})",
                               self.rows)
        finally:
            cursor.close()


def encoded_columns(session: Session, table: Table, columns: dict[str, Sequence[Any]]) -> EncodedRows:
    """``encoded_rows`` from the values of each column (all of one length), for rows made by the
    hundred thousand, where a dict a row cost more than writing it. Each value goes through its
    column's bind processing and, on PostgreSQL, into COPY's text form: all the Python an insert
    costs but the driver's, so that a run can spend it before the write is sent (``write_behind``)."""
    # The engine's dialect, not the connection's: a run encodes while its connection is busy.
    dialect = session.get_bind().dialect
    names = list(columns)
    columns_values = []
    for name in names:
        process = table.c[name].type._cached_bind_processor(dialect)
        raw = columns[name]
        if process is not None and raw and isinstance(raw[0], Hashable):
            # A batch repeats most values (its moment, its dates, its funder): each is processed once.
            done = {v: process(v) for v in set(raw)}
            raw = list(map(done.__getitem__, raw))
        elif process is not None:
            raw = [process(v) for v in raw]
        columns_values.append(raw)
    if not columns_values or not columns_values[0]:
        return EncodedRows(table.name, names, [], False)
    if is_postgresql(session):
        texts = [_copy_texts(values) for values in columns_values]
        if all(column is not None for column in texts):
            return EncodedRows(table.name, names, list(zip(*texts, strict=True)), True)
    return EncodedRows(table.name, names, list(zip(*columns_values, strict=True)), False)


_BOOLEAN_TEXT = {True: "t", False: "f", None: None}


def _copy_texts(values: Sequence[Any]) -> list[str | None] | None:
    """A column's values (after bind processing) as COPY's text form reads them, with None as
    NULL; None where a value is of a kind not written here (psycopg's own dumpers take the batch).
    Each kind is converted in one pass at C speed (``map``), and a repeated moment or day once."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if not kinds or kinds == {str}:
        return list(values) if not isinstance(values, list) else values
    if len(kinds) > 1:
        return None
    kind = kinds.pop()
    if kind is bool:
        return list(map(_BOOLEAN_TEXT.__getitem__, values))
    if kind is int or kind is datetime or kind is date:
        # Most of a batch's amounts, moments and days repeat: each distinct one is written once.
        # A moment or a day in ISO 8601, with its offset: what the server parses, to the microsecond.
        write = str if kind is int else kind.isoformat
        texts = {v: write(v) for v in set(values) if v is not None}
        texts[None] = None  # type: ignore[index]
        return list(map(texts.__getitem__, values))
    if kind is Json:
        # Compact, by orjson where its text is the standard library's: a close writes a JSON
        # document an item and an audit entry a wallet, and the standard library's encoder was a
        # twentieth of its Python. (The server keeps json as given; every reader parses it.)
        return [None if v is None else (v.dumps or compact_text)(v.obj) for v in values]
    return None

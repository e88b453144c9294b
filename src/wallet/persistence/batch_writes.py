"""Writes for bulk batches: many rows in one statement, a lock pass over many wallets, and a
savepoint per item that also forgets what the item staged for the journal.

Nothing here decides anything: the use cases decide each item with the same rules as its single
call, then hand the rows of the items that stand to these functions.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import TEXT
from sqlalchemy.orm import Session

from wallet.domain.wallets import rollup_of
from wallet.persistence.close_tables import period_close_items
from wallet.persistence.db import is_postgresql
from wallet.persistence.journal_chain import UNNUMBERED, UNSEALED
from wallet.persistence.ledger_repository import AccountSpec
from wallet.persistence.repository import one_of
from wallet.persistence.tables import accounts
from wallet.persistence.trust_tables import audit_log
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import schedule_payments, schedules, wallets


def _insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Plain inserts of many rows, at the driver's speed: each value goes through its column's
    own bind processing (what SQLAlchemy would send), then PostgreSQL takes the rows by COPY and
    SQLite by one prepared statement run for each row, in the session's transaction. SQLAlchemy's
    own executemany costs more per row than everything else a batch does."""
    if rows:
        _insert_columns(session, table, {name: [row[name] for row in rows] for name in rows[0]})


def _insert_columns(session: Session, table: Table, columns: dict[str, Sequence[Any]]) -> None:
    """``_insert_rows`` from the values of each column (all of one length), for rows made by the
    hundred thousand, where a dict a row cost more than writing it."""
    connection = session.connection()
    dialect = connection.dialect
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
        return
    driver = connection.connection.driver_connection
    listed = ", ".join(names)
    if is_postgresql(session):
        texts = [_copy_texts(values) for values in columns_values]
        as_text = all(column is not None for column in texts)
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({listed}) FROM STDIN") as copy:
            if as_text:
                # Every value already in the text form the server parses for its column: psycopg
                # then only escapes strings, instead of choosing a dumper for each value.
                copy.set_types(["text"] * len(names))
            for row in zip(*(texts if as_text else columns_values), strict=True):
                copy.write_row(row)
        return
    cursor = driver.cursor()
    try:
        cursor.executemany(f"INSERT INTO {table.name} ({listed}) VALUES ({', '.join('?' * len(names))})",
                           list(zip(*columns_values, strict=True)))
    finally:
        cursor.close()


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
        return [None if v is None else (v.dumps or json.dumps)(v.obj) for v in values]
    return None


def insert_wallets(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """New wallets: every column of ``wallets`` the rows name (``WalletRepository.add``'s, many at once)."""
    _insert_rows(session, wallets, rows)


def insert_schedules(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    _insert_rows(session, schedules, rows)


def insert_audit_entries(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    now = utc_now()
    _insert_rows(session, audit_log, [{"recorded_at": now, **row} for row in rows])


def insert_close_items(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """A batch of a period close's items (``CloseRepository.add_items``)."""
    _insert_rows(session, period_close_items, rows)


def insert_schedule_payments(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """A funding run's paid periods (``ScheduleRepository.record_payments``): by COPY, not one
    INSERT a row, which is what an executemany sends."""
    _insert_rows(session, schedule_payments, rows)


def open_new_accounts(session: Session, specs: Sequence[AccountSpec]) -> None:
    """The accounts of wallets made in this transaction, as ``LedgerRepository.open_accounts``
    makes them. Every code names one of those wallets, so none can exist already: plain inserts.
    Written column by column: a bulk opening writes ten accounts a wallet."""
    if not specs:
        return
    now, count = utc_now(), len(specs)
    _insert_columns(session, accounts, {
        "code": [s.code for s in specs], "currency": [s.currency for s in specs],
        "normal_side": [s.normal_side.value for s in specs],
        "must_not_go_negative": [s.must_not_go_negative for s in specs],
        "debits_posted": [0] * count, "credits_posted": [0] * count, "debits_pending": [0] * count,
        "credits_pending": [0] * count, "wallet_id": [s.wallet_id for s in specs],
        "organisation_id": [s.organisation_id for s in specs], "created_at": [now] * count,
        "rollup_code": [rollup_of(s.code) for s in specs]})


def lock_accounts_by_code(session: Session, codes: Sequence[str]) -> int:
    """PostgreSQL: lock these accounts in id order, in one statement, before any item is decided,
    so two batches over the same wallets take turns instead of deadlocking (each payment then
    locks its own accounts again, which it already holds). SQLite's BEGIN IMMEDIATE already
    serialises writers. The codes travel as one array parameter, whatever their number."""
    if not codes or not is_postgresql(session):
        return 0
    (named,) = one_of(session, accounts.c.code, sorted(set(codes)), TEXT())
    return len(session.execute(select(accounts.c.id).where(named).order_by(accounts.c.id).with_for_update()).all())


@contextmanager
def item_savepoint(session: Session) -> Iterator[None]:
    """One item of a batch in a SAVEPOINT: refused, it leaves nothing behind, not even the journal
    links and events it staged for the commit (those live on the session, not in the database)."""
    staged = {key: len(session.info.get(key, ())) for key in (UNSEALED, UNNUMBERED)}
    try:
        with session.begin_nested():
            yield
    except BaseException:
        for key, kept in staged.items():
            if key in session.info:
                del session.info[key][kept:]
        raise

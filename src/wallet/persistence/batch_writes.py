"""Writes for bulk batches: many rows in one statement, a lock pass over many wallets, and a
savepoint per item that also forgets what the item staged for the journal.

Nothing here decides anything: the use cases decide each item with the same rules as its single
call, then hand the rows of the items that stand to these functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import TEXT
from sqlalchemy.orm import Session

from wallet.domain.wallets import rollup_of
from wallet.persistence.bulk_rows import EncodedRows, encoded_columns, encoded_rows
from wallet.persistence.close_tables import period_close_items
from wallet.persistence.db import is_postgresql
from wallet.persistence.journal_chain import UNNUMBERED, UNSEALED
from wallet.persistence.ledger_repository import AccountSpec
from wallet.persistence.repository import one_of
from wallet.persistence.tables import accounts
from wallet.persistence.trust_tables import audit_log
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import schedule_payments, schedules, wallets


def wallet_rows(session: Session, rows: Sequence[dict[str, Any]]) -> EncodedRows:
    """New wallets, encoded to go by COPY: every column of ``wallets`` the rows name
    (``WalletRepository.add``'s, many at once)."""
    return encoded_rows(session, wallets, rows)


def schedule_rows(session: Session, rows: Sequence[dict[str, Any]]) -> EncodedRows:
    return encoded_rows(session, schedules, rows)


def insert_audit_entries(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    audit_entry_rows(session, rows).send(session)


def audit_entry_rows(session: Session, rows: Sequence[dict[str, Any]]) -> EncodedRows:
    """Audit entries encoded to go by COPY (``insert_audit_entries``), all recorded at this moment."""
    now = utc_now()
    return encoded_rows(session, audit_log, [{"recorded_at": now, **row} for row in rows])


def close_item_rows(session: Session, rows: Sequence[dict[str, Any]]) -> EncodedRows:
    """A batch of a period close's items (``CloseRepository.item_rows``), encoded to go by COPY."""
    return encoded_rows(session, period_close_items, rows)


def schedule_payment_rows(session: Session, rows: Sequence[dict[str, Any]]) -> EncodedRows:
    """A funding run's paid periods (``ScheduleRepository.record_payments``), encoded to go by
    COPY, not one INSERT a row, which is what an executemany sends."""
    return encoded_rows(session, schedule_payments, rows)


def new_account_rows(session: Session, specs: Sequence[AccountSpec]) -> EncodedRows:
    """The accounts of wallets made in this transaction, as ``LedgerRepository.open_accounts``
    makes them, encoded to go by COPY. Every code names one of those wallets, so none can exist
    already: plain inserts. Made column by column: a bulk opening writes ten accounts a wallet."""
    now, count = utc_now(), len(specs)
    return encoded_columns(session, accounts, {
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

"""A holder's journal for its accounting system: every posting in a period on the accounts the
caller may see there, in journal order.

The holder (and the operator) see everything the holder keeps: its wallets' accounts, the pool
shares of those wallets, and its own accounts (client bank, fee and efficiency income, pools'
awaiting-approval). Every transaction wholly inside that view balances, so its rows do too. A
funder sees the wallets it funds there and an auditor what its grants cover: those rows need not
balance, and the export says so rather than inventing a balancing line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from wallet.domain.journal_export import JournalRow, JournalTotals, check_export_period
from wallet.domain.principals import Principal, Role
from wallet.persistence.journal_repository import JournalRepository
from wallet.persistence.report_repository import ReportRepository, holder_book
from wallet.persistence.visibility_sql import accounts_of_wallets
from wallet.usecases.authorisation import allowed
from wallet.usecases.reports import HolderNotFound, is_holder, wallets_at_holder

POSTED_ONLY = ("posted",)
EVERY_PHASE = ("posted", "pending", "release")
BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class JournalView:
    holder_id: str
    first_day: date
    last_day: date
    currency: str
    phases: tuple[str, ...]
    # A condition on the accounts table; built from the caller, so it reads the same in any session.
    accounts: ColumnElement[bool]
    whole: bool  # the holder's whole book, which balances; otherwise a part that need not


@allowed(Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR)
def journal_view(session: Session, principal: Principal, *, holder_id: str, first_day: date, last_day: date,
                 include_pending: bool = False, currency: str = "GBP") -> JournalView:
    check_export_period(first_day, last_day)
    held, whole = wallets_at_holder(principal, holder_id, "the journal export")
    # Pool shares carry their member's wallet id, so the wallet condition covers them too.
    visible = accounts_of_wallets(held)
    if whole:
        if not is_holder(session, holder_id):
            raise HolderNotFound(f"no holder {holder_id}", holder_id=holder_id)
        visible = holder_book(held, holder_id)
    elif not ReportRepository(session).any_wallet(held):
        # Saying nothing about a holder the caller has no business with, not even that it exists.
        raise HolderNotFound(f"no holder {holder_id} with wallets you may see", holder_id=holder_id)
    phases = EVERY_PHASE if include_pending else POSTED_ONLY
    return JournalView(holder_id, first_day, last_day, currency, phases, visible, whole)


def journal_page(session: Session, view: JournalView, *, after: tuple[int, int] | None,
                 limit: int) -> list[JournalRow]:
    return JournalRepository(session).export_rows(view.accounts, view.first_day, view.last_day, phases=view.phases,
                                                  currency=view.currency, after=after, limit=limit)


def journal_totals(session: Session, view: JournalView) -> JournalTotals:
    return JournalRepository(session).export_totals(view.accounts, view.first_day, view.last_day,
                                                    phases=view.phases, currency=view.currency)


def journal_rows(session: Session, view: JournalView, *, batch_size: int | None = None) -> Iterator[JournalRow]:
    """Every row of the period, from one query read a batch at a time, so a year of a large
    holder never sits in memory at once and no row is read twice."""
    yield from JournalRepository(session).stream_export_rows(
        view.accounts, view.first_day, view.last_day, phases=view.phases, currency=view.currency,
        batch=batch_size or BATCH_SIZE)


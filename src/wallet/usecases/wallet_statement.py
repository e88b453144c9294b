"""A wallet's statement for a period of value dates, checked to add up before anyone sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal
from wallet.domain.statements import Statement, build_statement, check_period, require_reconciled
from wallet.persistence.journal_repository import JournalRepository, read_from_one_snapshot
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.visibility import load_wallet


@dataclass(frozen=True, slots=True)
class WalletStatement:
    wallet: WalletRecord
    statement: Statement
    # Printed for the person and their family, who know their council and provider by name.
    funder_name: str
    holder_name: str


def wallet_statement(session: Session, principal: Principal, wallet_id: str, *, first_day: date,
                     last_day: date) -> WalletStatement:
    """Opening and closing balances, every movement between them, and the pending money set aside.

    Raises ``StatementDoesNotReconcile`` (a 500, not a figure) if the ledger's own numbers disagree:
    a statement that does not add up must never reach a person or their accountant.
    """
    check_period(first_day, last_day)
    read_from_one_snapshot(session)
    wallet = load_wallet(session, principal, wallet_id)
    journal = JournalRepository(session)
    accounts = LedgerRepository(session).accounts_of_wallet(wallet.id)
    latest = journal.latest_effective_date([state.id for state in accounts.values()])
    statement = build_statement(
        wallet.accounts, first_day, last_day,
        opening=journal.states_before(accounts, first_day),
        closing=journal.states_through(accounts, last_day),
        postings=journal.postings_between(accounts, first_day, last_day),
        # Nothing is dated after the period, so the closing must be what the wallet holds now.
        current=accounts if latest is None or latest <= last_day else None,
    )
    organisations = OrganisationRepository(session)
    funder, holder = organisations.get(wallet.funder_id), organisations.get(wallet.holder_id)
    return WalletStatement(wallet, require_reconciled(statement), funder.name if funder else wallet.funder_id,
                           holder.name if holder else wallet.holder_id)

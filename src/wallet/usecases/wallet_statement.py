"""A wallet's statement for a period of value dates, checked to add up before anyone sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal
from wallet.domain.statement_payments import SpendingFacts, itemise, itemised_transactions, with_payments
from wallet.domain.statements import Statement, build_statement, check_period, require_reconciled
from wallet.persistence.budget_repository import NetOffRepository, NettedPeriod, PlannedBudgetRepository
from wallet.persistence.journal_repository import JournalRepository, read_from_one_snapshot
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.statement_repository import StatementRepository
from wallet.persistence.wallet_repository import PolicyRepository, WalletRecord
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import load_wallet


@dataclass(frozen=True, slots=True)
class WalletStatement:
    wallet: WalletRecord
    statement: Statement
    # Printed for the person and their family, who know their council and provider by name.
    funder_name: str
    holder_name: str
    # From the wallet's policy: a statement then says what the money buys in hours.
    hourly_rate: int | None = None
    pool_names: Mapping[str, str] = field(default_factory=dict)
    # The statement as it would have been printed then: only postings recorded by this moment.
    as_of: datetime | None = None
    # Beside the figures, not in them (no posting on the person's accounts): each funding period
    # the funder netted a close's surplus off, and the opening float a policy holds as contingency.
    netted_off: tuple[NettedPeriod, ...] = ()
    float_held: int = 0
    weekly_budget: int = 0
    # Where the next page of payments starts (value date, journal position), when more follow.
    payments_next: tuple[date, int] | None = None


# Payments listed with the statement unless the caller asks otherwise (every one: ``None``): more
# than a person's month usually holds, and a page a 100,000-posting month still answers quickly.
PAYMENTS_PAGE = 100


@allowed(*EVERY_ROLE)
def wallet_statement(session: Session, principal: Principal, wallet_id: str, *, first_day: date,
                     last_day: date, as_of: datetime | None = None, payments_after: tuple[date, int] | None = None,
                     payments_limit: int | None = PAYMENTS_PAGE) -> WalletStatement:
    """Opening and closing balances, every movement between them, and the pending money set aside,
    by value date: the totals by day before and through the period (as known now, or as known at
    ``as_of``) and its postings summed by line in the database, so its cost follows the period's
    lines, not its postings nor the wallet's history. The payments are listed a page at a time:
    ``payments_limit`` of them (every one when None) after the position ``payments_after``.

    Raises ``StatementDoesNotReconcile`` (a 500, not a figure) if the ledger's own numbers disagree:
    a statement that does not add up must never reach a person or their accountant.
    """
    check_period(first_day, last_day)
    read_from_one_snapshot(session)
    wallet = load_wallet(session, principal, wallet_id)
    journal, details = JournalRepository(session), StatementRepository(session)
    details.without_jit()
    accounts = LedgerRepository(session).accounts_of_wallet(wallet.id)
    latest = journal.latest_effective_date([state.id for state in accounts.values()])
    statement = build_statement(
        wallet.accounts, first_day, last_day,
        opening=journal.states_before(accounts, first_day, as_of=as_of),
        closing=journal.states_through(accounts, last_day, as_of=as_of),
        postings=details.line_postings(accounts, first_day, last_day, as_of=as_of),
        pending=details.pending_legs(accounts, first_day, last_day, as_of=as_of),
        # Nothing is dated after the period, so the closing must be what the wallet holds now.
        current=accounts if as_of is None and (latest is None or latest <= last_day) else None,
    )
    facts: dict[str, SpendingFacts] = {}
    payments_next = None
    if payments_limit != 0:  # none asked for (the person's weekly figures): no list, so no check of one
        payments, payments_next = details.payment_postings(
            accounts, first_day, last_day, as_of=as_of, after=payments_after, limit=payments_limit,
        ) if statement.has_payments else ([], None)  # a month of money in only: no search for payments
        facts = details.spending_facts(itemised_transactions(wallet.accounts, payments))
        # A page of them is checked against the lines only when it is the whole list.
        statement = with_payments(statement, itemise(wallet.accounts, payments, facts),
                                  more=payments_next is not None or payments_after is not None)
    organisations = OrganisationRepository(session)
    funder, holder = organisations.get(wallet.funder_id), organisations.get(wallet.holder_id)
    policy = PolicyRepository(session).get(wallet.policy_id)
    budgets = PlannedBudgetRepository(session)
    netted = tuple(p for p in NetOffRepository(session).netted_periods_of_wallet(wallet.id)
                   if p.period_start <= last_day and p.period_end >= first_day)
    float_held = 0
    if policy is not None and policy.rules.opening_float_as_contingency:
        float_held = min(sum(budgets.opening_floats(wallet.id).values()), statement.closing.available)
    return WalletStatement(
        wallet, require_reconciled(statement), funder.name if funder else wallet.funder_id,
        holder.name if holder else wallet.holder_id, hourly_rate=policy.rules.hourly_rate if policy else None,
        pool_names=details.pool_names({f.pool_id for f in facts.values() if f.pool_id}), as_of=as_of,
        netted_off=netted, float_held=float_held, weekly_budget=budgets.weekly_budget(wallet.id, last_day),
        payments_next=payments_next,
    )

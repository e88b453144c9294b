"""Read wallets with their balances, in minor units, in plain money and in hours of support."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal
from wallet.domain.support_plans import PlannedService
from wallet.domain.wallet_balances import WalletBalances, wallet_balances
from wallet.persistence.budget_repository import PlannedBudgetRepository
from wallet.persistence.journal_repository import JournalRepository
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.support_plan_repository import SupportPlanRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion, WalletRecord, WalletRepository
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import load_wallet


@dataclass(frozen=True, slots=True)
class WalletView:
    wallet: WalletRecord
    policy: PolicyVersion
    balances: WalletBalances
    weekly_budget: int
    as_of: datetime | None = None
    on: date | None = None
    # The support plan's services, read for one wallet (not for lists): what the money left buys of each.
    planned_services: tuple[PlannedService, ...] | None = None


def _view(session: Session, wallet: WalletRecord, as_of: datetime | None = None, on: date | None = None) -> WalletView:
    policy = PolicyRepository(session).get(wallet.policy_id)
    assert policy is not None
    ledger = LedgerRepository(session)
    states = ledger.accounts_of_wallet(wallet.id)
    if on is not None:
        states = JournalRepository(session).states_on(states, on, as_of=as_of)
    elif as_of is not None:
        states = {code: ledger.balance_as_of(state, as_of) for code, state in states.items()}
    day = on or (as_of.date() if as_of else utc_now().date())
    weekly = PlannedBudgetRepository(session).weekly_budget(wallet.id, day)
    cap = policy.rules.contingency_weeks * weekly
    return WalletView(wallet, policy, wallet_balances(wallet.accounts, states, contingency_cap=cap), weekly,
                      as_of, on)


@allowed(*EVERY_ROLE)
def view_wallet(session: Session, principal: Principal, wallet_id: str) -> WalletView:
    view = _view(session, load_wallet(session, principal, wallet_id))
    return replace(view, planned_services=tuple(SupportPlanRepository(session).services(wallet_id)))


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=timezone.utc)


@allowed(*EVERY_ROLE)
def view_wallet_as_of(session: Session, principal: Principal, wallet_id: str, as_of: datetime) -> WalletView:
    """The balances as they stood at a moment: one index lookup per account, whatever the history."""
    return _view(session, load_wallet(session, principal, wallet_id), as_of)


@allowed(*EVERY_ROLE)
def view_wallet_on(session: Session, principal: Principal, wallet_id: str, on: date,
                   as_of: datetime | None = None) -> WalletView:
    """The balances by value date: every posting dated on or before ``on`` as known now, or as
    known at ``as_of``. A sum over the days the wallet's accounts have postings on, not over postings."""
    return _view(session, load_wallet(session, principal, wallet_id), as_of, on)


@allowed(*EVERY_ROLE)
def list_wallets(session: Session, principal: Principal, *, status: str | None, after_id: str | None,
                 limit: int) -> list[WalletView]:
    found = WalletRepository(session).visible_to(principal, status=status, after_id=after_id, limit=limit)
    return [_view(session, wallet) for wallet in found]

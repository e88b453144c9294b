"""Read wallets with their balances, in minor units, in plain money and in hours of support."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal
from wallet.domain.wallet_balances import WalletBalances, wallet_balances
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.budget_repository import PlannedBudgetRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion, WalletRecord, WalletRepository
from wallet.usecases.visibility import load_wallet
from wallet.usecases.authorisation import EVERY_ROLE, allowed


@dataclass(frozen=True, slots=True)
class WalletView:
    wallet: WalletRecord
    policy: PolicyVersion
    balances: WalletBalances
    weekly_budget: int
    as_of: datetime | None = None


def _view(session: Session, wallet: WalletRecord, as_of: datetime | None = None) -> WalletView:
    policy = PolicyRepository(session).get(wallet.policy_id)
    assert policy is not None
    ledger = LedgerRepository(session)
    states = ledger.accounts_of_wallet(wallet.id)
    if as_of is not None:
        states = {code: ledger.balance_as_of(state, as_of) for code, state in states.items()}
    on = as_of.date() if as_of else utc_now().date()
    weekly = PlannedBudgetRepository(session).weekly_budget(wallet.id, on)
    cap = policy.rules.contingency_weeks * weekly
    return WalletView(wallet, policy, wallet_balances(wallet.accounts, states, contingency_cap=cap), weekly, as_of)


@allowed(*EVERY_ROLE)
def view_wallet(session: Session, principal: Principal, wallet_id: str) -> WalletView:
    return _view(session, load_wallet(session, principal, wallet_id))


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=timezone.utc)


@allowed(*EVERY_ROLE)
def view_wallet_as_of(session: Session, principal: Principal, wallet_id: str, as_of: datetime) -> WalletView:
    """The balances as they stood at a moment: one index lookup per account, whatever the history."""
    return _view(session, load_wallet(session, principal, wallet_id), as_of)


@allowed(*EVERY_ROLE)
def list_wallets(session: Session, principal: Principal, *, status: str | None, after_id: str | None,
                 limit: int) -> list[WalletView]:
    found = WalletRepository(session).visible_to(principal, status=status, after_id=after_id, limit=limit)
    return [_view(session, wallet) for wallet in found]

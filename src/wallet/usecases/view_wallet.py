"""Read wallets with their balances, in minor units, in plain money and in hours of support."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal, Role
from wallet.domain.wallet_balances import WalletBalances, wallet_balances
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.trust_repository import AuditGrantRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion, WalletRecord, WalletRepository
from wallet.usecases.visibility import load_wallet


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
    weekly = ScheduleRepository(session).weekly_budget(wallet.id, on)
    cap = policy.rules.contingency_weeks * weekly
    return WalletView(wallet, policy, wallet_balances(wallet.accounts, states, contingency_cap=cap), weekly, as_of)


def view_wallet(session: Session, principal: Principal, wallet_id: str) -> WalletView:
    return _view(session, load_wallet(session, principal, wallet_id))


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=timezone.utc)


def view_wallet_as_of(session: Session, principal: Principal, wallet_id: str, as_of: datetime) -> WalletView:
    """The balances as they stood at a moment: one index lookup per account, whatever the history."""
    return _view(session, load_wallet(session, principal, wallet_id), as_of)


def list_wallets(session: Session, principal: Principal, *, status: str | None, after_id: str | None,
                 limit: int) -> list[WalletView]:
    repository = WalletRepository(session)
    match principal.role:
        case Role.ADMIN:
            found = repository.list(status=status, after_id=after_id, limit=limit)
        case Role.FUNDER:
            found = repository.list(funder_id=principal.organisation_id, status=status, after_id=after_id, limit=limit)
        case Role.HOLDER:
            found = repository.list(holder_id=principal.organisation_id, status=status, after_id=after_id, limit=limit)
        case Role.PERSON:
            found = repository.list(wallet_ids=[principal.wallet_id or ""], status=status, after_id=after_id, limit=limit)
        case Role.AUDITOR:
            found = repository.list(wallet_ids=AuditGrantRepository(session).wallet_ids_in(
                principal.audit_scope, status=status, after_id=after_id, limit=limit), limit=limit)
        case _:
            found = []
    return [_view(session, wallet) for wallet in found]

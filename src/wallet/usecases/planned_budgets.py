"""A wallet's planned budget: the support plan's budget, set when the wallet opens or later, with
changes from dates. It moves no money; closes, alerts and hours of support read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, WalletClosed
from wallet.domain.planned_budgets import BudgetEvery, PlannedBudget, check_planned_budget, planned_on
from wallet.domain.principals import Principal, Role
from wallet.persistence.budget_repository import PlannedBudgetRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import load_wallet


@dataclass(frozen=True, slots=True)
class PlannedBudgets:
    wallet_id: str
    budgets: list[PlannedBudget]
    on: date
    in_force: PlannedBudget | None
    weekly_budget: int  # what the rules use on ``on``: the plan's, else the schedules'


def add_planned_budget(session: Session, wallet: WalletRecord, budget: PlannedBudget) -> None:
    """The checked write, shared by ``open_wallet`` (a plan from the day it opens) and the use case below."""
    check_planned_budget(budget, opened_on=wallet.opened_on)
    PlannedBudgetRepository(session).add(wallet.id, budget)


@allowed(Role.FUNDER)
def set_planned_budget(session: Session, principal: Principal, wallet_id: str, *, amount: int, every: BudgetEvery,
                       effective_from: date) -> PlannedBudgets:
    wallet = load_wallet(session, principal, wallet_id, lock=True)
    if principal.role is not Role.FUNDER:
        raise Forbidden(f"a {principal.role.value} key may not set a wallet's budget", allowed_roles=["funder"])
    if not wallet.is_open:
        raise WalletClosed(f"wallet {wallet_id} closed on {wallet.closed_on}", wallet_id=wallet_id,
                           closed_on=str(wallet.closed_on))
    add_planned_budget(session, wallet, PlannedBudget(effective_from, amount, every))
    record_change(session, principal, "planned_budget.set", object_type="wallet", object_id=wallet.id, wallet=wallet,
                  amount=amount, every=every.value, effective_from=effective_from)
    return _view(session, wallet, effective_from)


@allowed(*EVERY_ROLE)
def list_planned_budgets(session: Session, principal: Principal, wallet_id: str, *,
                         on: date | None = None) -> PlannedBudgets:
    return _view(session, load_wallet(session, principal, wallet_id), on or utc_now().date())


def _view(session: Session, wallet: WalletRecord, on: date) -> PlannedBudgets:
    repository = PlannedBudgetRepository(session)
    budgets = repository.of_wallet(wallet.id)
    return PlannedBudgets(wallet.id, budgets, on, planned_on(budgets, on), repository.weekly_budget(wallet.id, on))

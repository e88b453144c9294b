"""A wallet's planned budget: the support plan's budget, with changes from dates."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from wallet.domain.principals import Role
from wallet.http.dependencies import CallerDep, IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.planned_budgets import PlannedBudgetIn, PlannedBudgetsOut
from wallet.usecases.planned_budgets import list_planned_budgets, set_planned_budget

router = APIRouter(prefix="/v1", tags=["wallets"])


@router.post("/wallets/{wallet_id}/planned-budgets", status_code=201, response_model=PlannedBudgetsOut,
             summary="Set the support plan's budget from a date (contingency, alerts and hours use it)")
def post_planned_budget(wallet_id: str, body: PlannedBudgetIn, session: SessionDep,
                        idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: PlannedBudgetsOut.of(set_planned_budget(
        session, principal, wallet_id, amount=body.amount, every=body.every, effective_from=body.effective_from)))


@router.get("/wallets/{wallet_id}/planned-budgets", response_model=PlannedBudgetsOut,
            summary="A wallet's planned budgets, and the weekly budget in force on a day")
def get_planned_budgets(wallet_id: str, session: SessionDep, principal: CallerDep,
                        on: Annotated[date | None, Query(description="today if omitted")] = None) -> PlannedBudgetsOut:
    return PlannedBudgetsOut.of(list_planned_budgets(session, principal, wallet_id, on=on))

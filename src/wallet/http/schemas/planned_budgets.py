from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from wallet.domain.planned_budgets import BudgetEvery, PlannedBudget
from wallet.http.schemas.common import PositiveAmount, RequestBody
from wallet.usecases.planned_budgets import PlannedBudgets


class PlannedBudgetIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"amount": 1560000, "every": "1y", "effective_from": "2026-10-26"}]})
    amount: PositiveAmount = Field(description="minor units each `every`")
    every: BudgetEvery = Field(description="1w, 2w, 4w, 1m or 1y: the support plan's budget period")
    effective_from: date = Field(description="the plan's budget from this day; not before the wallet opened")


class PlannedBudgetOut(BaseModel):
    effective_from: date
    amount: int
    every: BudgetEvery
    weekly: int = Field(description="per week, rounded down (a month is 52/12 weeks, a year 52)")

    @classmethod
    def of(cls, budget: PlannedBudget) -> PlannedBudgetOut:
        return cls(effective_from=budget.effective_from, amount=budget.amount, every=budget.every,
                   weekly=budget.weekly)


class PlannedBudgetsOut(BaseModel):
    wallet_id: str
    on: date
    in_force: PlannedBudgetOut | None = Field(description="the plan's budget on `on`, if any")
    weekly_budget: int = Field(description="what contingency and alerts use on `on`: the plan's, else the schedules'")
    basis: str = Field(description="planned_budget or schedules")
    budgets: list[PlannedBudgetOut]

    @classmethod
    def of(cls, view: PlannedBudgets) -> PlannedBudgetsOut:
        return cls(wallet_id=view.wallet_id, on=view.on,
                   in_force=PlannedBudgetOut.of(view.in_force) if view.in_force else None,
                   weekly_budget=view.weekly_budget, basis="planned_budget" if view.in_force else "schedules",
                   budgets=[PlannedBudgetOut.of(b) for b in view.budgets])

"""The planned budget: the support plan's budget for a person, set on the wallet, changing from dates.

The support plan states a budget per week, per four weeks, per month or per year. Contingency,
underspend alerts and hours of support are worked out from it; a wallet without one falls back to
what its funding schedules pay, so a wallet paid only by one-off fundings still has a budget once
the plan is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from wallet.domain.errors import Conflict, InvalidInput


class BudgetEvery(StrEnum):
    WEEK = "1w"
    FORTNIGHT = "2w"
    FOUR_WEEKS = "4w"
    MONTH = "1m"
    YEAR = "1y"


class PlannedBudgetBeforeWallet(InvalidInput):
    type = "planned-budget-before-wallet"
    title = "A planned budget cannot take effect before its wallet opened"


class PlannedBudgetExists(Conflict):
    type = "planned-budget-exists"
    title = "This wallet already has a planned budget from that date"


@dataclass(frozen=True, slots=True)
class PlannedBudget:
    effective_from: date
    amount: int
    every: BudgetEvery

    @property
    def weekly(self) -> int:
        """Per week, rounded down: a month is 52/12 weeks and a year 52 weeks, as support plans count."""
        if self.every is BudgetEvery.MONTH:
            return self.amount * 12 // 52
        if self.every is BudgetEvery.YEAR:
            return self.amount // 52
        return self.amount // {BudgetEvery.WEEK: 1, BudgetEvery.FORTNIGHT: 2, BudgetEvery.FOUR_WEEKS: 4}[self.every]


def check_planned_budget(budget: PlannedBudget, *, opened_on: date) -> None:
    if budget.amount <= 0:
        raise InvalidInput("a planned budget is a positive amount", field="amount")
    if budget.effective_from < opened_on:
        raise PlannedBudgetBeforeWallet(
            f"effective_from {budget.effective_from} is before the wallet opened on {opened_on}",
            effective_from=str(budget.effective_from), opened_on=str(opened_on))


def planned_on(budgets: Sequence[PlannedBudget], on: date) -> PlannedBudget | None:
    """The planned budget in force on a day: the latest taking effect on or before it."""
    in_force = [b for b in budgets if b.effective_from <= on]
    return max(in_force, key=lambda b: b.effective_from) if in_force else None


def weekly_budget(budgets: Sequence[PlannedBudget], on: date, *, from_schedules: int) -> int:
    """The weekly budget the rules use: the plan's where there is one, else what the schedules pay."""
    planned = planned_on(budgets, on)
    return planned.weekly if planned is not None else from_schedules


def budget_between(budgets: Sequence[PlannedBudget], first_day: date, last_day: date) -> int | None:
    """What the plan budgets for the days from ``first_day`` to ``last_day``, each day a seventh
    of the week's budget then in force (rounded down once, per stretch of one budget); None when
    no plan covers any of those days."""
    if last_day < first_day:
        return None
    total, covered, day = 0, False, first_day
    while day <= last_day:
        planned = planned_on(budgets, day)
        later = [b.effective_from for b in budgets if day < b.effective_from <= last_day]
        stretch_end = min(later) - timedelta(days=1) if later else last_day
        if planned is not None:
            covered = True
            total += planned.weekly * ((stretch_end - day).days + 1) // 7
        day = stretch_end + timedelta(days=1)
    return total if covered else None

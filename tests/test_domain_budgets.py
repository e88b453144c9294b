"""The pure rules behind planned budgets, held floats and netting off."""

from __future__ import annotations

from datetime import date

from wallet.domain.netting import Owed, netted_parts
from wallet.domain.planned_budgets import BudgetEvery, PlannedBudget, budget_between, weekly_budget
from wallet.domain.policies import Policy, parse_policy
from wallet.domain.unspent import Lot, assess
from wallet.domain.wallets import Source

APRIL = date(2026, 4, 6)


def test_weekly_amounts_round_down_from_each_period() -> None:
    # £1,300 / 4 = £325; £1,400 a month × 12 / 52 = £323.07 (rounded down); £13,000 a year / 52 = £250.
    assert PlannedBudget(APRIL, 130000, BudgetEvery.FOUR_WEEKS).weekly == 32500
    assert PlannedBudget(APRIL, 140000, BudgetEvery.MONTH).weekly == 32307
    assert PlannedBudget(APRIL, 1300000, BudgetEvery.YEAR).weekly == 25000


def test_the_plan_wins_over_schedules_and_changes_from_its_date() -> None:
    plans = [PlannedBudget(APRIL, 32500, BudgetEvery.WEEK), PlannedBudget(date(2026, 5, 4), 25000, BudgetEvery.WEEK)]
    assert weekly_budget([], APRIL, from_schedules=35000) == 35000
    assert weekly_budget(plans, date(2026, 4, 5), from_schedules=35000) == 35000  # before any plan
    assert weekly_budget(plans, date(2026, 5, 3), from_schedules=35000) == 32500
    assert weekly_budget(plans, date(2026, 5, 4), from_schedules=0) == 25000
    # 6 April to 17 May: 4 weeks at £325 and 2 at £250 = £1,300 + £500.
    assert budget_between(plans, APRIL, date(2026, 5, 17)) == 180000
    assert budget_between([], APRIL, date(2026, 5, 17)) is None


def test_a_held_float_is_kept_on_top_of_the_weeks_and_never_aged() -> None:
    policy = parse_policy({"contingency_weeks": 4, "surplus_max_age_weeks": 4, "opening_float_as_contingency": True})
    lots = [Lot(Source.FUNDER, APRIL, 275000), Lot(Source.FUNDER, date(2026, 6, 1), 150000)]
    # £4,250 unspent: the float's £2,750 held, then 4 × £250 = £1,000, so £500 surplus; the float
    # lot is 8 weeks old at the end of June but is not aged.
    held = assess(lots, policy, 25000, date(2026, 6, 1), opening_float=275000)
    assert (held.float_held, held.contingency_cap, held.aged, held.surplus) == (275000, 375000, 0, 50000)
    assert held.surplus_by_source == {Source.FUNDER: 50000}
    plain = assess(lots, Policy(contingency_weeks=4, surplus_max_age_weeks=4), 25000, date(2026, 6, 1),
                   opening_float=275000)
    assert (plain.float_held, plain.surplus) == (0, 325000)
    final = assess(lots, policy, 25000, date(2026, 6, 1), opening_float=275000, final=True)
    assert (final.float_held, final.surplus) == (0, 425000)


def test_netting_takes_oldest_first_and_never_more_than_the_funding() -> None:
    owed = [Owed("first", 20000), Owed("second", 50000)]
    assert netted_parts(owed, 35000) == [("first", 20000), ("second", 15000)]
    assert netted_parts(owed, 100000) == [("first", 20000), ("second", 50000)]
    assert netted_parts([], 35000) == []

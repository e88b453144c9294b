"""Service dates, the after-ending window, and a timesheet's checks in the one spending decision.
Pure: no database."""

from __future__ import annotations

from datetime import date

import pytest

from wallet.domain.errors import InvalidInput, WalletEnded
from wallet.domain.policies import parse_policy
from wallet.domain.spending import (
    ApprovalReason,
    ServiceDates,
    Spend,
    SpendKind,
    WalletState,
    decide_spend,
    final_close_due,
    late_invoices_until,
)
from wallet.domain.support_plans import Timesheet, TimesheetNotWholePence, parse_hours, timesheet_amount
from wallet.domain.wallet_postings import Cover
from wallet.domain.wallets import Source

ENDED = date(2026, 5, 1)
WINDOW = parse_policy({"after_end_window_weeks": 8})  # 1 May + 56 days = 26 June
FUNDS = {Source.FUNDER: 100000}


def ended(reason: str = "ended", **changes) -> WalletState:  # type: ignore[no-untyped-def]
    return WalletState("w1", date(2026, 4, 6), ENDED, reason, funds=FUNDS, **changes)


def late(on: date, given_to: date = ENDED, kind: SpendKind = SpendKind.PAYMENT) -> Spend:
    return Spend(kind, 5000, "care_invoice", on, service=ServiceDates(date(2026, 4, 27), given_to))


def test_the_window_is_eight_weeks_from_the_end_and_shuts_on_the_funders_word() -> None:
    assert late_invoices_until(WINDOW, ended()) == date(2026, 6, 26)
    assert late_invoices_until(WINDOW, ended(invoices_confirmed_on=date(2026, 5, 20))) is None
    assert late_invoices_until(parse_policy({}), ended()) is None
    # The final close waits while the window is open: not at 31 May, yes at 30 June, or once confirmed.
    assert not final_close_due(WINDOW, ended(), date(2026, 5, 31))
    assert final_close_due(WINDOW, ended(), date(2026, 6, 30))
    assert final_close_due(WINDOW, ended(invoices_confirmed_on=date(2026, 5, 20)), date(2026, 5, 31))
    assert final_close_due(parse_policy({}), ended(), date(2026, 5, 31))  # no window: as before


@pytest.mark.parametrize("kind", [SpendKind.PAYMENT, SpendKind.HOLD_CAPTURE, SpendKind.POOL_PART])
def test_support_given_by_the_end_is_paid_within_the_window(kind: SpendKind) -> None:
    state = ended(held=Cover(((Source.FUNDER, 5000),), 0))
    decision = decide_spend(WINDOW, state, late(date(2026, 6, 26), kind=kind))
    assert decision.approval is not None and decision.approval.reason is ApprovalReason.AFTER_END
    without_approval = parse_policy({"after_end_window_weeks": 8, "after_end_approval": False})
    assert decide_spend(without_approval, state, late(date(2026, 6, 26), kind=kind)).approval is None
    for refused in (late(date(2026, 6, 27), kind=kind), late(date(2026, 5, 10), date(2026, 5, 2), kind=kind)):
        with pytest.raises(WalletEnded):  # after the window; support given after the end
            decide_spend(WINDOW, state, refused)
    with pytest.raises(WalletEnded):  # the funder said no more invoices come
        decide_spend(WINDOW, ended(held=state.held, invoices_confirmed_on=ENDED), late(date(2026, 5, 10), kind=kind))


def test_a_new_hold_is_never_placed_after_the_end_and_service_dates_are_checked() -> None:
    with pytest.raises(WalletEnded):
        decide_spend(WINDOW, ended(), late(date(2026, 5, 10), kind=SpendKind.HOLD))
    with pytest.raises(InvalidInput):
        decide_spend(WINDOW, ended(), Spend(SpendKind.PAYMENT, 5000, "x", date(2026, 4, 20),
                                            service=ServiceDates(date(2026, 4, 12), date(2026, 4, 10))))
    with pytest.raises(InvalidInput):  # before the wallet opened
        decide_spend(WINDOW, ended(), Spend(SpendKind.PAYMENT, 5000, "x", date(2026, 4, 20),
                                            service=ServiceDates(date(2026, 4, 1), date(2026, 4, 10))))


def test_after_a_death_the_window_bounds_the_contractual_costs_when_the_policy_sets_one() -> None:
    died = ended("death")
    given_after = late(date(2026, 6, 1), date(2026, 5, 3))
    decision = decide_spend(WINDOW, died, given_after)
    assert decision.approval is not None and decision.approval.reason is ApprovalReason.AFTER_DEATH
    with pytest.raises(WalletEnded):
        decide_spend(WINDOW, died, Spend(SpendKind.PAYMENT, 5000, "care_invoice", date(2026, 6, 27)))
    # Without a window, as before: approved contractual costs, however late.
    old = decide_spend(parse_policy({}), died, Spend(SpendKind.PAYMENT, 5000, "care_invoice", date(2026, 9, 1)))
    assert old.approval is not None and old.approval.reason is ApprovalReason.AFTER_DEATH


def test_hours_are_hundredths_and_the_amount_is_exact_or_refused() -> None:
    assert [parse_hours(h) for h in ("7", "7.5", "7.25", "0.01")] == [700, 750, 725, 1]
    for bad in ("7.555", "-1", "abc", "169", "0"):
        with pytest.raises(InvalidInput):
            parse_hours(bad)
    assert timesheet_amount(750, 1750) == 13125  # 7.5 x £17.50 = £131.25
    assert timesheet_amount(725, 1600) == 11600  # 7.25 x £16.00 = £116.00
    with pytest.raises(TimesheetNotWholePence):
        timesheet_amount(725, 1755)  # 7.25 x £17.55 = £127.2375


def test_a_timesheet_over_the_rate_or_the_hours_waits() -> None:
    open_wallet = WalletState("w1", date(2026, 4, 6), funds=FUNDS)
    policy = parse_policy({})

    def decide(sheet: Timesheet):  # type: ignore[no-untyped-def]
        return decide_spend(policy, open_wallet, Spend(SpendKind.PAYMENT, sheet.amount, "personal_assistant",
                                                       date(2026, 4, 14), timesheet=sheet))

    assert decide(Timesheet(750, 1750, 1750, 1000, already_paid_hundredths=250)).approval is None  # 10 of 10
    over_hours = decide(Timesheet(750, 1750, 1750, 1000, already_paid_hundredths=251))
    assert over_hours.approval is not None and over_hours.approval.reason is ApprovalReason.TIMESHEET_HOURS
    over_rate = decide(Timesheet(100, 1751, 1750, 1000))
    assert over_rate.approval is not None and over_rate.approval.reason is ApprovalReason.TIMESHEET_RATE
    with pytest.raises(InvalidInput):  # the amount is the timesheet's, never another
        decide_spend(policy, open_wallet, Spend(SpendKind.PAYMENT, 13000, "personal_assistant", date(2026, 4, 14),
                                                timesheet=Timesheet(750, 1750, 1750, 1000)))

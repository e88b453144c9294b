"""Suspension's two decisions, pure: a spend dated inside it, and a scheduled period starting inside it."""

from __future__ import annotations

from datetime import date

import pytest

from wallet.domain.errors import InvalidInput
from wallet.domain.policies import parse_policy
from wallet.domain.schedules import Every, ScheduleTerms
from wallet.domain.spending import ApprovalReason, Spend, SpendKind, WalletState, decide_spend
from wallet.domain.suspensions import (
    PeriodDecision,
    Suspension,
    SuspensionAlreadyResumed,
    WalletAlreadySuspended,
    WalletSuspended,
    check_new,
    check_resume,
    period_decision,
    periods_to_pay,
    redate_funding,
)
from wallet.domain.wallets import Source

FROM, BACK = date(2026, 4, 20), date(2026, 5, 11)  # suspended 20 April; live again 11 May


def suspended_wallet(until: date | None = None) -> WalletState:
    return WalletState("w1", date(2026, 4, 6), funds={Source.FUNDER: 100000}, suspended_from=FROM,
                       suspended_until=until, suspension_reason="hospital_stay")


def pay(on: date, kind: SpendKind = SpendKind.PAYMENT) -> Spend:
    return Spend(kind, 5000, "personal_assistant", on)


def test_a_spend_inside_the_suspension_waits_and_one_outside_it_does_not() -> None:
    policy = parse_policy({})
    assert decide_spend(policy, suspended_wallet(), pay(date(2026, 4, 19))).approval is None
    waiting = decide_spend(policy, suspended_wallet(), pay(FROM)).approval
    assert waiting is not None and waiting.reason is ApprovalReason.SUSPENDED
    assert waiting.why.startswith("the wallet is suspended from 2026-04-20 during a hospital stay")
    assert len(waiting.why) <= 200  # the approvals table's column
    assert decide_spend(policy, suspended_wallet(BACK), pay(date(2026, 5, 10))).approval is not None
    assert decide_spend(policy, suspended_wallet(BACK), pay(BACK)).approval is None
    # A hold only sets money aside; its capture is what waits.
    assert decide_spend(policy, suspended_wallet(), pay(FROM, SpendKind.HOLD)).approval is None


def test_a_policy_that_refuses_spending_while_suspended_refuses_every_kind() -> None:
    policy = parse_policy({"while_suspended": "refuse"})
    for kind in (SpendKind.PAYMENT, SpendKind.HOLD, SpendKind.POOL_PART):
        with pytest.raises(WalletSuspended):
            decide_spend(policy, suspended_wallet(), pay(FROM, kind))
    with pytest.raises(InvalidInput):
        parse_policy({"while_suspended": "sometimes"})


def test_periods_starting_inside_a_paused_suspension_wait_then_pay_or_skip() -> None:
    open_ = Suspension(FROM)
    assert period_decision(date(2026, 4, 13), [open_]) == (PeriodDecision.PAY, None)
    assert period_decision(FROM, [open_]) == (PeriodDecision.WAIT, None)
    assert period_decision(date(2026, 5, 4), [Suspension(FROM, resumed_on=BACK)]) == (PeriodDecision.SKIP, None)
    back_paid = Suspension(FROM, resumed_on=BACK, pay_paused_periods=True)
    assert period_decision(date(2026, 5, 4), [back_paid]) == (PeriodDecision.PAY, BACK)
    assert period_decision(BACK, [back_paid]) == (PeriodDecision.PAY, None)
    assert period_decision(FROM, [Suspension(FROM, pause_schedules=False)]) == (PeriodDecision.PAY, None)


def test_a_run_pays_the_weeks_the_funder_wanted_paid_dated_the_day_it_resumed() -> None:
    weekly = ScheduleTerms(35000, Every.WEEK, True, date(2026, 4, 6))
    owed = weekly.due_by(BACK)  # 6 Apr .. 11 May: six weeks
    back_paid = [Suspension(FROM, resumed_on=BACK, pay_paused_periods=True)]
    paid = periods_to_pay(owed, back_paid, start=lambda f: f.start, redate=redate_funding)
    assert [(f.start, f.due_on) for f in paid] == [
        (date(2026, 4, 6), date(2026, 4, 6)), (date(2026, 4, 13), date(2026, 4, 13)),
        (date(2026, 4, 20), BACK), (date(2026, 4, 27), BACK), (date(2026, 5, 4), BACK), (BACK, BACK)]
    skipped = periods_to_pay(owed, [Suspension(FROM, resumed_on=BACK)], start=lambda f: f.start,
                             redate=redate_funding)
    assert [f.start for f in skipped] == [date(2026, 4, 6), date(2026, 4, 13), BACK]
    # 2 weeks + 1 week without back pay: 3 x 35000; with it all six: 6 x 35000.
    assert (sum(f.amount for f in skipped), sum(f.amount for f in paid)) == (105000, 210000)


def test_one_suspension_at_a_time_and_a_resumption_is_never_rewritten() -> None:
    opened = date(2026, 4, 6)
    with pytest.raises(WalletAlreadySuspended):
        check_new(date(2026, 6, 1), opened_on=opened, ends_on=None, current=Suspension(FROM), wallet_id="w1")
    with pytest.raises(WalletAlreadySuspended):
        check_new(date(2026, 5, 10), opened_on=opened, ends_on=None, current=Suspension(FROM, resumed_on=BACK),
                  wallet_id="w1")
    check_new(BACK, opened_on=opened, ends_on=None, current=Suspension(FROM, resumed_on=BACK), wallet_id="w1")
    with pytest.raises(InvalidInput):
        check_new(date(2026, 4, 5), opened_on=opened, ends_on=None, current=None, wallet_id="w1")
    with pytest.raises(InvalidInput):
        check_new(date(2026, 7, 1), opened_on=opened, ends_on=date(2026, 6, 30), current=None, wallet_id="w1")
    assert check_resume(Suspension(FROM), "s1", BACK, False) is True
    assert check_resume(Suspension(FROM, resumed_on=BACK), "s1", BACK, False) is False
    with pytest.raises(SuspensionAlreadyResumed):
        check_resume(Suspension(FROM, resumed_on=BACK), "s1", BACK, True)
    with pytest.raises(InvalidInput):
        check_resume(Suspension(FROM), "s1", date(2026, 4, 19), False)

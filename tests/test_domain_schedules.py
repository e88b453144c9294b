"""Schedule period arithmetic, without a database: which periods fall due by a date, and what
each pays."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallet.domain.schedules import (
    PERIOD_DAYS,
    AmountChange,
    AmountChangeOutsideSchedule,
    Every,
    FundingKind,
    FundingRunTooFarAhead,
    ScheduleEndsBeforeStart,
    ScheduleStartsBeforeWallet,
    ScheduleTerms,
    add_months,
    check_run_date,
    weekly_equivalent,
)

D = date.fromisoformat


def terms(amount: int = 140000, every: Every = Every.FOUR_WEEKS, in_advance: bool = True,
          starts_on: str = "2026-04-06", ends_on: str | None = None, **extra) -> ScheduleTerms:  # type: ignore[no-untyped-def]
    return ScheduleTerms(amount=amount, every=every, in_advance=in_advance, starts_on=D(starts_on),
                         ends_on=D(ends_on) if ends_on else None, **extra)


def spans(schedule: ScheduleTerms, as_of: str) -> list[tuple[str, str, str, int]]:
    return [(str(f.start), str(f.end), str(f.due_on), f.amount) for f in schedule.due_by(D(as_of))]


# --- examples -------------------------------------------------------------------------------


def test_four_weekly_in_advance_is_due_on_each_periods_first_day() -> None:
    schedule = terms()
    assert spans(schedule, "2026-04-05") == []
    assert spans(schedule, "2026-04-06") == [("2026-04-06", "2026-05-03", "2026-04-06", 140000)]
    assert spans(schedule, "2026-05-03") == spans(schedule, "2026-04-06")
    assert [s[0] for s in spans(schedule, "2026-06-29")] == ["2026-04-06", "2026-05-04", "2026-06-01", "2026-06-29"]


def test_in_arrears_is_due_on_each_periods_last_day() -> None:
    schedule = terms(every=Every.WEEK, in_advance=False, amount=35000)
    assert spans(schedule, "2026-04-11") == []
    assert spans(schedule, "2026-04-12") == [("2026-04-06", "2026-04-12", "2026-04-12", 35000)]
    assert len(spans(schedule, "2026-04-25")) == 2


def test_monthly_periods_clamp_to_the_month_end_without_drifting() -> None:
    schedule = terms(every=Every.MONTH, starts_on="2026-01-31", amount=150000)
    assert [(s[0], s[1]) for s in spans(schedule, "2026-05-31")] == [
        ("2026-01-31", "2026-02-27"), ("2026-02-28", "2026-03-30"), ("2026-03-31", "2026-04-29"),
        ("2026-04-30", "2026-05-30"), ("2026-05-31", "2026-06-29"),
    ]
    leap = terms(every=Every.MONTH, starts_on="2028-01-31")
    assert [s[0] for s in spans(leap, "2028-03-31")] == ["2028-01-31", "2028-02-29", "2028-03-31"]


def test_a_final_period_cut_short_by_ends_on_is_pro_rated_by_days_rounding_down() -> None:
    schedule = terms(ends_on="2026-05-17")
    assert spans(schedule, "2030-01-01") == [
        ("2026-04-06", "2026-05-03", "2026-04-06", 140000),
        ("2026-05-04", "2026-05-17", "2026-05-04", 70000),   # 14 of 28 days
    ]
    odd = terms(amount=100, every=Every.WEEK, ends_on="2026-04-14", in_advance=False)
    # 2 of 7 days of 100p is 28.57p: 28p, and it falls due on the day the schedule ends.
    assert spans(odd, "2026-04-30")[-1] == ("2026-04-13", "2026-04-14", "2026-04-14", 28)


def test_periods_starting_after_ends_on_are_not_paid() -> None:
    schedule = terms(ends_on="2026-05-03")  # exactly one whole period
    assert spans(schedule, "2027-01-01") == [("2026-04-06", "2026-05-03", "2026-04-06", 140000)]


def test_a_part_period_that_rounds_to_nothing_is_not_owed() -> None:
    schedule = terms(amount=3, every=Every.FOUR_WEEKS, starts_on="2026-04-06", ends_on="2026-05-04")
    assert [s[3] for s in spans(schedule, "2027-01-01")] == [3]


def test_the_amount_in_force_is_the_latest_change_from_on_or_before_the_period_start() -> None:
    schedule = terms(every=Every.WEEK, amount=10000, changes=(
        AmountChange(D("2026-04-20"), 12000), AmountChange(D("2026-04-15"), 11000)))
    assert [s[3] for s in spans(schedule, "2026-04-27")] == [10000, 10000, 12000, 12000]
    assert schedule.amount_on(D("2026-04-19")) == 11000


def test_the_opening_float_is_owed_once_from_the_first_day() -> None:
    schedule = terms(opening_float=50000)
    assert schedule.due_by(D("2026-04-05")) == []
    first = schedule.due_by(D("2026-04-06"))
    assert [(f.kind, f.amount, f.due_on) for f in first] == [
        (FundingKind.OPENING_FLOAT, 50000, D("2026-04-06")), (FundingKind.PERIOD, 140000, D("2026-04-06"))]
    assert [f.kind for f in schedule.due_by(D("2026-06-01"))].count(FundingKind.OPENING_FLOAT) == 1


def test_a_wallets_end_date_cuts_the_schedule_short_like_ends_on() -> None:
    schedule = terms(opening_float=1000)
    assert schedule.until(None) is schedule
    assert schedule.until(D("2026-05-17")).due_by(D("2027-01-01")) == terms(
        opening_float=1000, ends_on="2026-05-17").due_by(D("2027-01-01"))
    assert terms(ends_on="2026-05-03").until(D("2026-06-01")).ends_on == D("2026-05-03")
    # Ended before it started: nothing at all, not even the float.
    assert schedule.until(D("2026-04-05")).due_by(D("2027-01-01")) == []


def test_set_up_is_checked_against_the_wallet() -> None:
    with pytest.raises(ScheduleStartsBeforeWallet):
        terms(starts_on="2026-04-01").check(opened_on=D("2026-04-06"))
    with pytest.raises(ScheduleEndsBeforeStart):
        terms(ends_on="2026-04-05").check(opened_on=D("2026-04-06"))
    terms(ends_on="2026-04-06").check(opened_on=D("2026-04-06"))  # a one-day schedule is fine
    with pytest.raises(AmountChangeOutsideSchedule):
        terms(ends_on="2026-06-01").check_change(D("2026-06-02"))
    with pytest.raises(AmountChangeOutsideSchedule):
        terms().check_change(D("2026-04-05"))


def test_a_run_may_look_ahead_at_most_a_year() -> None:
    check_run_date(D("2027-11-25"), today=D("2026-11-24"))
    with pytest.raises(FundingRunTooFarAhead):
        check_run_date(D("2027-11-26"), today=D("2026-11-24"))


def test_weekly_equivalent() -> None:
    assert weekly_equivalent(140000, Every.FOUR_WEEKS) == 35000
    assert weekly_equivalent(150000, Every.MONTH) == 34615


# --- properties -----------------------------------------------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
everies = st.sampled_from(list(Every))
amounts = st.integers(min_value=1, max_value=10**9)


@st.composite
def schedules(draw) -> ScheduleTerms:  # type: ignore[no-untyped-def]
    starts_on = draw(days)
    ends_on = draw(st.none() | st.integers(min_value=0, max_value=800).map(lambda n: starts_on + timedelta(days=n)))
    changes = draw(st.lists(st.tuples(st.integers(min_value=0, max_value=800), amounts),
                            max_size=4, unique_by=lambda c: c[0]))
    return ScheduleTerms(
        amount=draw(amounts), every=draw(everies), in_advance=draw(st.booleans()), starts_on=starts_on,
        ends_on=ends_on, opening_float=draw(st.none() | amounts),
        changes=tuple(AmountChange(starts_on + timedelta(days=n), a) for n, a in changes),
    )


def _periods(schedule: ScheduleTerms, span_days: int):  # type: ignore[no-untyped-def]
    return list(schedule.periods(starting_by=schedule.starts_on + timedelta(days=span_days)))


@given(schedules(), st.integers(min_value=0, max_value=900))
def test_periods_are_contiguous_and_never_overlap(schedule: ScheduleTerms, span: int) -> None:
    periods = _periods(schedule, span)
    assert periods[0].start == schedule.starts_on
    for earlier, later in zip(periods, periods[1:]):
        assert earlier.start <= earlier.end < later.start
        assert earlier.end + timedelta(days=1) == later.start
    if schedule.ends_on is not None:
        assert all(p.end <= schedule.ends_on for p in periods)


@given(schedules().filter(lambda s: s.every is not Every.MONTH), st.integers(min_value=0, max_value=900))
def test_weekly_periods_are_whole_numbers_of_weeks_from_the_start(schedule: ScheduleTerms, span: int) -> None:
    length = PERIOD_DAYS[schedule.every]
    for index, period in enumerate(_periods(schedule, span)):
        assert (period.start - schedule.starts_on).days == index * length
        if schedule.ends_on is None or period.end < schedule.ends_on:
            assert (period.end - period.start).days + 1 == length


@given(days, st.integers(min_value=0, max_value=60))
def test_monthly_periods_start_on_the_same_day_clamped_to_the_month_end(starts_on: date, months: int) -> None:
    schedule = ScheduleTerms(amount=100, every=Every.MONTH, in_advance=True, starts_on=starts_on)
    periods = list(schedule.periods(starting_by=add_months(starts_on, months)))
    assert len(periods) == months + 1
    for index, period in enumerate(periods):
        month_index = starts_on.month - 1 + index
        year, month = starts_on.year + month_index // 12, month_index % 12 + 1
        assert (period.start.year, period.start.month) == (year, month)
        assert period.start.day == min(starts_on.day, calendar.monthrange(year, month)[1])


@given(schedules(), st.integers(min_value=0, max_value=900))
def test_pro_rating_never_pays_more_than_whole_periods(schedule: ScheduleTerms, span: int) -> None:
    periods = _periods(schedule, span)
    assert sum(p.amount for p in periods) <= sum(schedule.amount_on(p.start) for p in periods)
    for period in periods:
        in_force = schedule.amount_on(period.start)
        assert 0 <= period.amount <= in_force
        # The same period, whatever date the periods are listed up to.
        assert period in schedule.periods(starting_by=period.start + timedelta(days=400))
    if periods and schedule.ends_on is not None and periods[-1].end == schedule.ends_on:
        last = periods[-1]
        covered = (last.end - last.start).days + 1
        if schedule.every is not Every.MONTH:
            assert last.amount == schedule.amount_on(last.start) * covered // PERIOD_DAYS[schedule.every]


@given(schedules(), st.integers(min_value=0, max_value=900), st.integers(min_value=0, max_value=400))
def test_what_is_due_by_a_later_date_begins_with_what_was_due_earlier(schedule: ScheduleTerms, first: int,
                                                                      more: int) -> None:
    earlier = schedule.due_by(schedule.starts_on + timedelta(days=first))
    later = schedule.due_by(schedule.starts_on + timedelta(days=first + more))
    assert later[:len(earlier)] == earlier


@given(schedules(), st.integers(min_value=-10, max_value=900))
def test_everything_due_is_due_by_the_date_and_the_next_period_is_not(schedule: ScheduleTerms, offset: int) -> None:
    as_of = schedule.starts_on + timedelta(days=offset)
    owed = schedule.due_by(as_of)
    assert all(f.due_on <= as_of and f.amount > 0 for f in owed)
    assert [f.kind for f in owed].count(FundingKind.OPENING_FLOAT) == (1 if schedule.opening_float and offset >= 0 else 0)
    owed_periods = [f for f in owed if f.kind is FundingKind.PERIOD]
    assert all(f.due_on == (f.start if schedule.in_advance else f.end) for f in owed_periods)
    # The first period not owed is either not yet due, past ends_on, or worth nothing.
    following = [p for p in schedule.periods(starting_by=as_of + timedelta(days=40))
                 if not owed_periods or p.start > owed_periods[-1].start]
    if following and following[0].amount > 0:
        assert following[0].due_on > as_of

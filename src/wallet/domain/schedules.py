"""Funding schedules: how often a wallet is paid, which periods fall due by a date, and how much
each one pays.

Periods start at ``starts_on`` plus a whole number of weeks (1, 2 or 4), or for a monthly
schedule on the same day of each month, clamped to the month's end. Each start is computed from
``starts_on`` afresh: chaining clamped dates would drift (31 Jan, 28 Feb, 28 Mar, ...). A period
ends the day before the next one starts.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from itertools import count

from wallet.domain.errors import Conflict, InvalidInput, NotFound

# How far ahead of today a funding run may look: paying in advance means days or weeks early,
# never years, and a date typed wrongly should not pay a decade of periods.
MAX_DAYS_AHEAD = 366

ONE_DAY = timedelta(days=1)


class Every(StrEnum):
    WEEK = "1w"
    FORTNIGHT = "2w"
    FOUR_WEEKS = "4w"
    MONTH = "1m"


PERIOD_DAYS = {Every.WEEK: 7, Every.FORTNIGHT: 14, Every.FOUR_WEEKS: 28}


def weekly_equivalent(amount: int, every: Every) -> int:
    """The weekly budget a schedule amounts to, rounded down (a month is 52/12 weeks)."""
    if every is Every.MONTH:
        return amount * 12 // 52
    return amount // {Every.WEEK: 1, Every.FORTNIGHT: 2, Every.FOUR_WEEKS: 4}[every]


# --- errors ---------------------------------------------------------------------------------


class ScheduleNotFound(NotFound):
    type = "schedule-not-found"
    title = "Schedule not found"


class ScheduleStartsBeforeWallet(InvalidInput):
    type = "schedule-starts-before-wallet"
    title = "A schedule cannot start before its wallet opened"


class ScheduleEndsBeforeStart(InvalidInput):
    type = "schedule-ends-before-start"
    title = "A schedule cannot end before it starts"


class AmountChangeOutsideSchedule(InvalidInput):
    type = "amount-change-outside-schedule"
    title = "An amount change takes effect on a date within the schedule"


class AmountChangeExists(Conflict):
    type = "amount-change-exists"
    title = "This schedule already has an amount change from that date"


class FundingRunTooFarAhead(InvalidInput):
    type = "funding-run-too-far-ahead"
    title = f"A funding run may look at most {MAX_DAYS_AHEAD} days ahead"


class PeriodAlreadyPaid(Conflict):
    type = "period-already-paid"
    title = "This period has already been paid; another funding run got there first"


class ScheduleAlreadyEnds(Conflict):
    type = "schedule-already-ends"
    title = "This schedule already ends on or before that date; an end date only ever moves earlier"


class EndChangesPaidPeriod(Conflict):
    type = "end-changes-paid-period"
    title = "Ending the schedule then would cut short or remove a period already paid; reverse that payment first"


# --- period arithmetic ----------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_start(starts_on: date, every: Every, index: int) -> date:
    if every is Every.MONTH:
        return add_months(starts_on, index)
    return starts_on + timedelta(days=PERIOD_DAYS[every] * index)


class FundingKind(StrEnum):
    PERIOD = "period"
    OPENING_FLOAT = "opening_float"


@dataclass(frozen=True, slots=True)
class AmountChange:
    effective_from: date
    amount: int


@dataclass(frozen=True, slots=True)
class Funding:
    """One payment a schedule owes: a period's money, or the opening float."""

    kind: FundingKind
    start: date
    end: date
    due_on: date
    amount: int


@dataclass(frozen=True, slots=True)
class ScheduleTerms:
    amount: int
    every: Every
    in_advance: bool
    starts_on: date
    ends_on: date | None = None
    opening_float: int | None = None
    changes: tuple[AmountChange, ...] = ()

    def check(self, opened_on: date) -> None:
        if self.starts_on < opened_on:
            raise ScheduleStartsBeforeWallet(
                f"starts_on {self.starts_on} is before the wallet opened on {opened_on}",
                starts_on=str(self.starts_on), opened_on=str(opened_on))
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ScheduleEndsBeforeStart(
                f"ends_on {self.ends_on} is before starts_on {self.starts_on}",
                starts_on=str(self.starts_on), ends_on=str(self.ends_on))

    def check_change(self, effective_from: date) -> None:
        if effective_from < self.starts_on or (self.ends_on is not None and effective_from > self.ends_on):
            raise AmountChangeOutsideSchedule(
                f"effective_from {effective_from} is outside the schedule "
                f"({self.starts_on} to {self.ends_on or 'no end'})",
                effective_from=str(effective_from), starts_on=str(self.starts_on),
                ends_on=str(self.ends_on) if self.ends_on else None)

    def until(self, last_day: date | None) -> ScheduleTerms:
        """These terms cut short at ``last_day`` (a wallet's end date, or the day the funder
        ended the schedule): later periods are not paid and the one running over it is
        pro-rated, as for ``ends_on``."""
        ends_on = earlier_end(self.ends_on, last_day)
        return self if ends_on == self.ends_on else replace(self, ends_on=ends_on)

    def amount_on(self, start: date) -> int:
        """The amount in force for a period starting on ``start``: the latest change from on or
        before it, else the schedule's own amount."""
        in_force = [c for c in self.changes if c.effective_from <= start]
        return max(in_force, key=lambda c: c.effective_from).amount if in_force else self.amount

    def periods(self, *, starting_by: date) -> Iterator[Funding]:
        """The periods that start on or before ``starting_by`` (and on or before ends_on), in order."""
        for index in count():
            start = period_start(self.starts_on, self.every, index)
            if start > starting_by or (self.ends_on is not None and start > self.ends_on):
                return
            yield self._period(start, period_start(self.starts_on, self.every, index + 1) - ONE_DAY)

    def _period(self, start: date, natural_end: date) -> Funding:
        amount = self.amount_on(start)
        end = natural_end
        if self.ends_on is not None and self.ends_on < natural_end:
            end = self.ends_on
            # Pro-rated by days, rounded down: a part-period never pays more than the days it
            # covers, and the penny lost to rounding is never invented.
            amount = amount * ((end - start).days + 1) // ((natural_end - start).days + 1)
        due_on = start if self.in_advance else end
        return Funding(FundingKind.PERIOD, start, end, due_on, amount)

    def due_by(self, as_of: date) -> list[Funding]:
        """Everything owed by ``as_of``: the opening float once the schedule has started, then
        each period whose due date (its start in advance, its end in arrears) is on or before it.

        Due dates rise with each period, so what is due by a later date always begins with what
        was due by an earlier one: a run never finds an older period it had not seen before.
        Periods (or floats) that come to nothing after rounding are not owed.
        """
        owed: list[Funding] = []
        started = self.starts_on <= as_of and (self.ends_on is None or self.starts_on <= self.ends_on)
        if self.opening_float and started:
            owed.append(Funding(FundingKind.OPENING_FLOAT, self.starts_on, self.starts_on,
                                self.starts_on, self.opening_float))
        for period in self.periods(starting_by=as_of):
            if period.due_on > as_of:
                break
            if period.amount > 0:
                owed.append(period)
        return owed


def earlier_end(ends_on: date | None, last_day: date | None) -> date | None:
    """The earlier of two end dates, either of which may be open (``None``)."""
    if ends_on is None or (last_day is not None and last_day < ends_on):
        return last_day
    return ends_on


# --- ending a schedule later on -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaidPeriod:
    """A period as it was paid (for one member, for a pool contribution schedule)."""

    start: date
    end: date
    transaction_id: str
    wallet_id: str | None = None


def check_end(schedule_id: str, *, starts_on: date, ends_on: date | None, new_end: date,
              paid: Iterable[PaidPeriod]) -> None:
    """Whether a schedule running from ``starts_on`` to ``ends_on`` (its end in force, if any) may
    be ended on ``new_end``, given the periods it has paid that still stand.

    An end date only ever moves earlier. Moving it later would pay again money the funder
    decided to stop paying, without the record a new schedule makes (its own creation in the
    audit trail, its own terms); so to pay again, the funder sets up a new schedule. Moving it
    earlier again is allowed, so an end found to be too late after a review can be corrected;
    each move is its own entry in the audit trail.

    A paid period that the new end would remove (it starts after ``new_end``) or cut short (it
    runs past ``new_end``) is refused rather than left contradicting the terms: the payer
    reverses that payment first, and the next run pays the pro-rated part.
    """
    if new_end < starts_on:
        raise ScheduleEndsBeforeStart(
            f"ends_on {new_end} is before starts_on {starts_on}", starts_on=str(starts_on), ends_on=str(new_end))
    if ends_on is not None and new_end >= ends_on:
        raise ScheduleAlreadyEnds(
            f"schedule {schedule_id} already ends on {ends_on}; to pay after it, set up a new schedule",
            schedule_id=schedule_id, ends_on=str(ends_on), requested_ends_on=str(new_end))
    changed = sorted((p for p in paid if p.end > new_end), key=lambda p: (p.start, p.wallet_id or ""))
    if changed:
        first = changed[0]
        whose = f" for wallet {first.wallet_id}" if first.wallet_id else ""
        raise EndChangesPaidPeriod(
            f"schedule {schedule_id} has paid the period {first.start} to {first.end}{whose} "
            f"(transaction {first.transaction_id}); ending it on {new_end} would change that period: "
            f"reverse {'that payment' if len(changed) == 1 else f'the {len(changed)} payments listed'} first",
            schedule_id=schedule_id, ends_on=str(new_end), period_start=str(first.start),
            period_end=str(first.end), transaction_id=first.transaction_id,
            paid_periods=[{"period_start": str(p.start), "period_end": str(p.end),
                           "transaction_id": p.transaction_id,
                           **({"wallet_id": p.wallet_id} if p.wallet_id else {})} for p in changed])


def check_run_date(as_of: date, today: date) -> None:
    if (as_of - today).days > MAX_DAYS_AHEAD:
        raise FundingRunTooFarAhead(
            f"as_of {as_of} is more than {MAX_DAYS_AHEAD} days after today ({today})",
            as_of=str(as_of), today=str(today))

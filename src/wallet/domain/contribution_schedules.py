"""Scheduled pool contributions: what each member of a pool owes into it, period by period.

A contribution schedule is the recurring form of a one-off contribution: from one member, or from
every member by their share. Its periods are a funding schedule's (``ScheduleTerms``), always in
advance: each period's contribution is due on its first day, and a final period cut short by
``ends_on`` is pro-rated by days, as a funding is.

Who owes a period is decided by who was in the pool on its first day, so the answer is the same
whichever funder's run asks: a pool may mix members of different funders, and each funder's run
makes only its own members' contributions, with the same parts the others' runs compute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from wallet.domain.pools import Member, Split, split_amount
from wallet.domain.schedules import Every, ScheduleEndsBeforeStart, ScheduleTerms, earlier_end


@dataclass(frozen=True, slots=True)
class DueContribution:
    """One member's contribution for one period."""

    member: Member
    period_start: date
    period_end: date
    amount: int

    @property
    def wallet_id(self) -> str:
        return self.member.wallet_id

    @property
    def due_on(self) -> date:
        return self.period_start  # in advance


@dataclass(frozen=True, slots=True)
class ContributionTerms:
    every: Every
    starts_on: date
    ends_on: date | None = None
    wallet_id: str | None = None  # one member; None for every member by their share
    amount: int | None = None  # that member's amount, or the total to split; None: each fixed amount

    def check(self) -> None:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ScheduleEndsBeforeStart(
                f"ends_on {self.ends_on} is before starts_on {self.starts_on}",
                starts_on=str(self.starts_on), ends_on=str(self.ends_on))

    def until(self, last_day: date | None) -> ContributionTerms:
        """These terms cut short at ``last_day`` (the day the holder ended the schedule), as a
        funding schedule's are."""
        ends_on = earlier_end(self.ends_on, last_day)
        return self if ends_on == self.ends_on else replace(self, ends_on=ends_on)

    def _periods(self, amount: int, as_of: date) -> list[tuple[date, date, int]]:
        # The funding schedule's own period arithmetic, so both kinds of schedule agree on every date.
        terms = ScheduleTerms(amount=amount, every=self.every, in_advance=True, starts_on=self.starts_on,
                              ends_on=self.ends_on)
        return [(period.start, period.end, period.amount) for period in terms.due_by(as_of)]

    def due_by(self, split: Split, members: Sequence[Member], as_of: date) -> list[DueContribution]:
        """Every member's contribution due on or before ``as_of``, in period order.

        ``members`` is the pool's whole membership history, leavers included: a period is split
        over the members in the pool on its first day, even if some have left since, so that
        every run computes the same parts."""
        if self.amount is None:
            return self._fixed_amounts(members, as_of)
        due = []
        for start, end, amount in self._periods(self.amount, as_of):
            active = [m for m in members if m.active_on(start)]
            if self.wallet_id is not None:
                parts = {m.wallet_id: amount for m in active if m.wallet_id == self.wallet_id}
            else:
                parts = split_amount(amount, split, active) if active else {}
            due += [DueContribution(m, start, end, parts[m.wallet_id])
                    for m in sorted(active, key=lambda m: m.wallet_id) if parts.get(m.wallet_id)]
        return due

    def _fixed_amounts(self, members: Sequence[Member], as_of: date) -> list[DueContribution]:
        # A pool split by fixed amounts: each member puts in their own agreed amount each period.
        due = [DueContribution(member, start, end, amount)
               for member in members if member.fixed_amount
               for start, end, amount in self._periods(member.fixed_amount, as_of)
               if member.active_on(start)]
        return sorted(due, key=lambda d: (d.period_start, d.wallet_id))

"""Pool contribution schedules, and the contributions they have made."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError

from wallet.domain.contribution_schedules import ContributionTerms
from wallet.domain.errors import Conflict
from wallet.domain.schedules import Every, PaidPeriod
from wallet.persistence.columns import PAID, REVERSED
from wallet.persistence.pool_tables import pool_contribution_schedules, pool_members, pool_scheduled_contributions
from wallet.persistence.repository import Repository, new_id, new_ids, page
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import wallets

schedules = pool_contribution_schedules
made = pool_scheduled_contributions


class ContributionAlreadyMade(Conflict):
    type = "contribution-already-made"
    title = "This member's contribution for the period has already been made; another run got there first"


@dataclass(frozen=True, slots=True)
class ContributionScheduleRecord:
    """A schedule with the terms in force: ``terms.ends_on`` is its effective end, the earlier
    of the end it was set up with (``ends_on_as_created``) and the day it was ended (``ended_on``)."""

    id: str
    pool_id: str
    terms: ContributionTerms
    created_at: datetime
    ends_on_as_created: date | None
    ended_on: date | None
    ended_at: datetime | None


def _record(row: Any) -> ContributionScheduleRecord:
    return ContributionScheduleRecord(
        id=row.id, pool_id=row.pool_id, created_at=row.created_at,
        terms=ContributionTerms(every=Every(row.every), starts_on=row.starts_on, ends_on=row.ends_on,
                                wallet_id=row.wallet_id, amount=row.amount).until(row.ended_on),
        ends_on_as_created=row.ends_on, ended_on=row.ended_on, ended_at=row.ended_at,
    )


class ContributionScheduleRepository(Repository):
    # --- schedules ------------------------------------------------------------------------

    def add(self, pool_id: str, terms: ContributionTerms) -> ContributionScheduleRecord:
        schedule_id = new_id()
        self._insert(schedules, id=schedule_id, pool_id=pool_id, wallet_id=terms.wallet_id, amount=terms.amount,
                     every=terms.every.value, starts_on=terms.starts_on, ends_on=terms.ends_on, created_at=utc_now())
        return self.get(schedule_id)  # type: ignore[return-value]

    def get(self, schedule_id: str, *, lock: bool = False) -> ContributionScheduleRecord | None:
        return self._by_id(schedules, schedule_id, _record, lock=lock)

    def of_pool(self, pool_id: str, *, wallet_ids: Collection[str] | None = None, after_id: str | None = None,
                limit: int = 50) -> list[ContributionScheduleRecord]:
        """The pool's schedules; with ``wallet_ids``, only those for every member or for one of them."""
        query = page(select(schedules).where(schedules.c.pool_id == pool_id), schedules.c.id,
                     after=after_id, limit=limit)
        if wallet_ids is not None:
            query = query.where(or_(schedules.c.wallet_id.is_(None), schedules.c.wallet_id.in_(list(wallet_ids))))
        return self._all(query, _record)

    def end(self, schedule_id: str, ended_on: date) -> None:
        """Record the day the holder ended the schedule; its own terms stay as they were set up."""
        self._update(schedules, schedules.c.id == schedule_id, ended_on=ended_on, ended_at=utc_now())

    def _of_funder(self, funder_id: str) -> Any:
        # Schedules of every pool the funder has (or had) a member in: its members may owe them.
        funded_pools = (select(pool_members.c.pool_id).join(wallets, wallets.c.id == pool_members.c.wallet_id)
                        .where(wallets.c.funder_id == funder_id))
        return select(schedules).where(schedules.c.pool_id.in_(funded_pools)).order_by(schedules.c.id)

    def ids_of_funder(self, funder_id: str) -> list[str]:
        return [r.id for r in self._all(self._of_funder(funder_id), _record)]

    def lock_of_funder(self, funder_id: str) -> list[ContributionScheduleRecord]:
        """Locked in id order (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers),
        so two runs touching the same pool take turns."""
        return self._all(self._of_funder(funder_id).with_for_update(), _record)

    # --- contributions made ---------------------------------------------------------------

    def paid(self, schedule_ids: Sequence[str]) -> set[tuple[str, str, date]]:
        """(schedule, member wallet, period start) of every contribution made that still stands."""
        if not schedule_ids:
            return set()
        rows = self.session.execute(
            select(made.c.schedule_id, made.c.wallet_id, made.c.period_start)
            .where(made.c.schedule_id.in_(list(schedule_ids)), made.c.status == PAID))
        return {(schedule_id, wallet_id, start) for schedule_id, wallet_id, start in rows}

    def paid_periods(self, schedule_id: str) -> list[PaidPeriod]:
        """Each member's contributions the schedule has made that still stand, as they were made."""
        rows = self.session.execute(
            select(made.c.period_start, made.c.period_end, made.c.transaction_id, made.c.wallet_id)
            .where(made.c.schedule_id == schedule_id, made.c.status == PAID)
            .order_by(made.c.period_start, made.c.wallet_id))
        return [PaidPeriod(start, end, transaction_id, wallet_id) for start, end, transaction_id, wallet_id in rows]

    def record(self, schedule_id: str, wallet_id: str, period_start: date, period_end: date,
               transaction_id: str) -> None:
        self.record_many([(schedule_id, wallet_id, period_start, period_end, transaction_id)])

    def record_many(self, contributions: Sequence[tuple[str, str, date, date, str]]) -> None:
        """(schedule, member wallet, period start, period end, transaction) of each contribution
        made, in one statement."""
        now = utc_now()
        try:
            with self.session.begin_nested():
                self.session.execute(insert(made), [
                    {"id": contribution_id, "schedule_id": schedule_id, "wallet_id": wallet_id,
                     "period_start": start, "period_end": end, "transaction_id": transaction_id,
                     "status": PAID, "created_at": now}
                    for contribution_id, (schedule_id, wallet_id, start, end, transaction_id)
                    in zip(new_ids(len(contributions)), contributions, strict=True)])
        except IntegrityError:
            # The runs' locks should make this unreachable; the partial unique index is the
            # backstop, and the caller's whole transaction (the contributions too) must roll back.
            schedule_id, wallet_id, start, _, _ = contributions[0]
            detail = (f"schedule {schedule_id} has already made {wallet_id}'s contribution for {start}"
                      if len(contributions) == 1 else
                      f"one of {len(contributions)} contributions had already been made (the first of them: "
                      f"schedule {schedule_id}, {wallet_id}, {start})")
            raise ContributionAlreadyMade(detail, schedule_id=schedule_id, wallet_id=wallet_id,
                                          period_start=str(start)) from None

    def mark_reversed(self, transaction_id: str) -> None:
        """A reversed scheduled contribution frees its period, so a later run makes it again."""
        self._update(made, made.c.transaction_id == transaction_id, made.c.status == PAID, status=REVERSED)

"""Funding schedules, their amount changes, and the periods they have paid."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError

from wallet.domain.schedules import (
    ONE_DAY,
    AmountChange,
    AmountChangeExists,
    Every,
    Funding,
    FundingKind,
    PaidPeriod,
    PeriodAlreadyPaid,
    ScheduleTerms,
    weekly_equivalent,
)
from wallet.domain.wallets import Source
from wallet.persistence.batch_reads import for_each, found_columns
from wallet.persistence.batch_writes import schedule_payment_rows
from wallet.persistence.bulk_rows import EncodedRows
from wallet.persistence.columns import PAID, REVERSED
from wallet.persistence.repository import Repository, new_id, new_ids, page
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import schedule_amount_changes, schedule_payments, schedules


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    """A schedule with the terms in force: ``terms.ends_on`` is its effective end, the earlier
    of the end it was set up with (``ends_on_as_created``) and the day it was ended (``ended_on``)."""

    id: str
    wallet_id: str
    funder_id: str
    source: Source
    terms: ScheduleTerms
    created_at: datetime
    ends_on_as_created: date | None
    ended_on: date | None
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class PaidFundings:
    """What a schedule has paid and not had reversed."""

    period_starts: frozenset[date] = frozenset()
    opening_float: bool = False

    def includes(self, funding: Funding) -> bool:
        if funding.kind is FundingKind.OPENING_FLOAT:
            return self.opening_float
        return funding.start in self.period_starts


@dataclass
class _PaidBuilder:
    period_starts: set[date] = field(default_factory=set)
    opening_float: bool = False


_NOTHING_PAID = PaidFundings()


def _float_key(starts_on: date) -> date:
    # The opening float is recorded against the day before the schedule starts, a day no period
    # can start on, so the one-payment-per-period unique index guards the float as well.
    return starts_on - ONE_DAY


# Enum members by value: ``Source(value)`` costs a microsecond and more, and a funding run reads a
# whole book's schedules. Anything else still goes through the enum, to be refused as before.
_SOURCES = {source.value: source for source in Source}
_EVERY = {every.value: every for every in Every}
# A schedule's columns in the order ``_record`` takes them: picked from a row in one call, where
# reading a row's columns one by one by name cost 0.3 microseconds each.
_COLUMNS = ("id", "wallet_id", "funder_id", "source", "amount", "every", "in_advance", "starts_on", "ends_on",
            "opening_float", "created_at", "ended_on", "ended_at")


def _columns_of(keys: Iterable[str]) -> Callable[[Any], tuple[Any, ...]]:
    names = list(keys)
    return itemgetter(*(names.index(name) for name in _COLUMNS))


def _record(values: tuple[Any, ...], changes: Mapping[str, list[AmountChange]]) -> ScheduleRecord:
    (schedule_id, wallet_id, funder_id, source, amount, every, in_advance, starts_on, ends_on, opening_float,
     created_at, ended_on, ended_at) = values
    terms = ScheduleTerms(amount=amount, every=_EVERY.get(every) or Every(every), in_advance=bool(in_advance),
                          starts_on=starts_on, ends_on=ends_on, opening_float=opening_float,
                          changes=tuple(changes.get(schedule_id, ())))
    return ScheduleRecord(id=schedule_id, wallet_id=wallet_id, funder_id=funder_id,
                          source=_SOURCES.get(source) or Source(source), terms=terms.until(ended_on),
                          created_at=created_at, ends_on_as_created=ends_on, ended_on=ended_on, ended_at=ended_at)


class ScheduleRepository(Repository):
    # --- schedules ------------------------------------------------------------------------

    def add(self, *, wallet_id: str, funder_id: str, source: Source, terms: ScheduleTerms) -> ScheduleRecord:
        schedule_id = new_id()
        self._insert(schedules, id=schedule_id, wallet_id=wallet_id, funder_id=funder_id, amount=terms.amount,
                     source=source.value, every=terms.every.value, in_advance=terms.in_advance,
                     starts_on=terms.starts_on, ends_on=terms.ends_on, opening_float=terms.opening_float,
                     created_at=utc_now())
        return self.get(schedule_id)  # type: ignore[return-value]

    def move_to(self, old_wallet_id: str, new_wallet_id: str) -> int:
        """Schedules follow a person to their new wallet. What was paid stays recorded against the
        schedule, so a period is still never paid twice and none is skipped."""
        return self._update(schedules, schedules.c.wallet_id == old_wallet_id, wallet_id=new_wallet_id)

    def get(self, schedule_id: str, *, lock: bool = False) -> ScheduleRecord | None:
        query = select(schedules).where(schedules.c.id == schedule_id)
        found = self._records(query.with_for_update() if lock else query)
        return found[0] if found else None

    def of_wallet(self, wallet_id: str, *, after_id: str | None = None, limit: int = 50) -> list[ScheduleRecord]:
        return self._records(page(select(schedules).where(schedules.c.wallet_id == wallet_id), schedules.c.id,
                                  after=after_id, limit=limit))

    def ids_of_funder(self, funder_id: str) -> list[str]:
        return list(self.session.execute(
            select(schedules.c.id).where(schedules.c.funder_id == funder_id).order_by(schedules.c.id)
        ).scalars())

    def lock_of_funder(self, funder_id: str) -> list[ScheduleRecord]:
        """Every schedule of the funder, locked in id order (PostgreSQL; SQLite's BEGIN
        IMMEDIATE already serialises writers), so two funding runs take turns."""
        return self._records(
            select(schedules).where(schedules.c.funder_id == funder_id).order_by(schedules.c.id).with_for_update(),
            changes_of=select(schedules.c.id).where(schedules.c.funder_id == funder_id),
        )

    def lock_many(self, schedule_ids: Sequence[str]) -> list[ScheduleRecord]:
        """These schedules, locked in id order (a batch of a run that commits batch by batch)."""
        if not schedule_ids:
            return []
        return self._records(select(schedules).where(schedules.c.id.in_(sorted(set(schedule_ids))))
                             .order_by(schedules.c.id).with_for_update())

    def end(self, schedule_id: str, ended_on: date) -> None:
        """Record the day the funder ended the schedule; its own terms stay as they were set up."""
        self._update(schedules, schedules.c.id == schedule_id, ended_on=ended_on, ended_at=utc_now())

    def _records(self, query: Any, *, changes_of: Any = None) -> list[ScheduleRecord]:
        """``changes_of``: a select of the schedules' ids, for a list too long to name one by one."""
        result = self.session.execute(query)
        columns = _columns_of(result.keys())
        rows = [columns(row) for row in result]
        # Most schedules never change amount: lists only for those that do (a whole book is
        # 120,000 schedules, and an empty list each cost a fifth of a second).
        changes: dict[str, list[AmountChange]] = {}
        if rows:
            for change in self.session.execute(
                select(schedule_amount_changes).where(schedule_amount_changes.c.schedule_id.in_(
                    [row[0] for row in rows] if changes_of is None else changes_of))
                .order_by(schedule_amount_changes.c.effective_from)
            ):
                changes.setdefault(change.schedule_id, []).append(AmountChange(change.effective_from, change.amount))
        return [_record(row, changes) for row in rows]

    def add_amount_change(self, schedule_id: str, change: AmountChange) -> None:
        try:
            with self.session.begin_nested():
                self.session.execute(insert(schedule_amount_changes).values(
                    schedule_id=schedule_id, effective_from=change.effective_from, amount=change.amount,
                    created_at=utc_now(),
                ))
        except IntegrityError:
            raise AmountChangeExists(
                f"schedule {schedule_id} already changes amount from {change.effective_from}",
                schedule_id=schedule_id, effective_from=str(change.effective_from),
            ) from None

    # --- payments -------------------------------------------------------------------------

    def paid(self, schedule_list: Sequence[ScheduleRecord], *, of_funder: str | None = None) -> dict[str, PaidFundings]:
        """For each schedule, what it has paid that still stands (reversed payments do not).
        ``of_funder``: the schedules are that funder's, read by funder rather than one by one."""
        starts_on = {s.id: s.terms.starts_on for s in schedule_list}
        # Only schedules that have paid something get sets of their own; the rest share one
        # nothing-paid value (immutable): a book's first run has 120,000 of them.
        found: dict[str, _PaidBuilder] = {}
        if starts_on:
            which = (schedule_payments.c.schedule_id.in_(list(starts_on)) if of_funder is None else
                     schedule_payments.c.schedule_id.in_(select(schedules.c.id)
                                                         .where(schedules.c.funder_id == of_funder)))
            rows = self.session.execute(
                select(schedule_payments.c.schedule_id, schedule_payments.c.period_start).where(
                    which, schedule_payments.c.status == PAID)
            )
            for schedule_id, start in rows:
                if schedule_id not in starts_on:
                    continue
                builder = found.get(schedule_id) or found.setdefault(schedule_id, _PaidBuilder())
                if start == _float_key(starts_on[schedule_id]):
                    builder.opening_float = True
                else:
                    builder.period_starts.add(start)
        return {k: (PaidFundings(frozenset(found[k].period_starts), found[k].opening_float) if k in found
                    else _NOTHING_PAID) for k in starts_on}

    def paid_periods(self, schedule: ScheduleRecord) -> list[PaidPeriod]:
        """The periods the schedule has paid that still stand, as they were paid (not the float)."""
        rows = self.session.execute(
            select(schedule_payments.c.period_start, schedule_payments.c.period_end, schedule_payments.c.transaction_id)
            .where(schedule_payments.c.schedule_id == schedule.id, schedule_payments.c.status == PAID,
                   schedule_payments.c.period_start != _float_key(schedule.terms.starts_on))
            .order_by(schedule_payments.c.period_start)
        )
        return [PaidPeriod(start, end, transaction_id) for start, end, transaction_id in rows]

    def record_payment(self, schedule: ScheduleRecord, funding: Funding, transaction_id: str) -> None:
        if funding.kind is FundingKind.OPENING_FLOAT:
            start = end = _float_key(schedule.terms.starts_on)
        else:
            start, end = funding.start, funding.end
        try:
            with self.session.begin_nested():
                self.session.execute(insert(schedule_payments).values(
                    id=new_id(), schedule_id=schedule.id, period_start=start, period_end=end,
                    transaction_id=transaction_id, status=PAID, created_at=utc_now(),
                ))
        except IntegrityError:
            # The runs' locks should make this unreachable; the partial unique index is the
            # backstop, and the caller's whole transaction (the funding too) must roll back.
            raise PeriodAlreadyPaid(
                f"schedule {schedule.id} has already paid the {funding.kind.value} from {funding.start}",
                schedule_id=schedule.id, period_start=str(funding.start),
            ) from None

    def record_payments(self, paid: Sequence[tuple[ScheduleRecord, Funding, str]]) -> None:
        """Many payments in one statement (a bulk run)."""
        self.insert_payments(self.payment_rows(paid))

    def payment_rows(self, paid: Sequence[tuple[ScheduleRecord, Funding, str]]) -> EncodedRows | None:
        """``record_payments`` up to its write: the rows, encoded (a run writing behind makes them
        while the batch before is written)."""
        if not paid:
            return None
        now = utc_now()
        rows = []
        for (schedule, funding, transaction_id), row_id in zip(paid, new_ids(len(paid)), strict=True):
            start, end = ((_float_key(schedule.terms.starts_on),) * 2 if funding.kind is FundingKind.OPENING_FLOAT
                          else (funding.start, funding.end))
            rows.append({"id": row_id, "schedule_id": schedule.id, "period_start": start, "period_end": end,
                         "transaction_id": transaction_id, "status": PAID, "created_at": now})
        return schedule_payment_rows(self.session, rows)

    def insert_payments(self, rows: EncodedRows | None) -> None:
        """The runs' locks make a duplicate unreachable; should the unique index refuse one all the
        same, the whole run rolls back."""
        if rows is None:
            return
        # The driver's own refusal too: the rows go by COPY, under SQLAlchemy.
        refused = (IntegrityError, self.session.connection().dialect.dbapi.IntegrityError)
        try:
            # No savepoint: the refusal ends the run's whole database transaction anyway, and
            # ending a savepoint would drop the run's memory of the accounts it holds locked.
            rows.send(self.session)
        except refused:
            raise PeriodAlreadyPaid(f"a period of {len(rows.rows)} being paid has already been paid; nothing was paid",
                                    schedules=len(rows.rows)) from None

    def mark_reversed(self, transaction_id: str) -> None:
        """A reversed funding frees its period, so a later run pays it again."""
        self._update(schedule_payments, schedule_payments.c.transaction_id == transaction_id,
                     schedule_payments.c.status == PAID, status=REVERSED)

    # --- budgets --------------------------------------------------------------------------

    def weekly_budgets(self, wallet_ids: Sequence[str], on: date) -> dict[str, int]:
        """``weekly_budget`` for many wallets, in one read."""
        found = {wallet_id: 0 for wallet_id in wallet_ids}
        if not wallet_ids:
            return found
        # Each wallet's schedules as index lookups (batch_reads): as IN lists of a batch's ids they
        # cost more to send than to find, and scanned an unanalysed book. The amount in force on
        # ``on`` (the latest change by then, if any) is found beside each schedule: a second read
        # of the batch's schedule ids cost as much as the first, and most books have no changes.
        in_force = (select(schedule_amount_changes.c.amount)
                    .where(schedule_amount_changes.c.schedule_id == schedules.c.id,
                           schedule_amount_changes.c.effective_from <= on)
                    .order_by(schedule_amount_changes.c.effective_from.desc()).limit(1)
                    .scalar_subquery().label("changed_amount"))
        source = for_each(self.session, list(wallet_ids), lambda where: select(
            schedules.c.wallet_id, schedules.c.amount, schedules.c.every, in_force).where(
            where(schedules.c.wallet_id), schedules.c.starts_on <= on,
            or_(schedules.c.ends_on.is_(None), schedules.c.ends_on >= on),
            or_(schedules.c.ended_on.is_(None), schedules.c.ended_on >= on)))
        read = found_columns(source)
        for wallet_id, amount, every, changed in self.session.execute(
                select(read.wallet_id, read.amount, read.every, read.changed_amount).select_from(source)):
            found[wallet_id] += weekly_equivalent(changed or amount, Every(every))
        return found

    def weekly_budget(self, wallet_id: str, on: date) -> int:
        """The wallet's budget per week from the schedules running on ``on``, at the amount then in force."""
        rows = self.session.execute(
            select(schedules.c.id, schedules.c.amount, schedules.c.every).where(
                schedules.c.wallet_id == wallet_id, schedules.c.starts_on <= on,
                or_(schedules.c.ends_on.is_(None), schedules.c.ends_on >= on),
                or_(schedules.c.ended_on.is_(None), schedules.c.ended_on >= on),
            )
        ).all()
        total = 0
        for schedule_id, amount, every in rows:
            changed = self.session.execute(
                select(schedule_amount_changes.c.amount).where(
                    schedule_amount_changes.c.schedule_id == schedule_id,
                    schedule_amount_changes.c.effective_from <= on,
                ).order_by(schedule_amount_changes.c.effective_from.desc()).limit(1)
            ).scalar_one_or_none()
            total += weekly_equivalent(changed or amount, Every(every))
        return total

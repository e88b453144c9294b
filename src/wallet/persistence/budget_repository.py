"""Planned budgets, the opening floats a wallet was paid, and surplus netted off its fundings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wallet.domain.netting import Owed
from wallet.domain.planned_budgets import BudgetEvery, PlannedBudget, PlannedBudgetExists, weekly_budget
from wallet.domain.schedules import ONE_DAY
from wallet.domain.wallets import Source
from wallet.persistence.batch_reads import for_each, found_columns
from wallet.persistence.budget_tables import net_off_settlements, net_offs, planned_budgets
from wallet.persistence.columns import PAID
from wallet.persistence.repository import MANY_WALLETS, Repository, new_id
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import schedule_payments, schedules


@dataclass(frozen=True, slots=True)
class NetOffRecord:
    id: str
    wallet_id: str
    funder_id: str
    close_id: str
    close_transaction_id: str
    amount: int
    netted: int
    status: str

    @property
    def remaining(self) -> int:
        return self.amount - self.netted if self.status == "open" else 0


@dataclass(frozen=True, slots=True)
class NettedPeriod:
    id: str
    net_off_id: str
    transaction_id: str
    funding_transaction_id: str
    period_start: date
    period_end: date
    amount: int
    status: str


def _net_off(row: Any) -> NetOffRecord:
    return NetOffRecord(row.id, row.wallet_id, row.funder_id, row.close_id, row.close_transaction_id, row.amount,
                        row.netted, row.status)


def _netted(row: Any) -> NettedPeriod:
    return NettedPeriod(row.id, row.net_off_id, row.transaction_id, row.funding_transaction_id, row.period_start,
                        row.period_end, row.amount, row.status)


class PlannedBudgetRepository(Repository):
    def add(self, wallet_id: str, budget: PlannedBudget) -> None:
        try:
            with self.session.begin_nested():
                self.session.execute(planned_budgets.insert().values(
                    wallet_id=wallet_id, effective_from=budget.effective_from, amount=budget.amount,
                    every=budget.every.value, created_at=utc_now()))
        except IntegrityError:
            raise PlannedBudgetExists(
                f"wallet {wallet_id} already has a planned budget from {budget.effective_from}",
                wallet_id=wallet_id, effective_from=str(budget.effective_from)) from None

    def of_wallet(self, wallet_id: str) -> list[PlannedBudget]:
        return self.of_wallets([wallet_id])[wallet_id]

    def of_wallets(self, wallet_ids: Sequence[str]) -> dict[str, list[PlannedBudget]]:
        """Each wallet's planned budgets, oldest first, in one read (a close reads a batch at once)."""
        found: dict[str, list[PlannedBudget]] = {wallet_id: [] for wallet_id in wallet_ids}
        if wallet_ids:
            source = for_each(self.session, list(wallet_ids), lambda where: select(
                planned_budgets.c.wallet_id, planned_budgets.c.effective_from, planned_budgets.c.amount,
                planned_budgets.c.every).where(where(planned_budgets.c.wallet_id)))
            columns = found_columns(source)
            for row in self.session.execute(select(columns.wallet_id, columns.effective_from, columns.amount,
                                                   columns.every).select_from(source)
                                            .order_by(columns.wallet_id, columns.effective_from)):
                found[row.wallet_id].append(PlannedBudget(row.effective_from, row.amount, BudgetEvery(row.every)))
        return found

    def weekly_budget(self, wallet_id: str, on: date) -> int:
        """The weekly budget the rules use on a day: the plan's, else the schedules' (``planned_budgets``)."""
        from_schedules = ScheduleRepository(self.session).weekly_budget(wallet_id, on)
        return weekly_budget(self.of_wallet(wallet_id), on, from_schedules=from_schedules)

    def opening_floats(self, wallet_id: str) -> dict[Source, int]:
        return self.opening_floats_of([wallet_id])[wallet_id]

    def opening_floats_of(self, wallet_ids: Sequence[str]) -> dict[str, dict[Source, int]]:
        """The opening floats each wallet's schedules have paid and not had reversed, by source, in
        one read. A float is recorded against the day before its schedule starts (see
        ``ScheduleRepository``)."""
        floats: dict[str, dict[Source, int]] = {wallet_id: {} for wallet_id in wallet_ids}
        if not wallet_ids:
            return floats
        # The schedules with a float first, then their payments by schedule: one join let the
        # planner start from every paid payment in the book (a cost a batch that grew with it,
        # 87 ms a batch of 1,000 at 30,000 wallets), and most books have no floats at all.
        source = for_each(self.session, list(wallet_ids), lambda where: select(
            schedules.c.id, schedules.c.wallet_id, schedules.c.source, schedules.c.opening_float, schedules.c.starts_on)
            .where(where(schedules.c.wallet_id), schedules.c.opening_float.is_not(None)))
        found = found_columns(source)
        with_float = {row.id: row for row in self.session.execute(
            select(found.id, found.wallet_id, found.source, found.opening_float, found.starts_on).select_from(source))}
        if not with_float:
            return floats
        rows = self.session.execute(
            select(schedule_payments.c.schedule_id, schedule_payments.c.period_start)
            .where(schedule_payments.c.schedule_id.in_(sorted(with_float)), schedule_payments.c.status == PAID))
        for schedule_id, period_start in rows:
            schedule = with_float[schedule_id]
            if period_start == schedule.starts_on - ONE_DAY:
                of_wallet = floats[schedule.wallet_id]
                source = Source(schedule.source)
                of_wallet[source] = of_wallet.get(source, 0) + schedule.opening_float
        return floats


class NetOffRepository(Repository):
    def add(self, *, wallet_id: str, funder_id: str, close_id: str, close_transaction_id: str, amount: int) -> str:
        net_off_id = new_id()
        self._insert(net_offs, id=net_off_id, wallet_id=wallet_id, funder_id=funder_id, close_id=close_id,
                     close_transaction_id=close_transaction_id, amount=amount, netted=0, status="open",
                     created_at=utc_now())
        return net_off_id

    def outstanding(self, wallet_id: str, *, lock: bool = False) -> list[NetOffRecord]:
        """The wallet's net-offs not yet fully netted, oldest first: the order fundings settle them."""
        query = (select(net_offs).where(net_offs.c.wallet_id == wallet_id, net_offs.c.status == "open")
                 .order_by(net_offs.c.created_at, net_offs.c.id))
        return self._all(query.with_for_update() if lock else query, _net_off)

    def wallets_owing(self, wallet_ids: Sequence[str]) -> set[str]:
        if not wallet_ids:
            return set()
        open_ = net_offs.c.status == "open"
        if len(wallet_ids) > MANY_WALLETS:
            # A whole book names more wallets than a statement takes parameters; open net-offs are few.
            return set(self.session.execute(select(net_offs.c.wallet_id).where(open_)).scalars()) & set(wallet_ids)
        return set(self.session.execute(select(net_offs.c.wallet_id).where(
            net_offs.c.wallet_id.in_(list(wallet_ids)), open_)).scalars())

    def owed(self, wallet_id: str) -> list[Owed]:
        return [Owed(n.id, n.remaining) for n in self.outstanding(wallet_id, lock=True)]

    def of_close_transaction(self, transaction_id: str) -> NetOffRecord | None:
        return self._one(select(net_offs).where(net_offs.c.close_transaction_id == transaction_id), _net_off,
                         lock=True)

    def record_netting(self, net_off_id: str, *, wallet_id: str, transaction_id: str, funding_transaction_id: str,
                       period_start: date, period_end: date, amount: int) -> None:
        net_off = self._by_id(net_offs, net_off_id, _net_off, lock=True)
        assert net_off is not None and amount <= net_off.remaining
        self._insert(net_off_settlements, id=new_id(), net_off_id=net_off_id, wallet_id=wallet_id,
                     transaction_id=transaction_id, funding_transaction_id=funding_transaction_id,
                     period_start=period_start, period_end=period_end, amount=amount, status="netted",
                     created_at=utc_now())
        netted = net_off.netted + amount
        self._update(net_offs, net_offs.c.id == net_off_id, netted=netted,
                     status="settled" if netted == net_off.amount else "open")

    def netted_periods(self, net_off_id: str) -> list[NettedPeriod]:
        return self._all(select(net_off_settlements).where(net_off_settlements.c.net_off_id == net_off_id)
                         .order_by(net_off_settlements.c.period_start), _netted)

    def netted_periods_of_wallet(self, wallet_id: str) -> list[NettedPeriod]:
        return self._all(select(net_off_settlements).where(net_off_settlements.c.wallet_id == wallet_id)
                         .order_by(net_off_settlements.c.period_start, net_off_settlements.c.id), _netted)

    def cancel(self, net_off_id: str) -> None:
        """The close was reversed: nothing more is netted, and each netted period is restored."""
        self._update(net_offs, net_offs.c.id == net_off_id, status="cancelled")
        self._update(net_off_settlements, net_off_settlements.c.net_off_id == net_off_id, status="restored")

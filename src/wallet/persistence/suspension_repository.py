"""Wallets' suspensions: every one kept, with its resumption, and the latest copied onto the wallet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from wallet.domain.suspensions import Suspension, SuspensionReason
from wallet.persistence.repository import MANY_WALLETS, Repository, new_id, record_from
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRepository
from wallet.persistence.wallet_tables import wallet_suspensions


@dataclass(frozen=True, slots=True)
class SuspensionRecord:
    id: str
    wallet_id: str
    starts_on: date
    reason: SuspensionReason
    pause_schedules: bool
    note: str | None
    suspended_by: str
    created_at: datetime
    resumed_on: date | None
    pay_paused_periods: bool | None
    resumed_by: str | None
    resumed_at: datetime | None

    @property
    def terms(self) -> Suspension:
        return Suspension(self.starts_on, self.pause_schedules, self.resumed_on, bool(self.pay_paused_periods))


def _suspension(row: Any) -> SuspensionRecord:
    return record_from(SuspensionRecord, row, reason=SuspensionReason(row.reason))


class SuspensionRepository(Repository):
    def add(self, *, wallet_id: str, starts_on: date, reason: SuspensionReason, pause_schedules: bool,
            note: str | None, suspended_by: str) -> SuspensionRecord:
        suspension_id = new_id()
        self._insert(wallet_suspensions, id=suspension_id, wallet_id=wallet_id, starts_on=starts_on,
                     reason=reason.value, pause_schedules=pause_schedules, note=note, suspended_by=suspended_by,
                     created_at=utc_now())
        WalletRepository(self.session).set_suspension(wallet_id, suspension_id=suspension_id, suspended_from=starts_on,
                                                      suspended_until=None, reason=reason.value)
        return self.get(suspension_id)  # type: ignore[return-value]

    def resume(self, suspension: SuspensionRecord, *, resumed_on: date, pay_paused_periods: bool,
               resumed_by: str) -> SuspensionRecord:
        self._update(wallet_suspensions, wallet_suspensions.c.id == suspension.id, resumed_on=resumed_on,
                     pay_paused_periods=pay_paused_periods, resumed_by=resumed_by, resumed_at=utc_now())
        WalletRepository(self.session).set_suspension(
            suspension.wallet_id, suspension_id=suspension.id, suspended_from=suspension.starts_on,
            suspended_until=resumed_on, reason=suspension.reason.value)
        return self.get(suspension.id)  # type: ignore[return-value]

    def get(self, suspension_id: str, *, lock: bool = False) -> SuspensionRecord | None:
        return self._by_id(wallet_suspensions, suspension_id, _suspension, lock=lock)

    def of_wallet(self, wallet_id: str) -> list[SuspensionRecord]:
        return self._all(select(wallet_suspensions).where(wallet_suspensions.c.wallet_id == wallet_id)
                         .order_by(wallet_suspensions.c.starts_on, wallet_suspensions.c.id), _suspension)

    def pausing(self, wallet_ids: Sequence[str]) -> dict[str, list[Suspension]]:
        """For each wallet, the suspensions that paused its schedules, for a funding run."""
        found: dict[str, list[Suspension]] = {wallet_id: [] for wallet_id in wallet_ids}
        if not wallet_ids:
            return found
        pausing = wallet_suspensions.c.pause_schedules.is_(True)
        # A whole book names too many wallets for one statement's parameters; suspensions are few.
        where = pausing if len(wallet_ids) > MANY_WALLETS else pausing & wallet_suspensions.c.wallet_id.in_(list(wallet_ids))
        rows = self.session.execute(select(wallet_suspensions).where(where).order_by(wallet_suspensions.c.starts_on))
        for row in rows:
            if row.wallet_id in found:
                found[row.wallet_id].append(_suspension(row).terms)
        return found

"""Holds and approvals: the records beside the pending money that wait on a decision or a cost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from wallet.persistence.repository import Repository, new_id, record_from
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import approvals, holds


@dataclass(frozen=True, slots=True)
class PendingSpend:
    """What a hold and an approval both keep: the spend whose money a pending transaction reserves."""

    id: str
    wallet_id: str
    pending_transaction_id: str
    amount: int
    category: str
    payee: str | None
    reference: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class HoldRecord(PendingSpend):
    expires_on: date | None
    status: str
    captured_amount: int
    resolution_transaction_id: str | None
    created_by: str
    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApprovalRecord(PendingSpend):
    effective_date: date
    why: str
    status: str
    requested_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    resolution_transaction_id: str | None
    created_at: datetime


def _hold(row: Any) -> HoldRecord:
    return record_from(HoldRecord, row)


def _approval(row: Any) -> ApprovalRecord:
    return record_from(ApprovalRecord, row)


class HoldRepository(Repository):
    def add(self, **values: Any) -> HoldRecord:
        hold_id = new_id()
        self._insert(holds, id=hold_id, status="live", captured_amount=0, created_at=utc_now(), **values)
        return self.get(hold_id)  # type: ignore[return-value]

    def get(self, hold_id: str, *, lock: bool = False) -> HoldRecord | None:
        return self._by_id(holds, hold_id, _hold, lock=lock)

    def resolve(self, hold_id: str, *, status: str, captured_amount: int, transaction_id: str) -> HoldRecord:
        self._update(holds, holds.c.id == hold_id, status=status, captured_amount=captured_amount,
                     resolution_transaction_id=transaction_id, resolved_at=utc_now())
        return self.get(hold_id)  # type: ignore[return-value]

    def expired(self, on: date, *, limit: int = 500) -> list[HoldRecord]:
        return self._all(select(holds).where(holds.c.status == "live", holds.c.expires_on < on)
                         .order_by(holds.c.expires_on, holds.c.id).limit(limit), _hold)

    def of_wallet(self, wallet_id: str, *, status: str | None = None) -> list[HoldRecord]:
        query = select(holds).where(holds.c.wallet_id == wallet_id).order_by(holds.c.created_at, holds.c.id)
        if status:
            query = query.where(holds.c.status == status)
        return self._all(query, _hold)


class ApprovalRepository(Repository):
    def add(self, **values: Any) -> ApprovalRecord:
        approval_id = new_id()
        self._insert(approvals, id=approval_id, status="awaiting", created_at=utc_now(), **values)
        return self.get(approval_id)  # type: ignore[return-value]

    def get(self, approval_id: str, *, lock: bool = False) -> ApprovalRecord | None:
        return self._by_id(approvals, approval_id, _approval, lock=lock)

    def decide(self, approval_id: str, *, status: str, decided_by: str, reason: str | None,
               transaction_id: str) -> ApprovalRecord:
        self._update(approvals, approvals.c.id == approval_id, status=status, decided_by=decided_by,
                     decided_at=utc_now(), decision_reason=reason, resolution_transaction_id=transaction_id)
        return self.get(approval_id)  # type: ignore[return-value]

    def awaiting(self, wallet_ids: Sequence[str]) -> list[ApprovalRecord]:
        return self._all(
            select(approvals).where(approvals.c.wallet_id.in_(list(wallet_ids)), approvals.c.status == "awaiting")
            .order_by(approvals.c.created_at, approvals.c.id), _approval)

"""Holds and approvals: the records beside the pending money that wait on a decision or a cost."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import approvals, holds


@dataclass(frozen=True, slots=True)
class HoldRecord:
    id: str
    wallet_id: str
    pending_transaction_id: str
    amount: int
    category: str
    payee: str | None
    reference: str | None
    description: str | None
    expires_on: date | None
    status: str
    captured_amount: int
    resolution_transaction_id: str | None
    created_by: str
    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApprovalRecord:
    id: str
    wallet_id: str
    pending_transaction_id: str
    amount: int
    category: str
    payee: str | None
    reference: str | None
    description: str | None
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
    return HoldRecord(**{f: getattr(row, f) for f in HoldRecord.__dataclass_fields__})


def _approval(row: Any) -> ApprovalRecord:
    return ApprovalRecord(**{f: getattr(row, f) for f in ApprovalRecord.__dataclass_fields__})


class HoldRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, **values: Any) -> HoldRecord:
        hold_id = str(uuid.uuid4())
        self.session.execute(insert(holds).values(
            id=hold_id, status="live", captured_amount=0, created_at=utc_now(), **values))
        self.session.flush()
        return self.get(hold_id)  # type: ignore[return-value]

    def get(self, hold_id: str, *, lock: bool = False) -> HoldRecord | None:
        query = select(holds).where(holds.c.id == hold_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return _hold(row) if row else None

    def resolve(self, hold_id: str, *, status: str, captured_amount: int, transaction_id: str) -> HoldRecord:
        self.session.execute(update(holds).where(holds.c.id == hold_id).values(
            status=status, captured_amount=captured_amount, resolution_transaction_id=transaction_id,
            resolved_at=utc_now()))
        self.session.flush()
        return self.get(hold_id)  # type: ignore[return-value]

    def expired(self, on: date, *, limit: int = 500) -> list[HoldRecord]:
        rows = self.session.execute(
            select(holds).where(holds.c.status == "live", holds.c.expires_on < on)
            .order_by(holds.c.expires_on, holds.c.id).limit(limit))
        return [_hold(row) for row in rows]

    def of_wallet(self, wallet_id: str, *, status: str | None = None) -> list[HoldRecord]:
        query = select(holds).where(holds.c.wallet_id == wallet_id).order_by(holds.c.created_at, holds.c.id)
        if status:
            query = query.where(holds.c.status == status)
        return [_hold(row) for row in self.session.execute(query)]


class ApprovalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, **values: Any) -> ApprovalRecord:
        approval_id = str(uuid.uuid4())
        self.session.execute(insert(approvals).values(
            id=approval_id, status="awaiting", created_at=utc_now(), **values))
        self.session.flush()
        return self.get(approval_id)  # type: ignore[return-value]

    def get(self, approval_id: str, *, lock: bool = False) -> ApprovalRecord | None:
        query = select(approvals).where(approvals.c.id == approval_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return _approval(row) if row else None

    def decide(self, approval_id: str, *, status: str, decided_by: str, reason: str | None,
               transaction_id: str) -> ApprovalRecord:
        self.session.execute(update(approvals).where(approvals.c.id == approval_id).values(
            status=status, decided_by=decided_by, decided_at=utc_now(), decision_reason=reason,
            resolution_transaction_id=transaction_id))
        self.session.flush()
        return self.get(approval_id)  # type: ignore[return-value]

    def awaiting(self, wallet_ids: Sequence[str]) -> list[ApprovalRecord]:
        rows = self.session.execute(
            select(approvals).where(approvals.c.wallet_id.in_(list(wallet_ids)), approvals.c.status == "awaiting")
            .order_by(approvals.c.created_at, approvals.c.id))
        return [_approval(row) for row in rows]

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from wallet.http.schemas.ledger import TransactionOut
from wallet.persistence.alert_repository import AlertRecord
from wallet.persistence.spending_repository import ApprovalRecord, HoldRecord
from wallet.usecases.make_payment import PaymentOutcome


class ApprovalOut(BaseModel):
    id: str
    wallet_id: str
    amount: int
    category: str
    payee: str | None
    reference: str | None
    effective_date: date
    why: str
    status: str
    decided_at: datetime | None
    decision_reason: str | None
    pending_transaction_id: str
    resolution_transaction_id: str | None

    @classmethod
    def of(cls, record: ApprovalRecord) -> ApprovalOut:
        return cls(**{f: getattr(record, f) for f in cls.model_fields})


class PaymentOut(BaseModel):
    status: str
    transaction: TransactionOut
    approval: ApprovalOut | None
    reserve_drawn: int

    @classmethod
    def of(cls, outcome: PaymentOutcome) -> PaymentOut:
        return cls(status=outcome.status, transaction=TransactionOut.of(outcome.transaction),
                   approval=ApprovalOut.of(outcome.approval) if outcome.approval else None,
                   reserve_drawn=outcome.reserve_drawn)


class DecisionOut(BaseModel):
    approval: ApprovalOut
    transaction: TransactionOut


class HoldOut(BaseModel):
    id: str
    wallet_id: str
    amount: int
    captured_amount: int
    category: str
    payee: str | None
    reference: str | None
    expires_on: date | None
    status: str
    pending_transaction_id: str
    resolution_transaction_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, record: HoldRecord) -> HoldOut:
        return cls(**{f: getattr(record, f) for f in cls.model_fields})


class HoldMovementOut(BaseModel):
    hold: HoldOut
    transaction: TransactionOut


class CaptureOut(BaseModel):
    hold: HoldOut
    payment: PaymentOut


class AlertOut(BaseModel):
    id: str
    kind: str
    wallet_id: str | None
    message: str
    details: dict[str, Any]
    raised_at: datetime
    acknowledged_at: datetime | None

    @classmethod
    def of(cls, record: AlertRecord) -> AlertOut:
        return cls(**{f: getattr(record, f) for f in cls.model_fields})

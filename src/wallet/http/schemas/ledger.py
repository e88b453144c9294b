from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from wallet.http.schemas.common import RequestBody
from wallet.persistence.ledger_repository import TransactionRecord


class PostingOut(BaseModel):
    account: str
    side: str = Field(description="debit or credit")
    phase: str = Field(description="posted, pending (reserved) or release (of a pending posting)")
    amount: int = Field(description="minor units, always positive; the side gives the direction")
    currency: str
    memo: str | None = Field(None, description="the funding source or spending category")


class TransactionOut(BaseModel):
    id: str
    kind: str
    effective_date: date
    recorded_at: datetime
    reference: str | None
    description: str | None
    reverses_id: str | None
    resolves_id: str | None
    details: dict[str, Any]
    postings: list[PostingOut]

    @classmethod
    def of(cls, record: TransactionRecord) -> TransactionOut:
        return cls(
            id=record.id, kind=record.kind, effective_date=record.effective_date,
            recorded_at=record.recorded_at, reference=record.reference,
            description=record.description, reverses_id=record.reverses_id,
            resolves_id=record.resolves_id, details=record.details,
            postings=[
                PostingOut(account=p.account, side=p.side.value, phase=p.phase.value,
                           amount=p.amount, currency=p.currency, memo=p.memo)
                for p in record.postings
            ],
        )


class ReversalIn(RequestBody):
    effective_date: date | None = Field(None, description="value date of the reversal; today if omitted")
    reason: str | None = Field(None, max_length=500)

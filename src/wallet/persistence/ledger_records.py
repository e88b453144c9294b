"""The journal as the ledger returns it: a transaction with its postings, as stored. Kept apart
from the ledger repository so that what the ledger calls on posting (the event feed) can take
the record without importing the ledger back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from wallet.domain.accounts import Phase, Side
from wallet.domain.postings import Posting


@dataclass(frozen=True, slots=True)
class RecordedPosting:
    id: int
    account_id: int
    account: str
    side: Side
    phase: Phase
    amount: int
    currency: str
    memo: str | None


@dataclass(frozen=True, slots=True)
class TransactionRecord:
    id: str
    seq: int
    kind: str
    effective_date: date
    recorded_at: datetime
    organisation_id: str | None
    reference: str | None
    description: str | None
    reverses_id: str | None
    resolves_id: str | None
    details: dict[str, Any]
    postings: tuple[RecordedPosting, ...]

    def as_postings(self) -> tuple[Posting, ...]:
        return tuple(
            Posting(p.account, p.side, p.amount, p.currency, p.phase, p.memo) for p in self.postings
        )

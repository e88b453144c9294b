"""The journal as a flat file for a holder's accounting system: one row per posting.

A row carries ids and account codes only, never the person's reference: the accountant maps
wallet ids to their own records, and personal data stays in the wallet record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wallet.domain.errors import InvalidInput

# A year, leap day included: long enough for a financial year, short enough to stream quickly.
MAX_EXPORT_DAYS = 366


class InvalidExportPeriod(InvalidInput):
    type = "invalid-export-period"
    title = "An export period ends on or after its first day and spans at most 366 days"


def check_export_period(first_day: date, last_day: date) -> None:
    if last_day < first_day:
        raise InvalidExportPeriod(f"the period ends on {last_day}, before it starts on {first_day}",
                                  first_day=str(first_day), last_day=str(last_day))
    days = (last_day - first_day).days + 1
    if days > MAX_EXPORT_DAYS:
        raise InvalidExportPeriod(f"the period spans {days} days; export at most {MAX_EXPORT_DAYS} at a time",
                                  first_day=str(first_day), last_day=str(last_day), max_days=MAX_EXPORT_DAYS)


@dataclass(frozen=True, slots=True)
class AccountLabels:
    source: str | None  # the funding source, for an available or pool share account
    pool_id: str | None


def labels_of(code: str) -> AccountLabels:
    """What an account code says about itself: ``wallet:<w>:available:<source>``,
    ``pool:<p>:share:<w>:<source>``, ``pool:<p>:awaiting_approval``."""
    parts = code.split(":")
    if parts[0] == "wallet" and len(parts) == 4 and parts[2] == "available":
        return AccountLabels(parts[3], None)
    if parts[0] == "pool" and len(parts) >= 3:
        source = parts[4] if len(parts) == 5 and parts[2] == "share" else None
        return AccountLabels(source, parts[1])
    return AccountLabels(None, None)


@dataclass(frozen=True, slots=True)
class JournalRow:
    seq: int  # the transaction's journal position: with posting_id, the row's place in the file
    posting_id: int
    effective_date: date
    recorded_at: datetime
    transaction_id: str
    kind: str
    reference: str | None
    account: str
    wallet_id: str | None
    memo: str | None
    phase: str
    side: str
    amount: int
    currency: str

    @property
    def labels(self) -> AccountLabels:
        return labels_of(self.account)

    @property
    def debit(self) -> int:
        return self.amount if self.side == "debit" else 0

    @property
    def credit(self) -> int:
        return self.amount if self.side == "credit" else 0


@dataclass(frozen=True, slots=True)
class JournalTotals:
    debit: int
    credit: int

    @property
    def net(self) -> int:
        """Debits minus credits: zero exactly when the rows balance."""
        return self.debit - self.credit

    @property
    def balanced(self) -> bool:
        return self.debit == self.credit

    def plus(self, row: JournalRow) -> JournalTotals:
        return JournalTotals(self.debit + row.debit, self.credit + row.credit)

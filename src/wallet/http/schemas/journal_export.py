"""A holder's journal export: JSON pages, or one CSV file for an accounting system."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from wallet.domain.journal_export import JournalRow, JournalTotals
from wallet.domain.labels import kind_label
from wallet.http.schemas.statements import decimal_amount

CSV_COLUMNS = ("effective_date", "recorded_at", "transaction_id", "kind", "kind_label", "reference", "posting_id", "account",
               "wallet_id", "source", "pool_id", "memo", "phase", "debit_minor_units", "credit_minor_units",
               "debit", "credit", "currency")


class JournalRowOut(BaseModel):
    effective_date: date = Field(description="the value date")
    recorded_at: datetime
    transaction_id: str
    kind: str
    kind_label: str = Field(description="what the kind of transaction is, in plain words")
    reference: str | None
    posting_id: int
    account: str
    wallet_id: str | None = Field(description="the wallet whose account it is (a pool share's member)")
    source: str | None = Field(description="the funding source, for an available or pool share account")
    pool_id: str | None
    memo: str | None = Field(description="the spending category, or what a fee or movement was")
    phase: str = Field(description="posted; with include_pending also pending and release")
    debit: int = Field(description="minor units")
    credit: int = Field(description="minor units")
    currency: str

    @classmethod
    def of(cls, row: JournalRow) -> JournalRowOut:
        labels = row.labels
        return cls(effective_date=row.effective_date, recorded_at=row.recorded_at,
                   transaction_id=row.transaction_id, kind=row.kind, kind_label=kind_label(row.kind),
                   reference=row.reference,
                   posting_id=row.posting_id, account=row.account, wallet_id=row.wallet_id, source=labels.source,
                   pool_id=labels.pool_id, memo=row.memo, phase=row.phase, debit=row.debit, credit=row.credit,
                   currency=row.currency)


class JournalTotalsOut(BaseModel):
    debit: int
    credit: int
    net: int = Field(description="debit − credit over the whole period, every page")


class JournalExportOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    holder_id: str
    from_: date = Field(alias="from")
    to: date
    currency: str
    whole_book: bool = Field(description="the holder's whole book (the holder and the operator); otherwise the "
                                         "part a funder or auditor may see")
    rows: list[JournalRowOut]
    totals: JournalTotalsOut = Field(description="over every row of the period, not only this page")
    balanced: bool = Field(description="debits equal credits over the period; a funder's or auditor's part need not")
    next_cursor: str | None


def journal_csv(rows: Iterable[JournalRow]) -> Iterator[str]:
    """A header, then one line per posting and nothing else (CRLF line endings), so any importer
    reads only postings. The totals travel in the response headers (``totals_headers``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def flush() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for n, row in enumerate(rows, 1):
        labels = row.labels
        writer.writerow((row.effective_date.isoformat(), row.recorded_at.isoformat(), row.transaction_id, row.kind,
                         kind_label(row.kind), row.reference or "", row.posting_id, row.account, row.wallet_id or "",
                         labels.source or "", labels.pool_id or "", row.memo or "", row.phase, row.debit, row.credit,
                         decimal_amount(row.debit), decimal_amount(row.credit), row.currency))
        if n % 200 == 0:
            yield flush()
    yield flush()


def totals_headers(totals: JournalTotals, *, whole: bool) -> dict[str, str]:
    """The file's totals, for tying it out: in minor units, read when the request was checked."""
    return {"X-Journal-Debit": str(totals.debit), "X-Journal-Credit": str(totals.credit),
            "X-Journal-Net": str(totals.net), "X-Journal-Balanced": "true" if totals.balanced else "false",
            "X-Journal-Whole-Book": "true" if whole else "false"}

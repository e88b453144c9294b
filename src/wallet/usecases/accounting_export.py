"""A holder's journal for a period as its accounting system imports it (Xero, Sage 50): one
journal per ledger transaction on the holder's own nominal codes, in files no longer than the
importer takes, a journal never split across two.

For the holder and the operator only: it is the holder's whole book, on the holder's chart of
accounts. A funder or auditor sees its part of the book in the generic export instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.accounting_exports import (
    LAYOUTS,
    AccountMapping,
    Journal,
    Vendor,
    check_balanced,
    fingerprint,
    journals_of,
    pick_part,
    plan_parts,
)
from wallet.domain.errors import InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.persistence.accounting_export_repository import AccountingExportRepository
from wallet.persistence.journal_repository import read_from_one_snapshot
from wallet.usecases.account_mapping import mapping_of
from wallet.usecases.authorisation import allowed
from wallet.usecases.journal_export import JournalView, journal_view

# Transactions read at a time: enough for one IN list on either database.
BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class AccountingExport:
    vendor: Vendor
    holder_id: str
    first_day: date
    last_day: date
    part: int
    parts: int
    lines_per_file: int
    fingerprint: str
    mapping: AccountMapping
    journals: tuple[Journal, ...]


@allowed(Role.ADMIN, Role.HOLDER)
def accounting_export(session: Session, principal: Principal, *, holder_id: str, first_day: date, last_day: date,
                      vendor: Vendor, part: int = 1, lines_per_file: int | None = None,
                      currency: str = "GBP") -> AccountingExport:
    """Part ``part`` of the period's journals. Every part is planned from the whole period, read
    from one snapshot, so the parts of one export join up; ``fingerprint`` tells them apart from
    the parts of an export made after the period changed."""
    read_from_one_snapshot(session)
    limit = _lines_per_file(vendor, lines_per_file)
    view = journal_view(session, principal, holder_id=holder_id, first_day=first_day, last_day=last_day,
                        currency=currency)
    repository = AccountingExportRepository(session)
    seqs = repository.transaction_seqs(view.accounts, first_day, last_day, currency=currency)
    counted = [(journal.seq, len(journal.lines)) for journal in _journals(repository, view, seqs)]
    parts = plan_parts([lines for _, lines in counted], limit)
    chosen = [counted[index][0] for index in pick_part(parts, part)]
    return AccountingExport(
        vendor=vendor, holder_id=holder_id, first_day=first_day, last_day=last_day, part=part, parts=len(parts),
        lines_per_file=limit, fingerprint=fingerprint(counted), mapping=mapping_of(session, holder_id),
        journals=tuple(check_balanced(journal) for journal in _journals(repository, view, chosen)),
    )


def _lines_per_file(vendor: Vendor, asked: int | None) -> int:
    most = LAYOUTS[vendor].lines_per_file
    if asked is None:
        return most
    if not 1 <= asked <= most:
        raise InvalidInput(f"a {vendor.value} file holds 1 to {most} lines, not {asked}", field="lines_per_file",
                           most=most)
    return asked


def _journals(repository: AccountingExportRepository, view: JournalView, seqs: Sequence[int]) -> Iterator[Journal]:
    for start in range(0, len(seqs), BATCH_SIZE):
        postings = repository.postings_of(seqs[start:start + BATCH_SIZE], view.accounts, currency=view.currency)
        yield from journals_of(postings)

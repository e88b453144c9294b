"""A holder's journal as its own accounting system books it: one journal per ledger transaction,
each line on one of the holder's nominal codes, every journal netting to zero. Pure: the use case
reads the postings; this module maps, groups, checks and splits.

The ledger keeps an account per person per funding source; a provider's books keep a handful of
nominal codes ("client bank", "held for people", "fee income"). Each ledger account is one of the
kinds in ``LedgerAccount``, and the holder maps each kind to a code of its own
(``AccountMapping``, with ``DEFAULT_CODES`` for any kind it leaves unset). Lines of one journal on
the same code and for the same purpose are added together, so no line names a person.

A transaction may move money to an account outside the holder's book: a period close recovers
money to the funder, and a notional budget's cash is the funder's. Those postings are booked on
the funder's side of the holder's books (``DUE_TO_FUNDERS``, ``NOTIONAL_BUDGETS``). Any other
difference would land on the suspense code, so a journal always imports and the accountant sees it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wallet.domain.categories import category_label
from wallet.domain.errors import InvalidInput
from wallet.domain.kinds import Kind, Placement, entry_of
from wallet.domain.labels import kind_label, source_label
from wallet.domain.wallet_postings import MANAGEMENT_FEE
from wallet.domain.wallets import Source


class LedgerAccount(StrEnum):
    """The kinds of ledger account a holder maps to its own nominal codes."""

    CLIENT_BANK = "client_bank"
    NOTIONAL_BUDGETS = "notional_budgets"
    HOLDER_RESERVE = "holder_reserve"
    HELD_FUNDER = "held_for_people_funder"
    HELD_PERSON_CONTRIBUTION = "held_for_people_person_contribution"
    HELD_NHS = "held_for_people_nhs"
    HELD_TOP_UP = "held_for_people_top_up"
    POOL_SHARES = "pool_shares"
    PROTECTED_SAVINGS = "protected_savings"
    DUE_TO_FUNDERS = "due_to_funders"
    FEE_INCOME = "fee_income"
    EFFICIENCY_INCOME = "efficiency_income"
    SUSPENSE = "suspense"


# (default nominal code, what the account is): codes in the style of a UK chart of accounts
# (1xxx assets, 2xxx liabilities, 4xxx income, 9999 suspense), so a provider can import with few changes.
DEFAULT_CODES: dict[LedgerAccount, tuple[str, str]] = {
    LedgerAccount.CLIENT_BANK: ("1200", "Client bank account"),
    LedgerAccount.NOTIONAL_BUDGETS: ("1210", "Notional budgets: money the funder keeps"),
    LedgerAccount.HOLDER_RESERVE: ("1300", "Overspends covered from our own reserve"),
    LedgerAccount.HELD_FUNDER: ("2100", "Held for people: council funding"),
    LedgerAccount.HELD_PERSON_CONTRIBUTION: ("2110", "Held for people: their own contributions"),
    LedgerAccount.HELD_NHS: ("2120", "Held for people: NHS funding"),
    LedgerAccount.HELD_TOP_UP: ("2130", "Held for people: top-ups"),
    LedgerAccount.POOL_SHARES: ("2140", "Held for people: shares in pooled budgets"),
    LedgerAccount.PROTECTED_SAVINGS: ("2150", "Held for people: protected savings"),
    LedgerAccount.DUE_TO_FUNDERS: ("2200", "Due back to funders"),
    LedgerAccount.FEE_INCOME: ("4000", "Management fee income"),
    LedgerAccount.EFFICIENCY_INCOME: ("4900", "Our share of efficiency savings"),
    LedgerAccount.SUSPENSE: ("9999", "Suspense"),
}
HELD_BY_SOURCE = {
    Source.FUNDER: LedgerAccount.HELD_FUNDER,
    Source.PERSON_CONTRIBUTION: LedgerAccount.HELD_PERSON_CONTRIBUTION,
    Source.NHS: LedgerAccount.HELD_NHS,
    Source.TOP_UP: LedgerAccount.HELD_TOP_UP,
}
# The funder's accounts, seen from the holder's books.
FUNDER_SIDE = frozenset({LedgerAccount.DUE_TO_FUNDERS, LedgerAccount.NOTIONAL_BUDGETS})
NOMINAL_CODE = re.compile(r"[A-Za-z0-9]{1,10}")


class InvalidNominalCode(InvalidInput):
    type = "invalid-nominal-code"
    title = "A nominal code is 1 to 10 letters or digits"


class JournalTooLong(InvalidInput):
    type = "journal-too-long"
    title = "A journal has more lines than a file may hold"


class NoSuchExportPart(InvalidInput):
    type = "no-such-export-part"
    title = "The export has fewer parts than the one asked for"


def classify(code: str) -> LedgerAccount:
    """The kind of a ledger account, from its code (a wallet's or pool's part of a shared holder or
    funder account is the shared account's kind)."""
    parts = code.split(":")
    head, tail = parts[0], parts[-1]
    if head == "holder" and len(parts) >= 3:
        return {"client_bank": LedgerAccount.CLIENT_BANK, "fee_income": LedgerAccount.FEE_INCOME,
                "efficiency_income": LedgerAccount.EFFICIENCY_INCOME}.get(parts[2], LedgerAccount.SUSPENSE)
    if head == "funder" and len(parts) >= 3:
        return {"recovered": LedgerAccount.DUE_TO_FUNDERS,
                "commissioning": LedgerAccount.NOTIONAL_BUDGETS}.get(parts[2], LedgerAccount.SUSPENSE)
    if head == "wallet" and len(parts) == 4 and parts[2] == "available" and tail in Source._value2member_map_:
        return HELD_BY_SOURCE[Source(tail)]
    if head == "wallet" and len(parts) == 3:
        return {"savings": LedgerAccount.PROTECTED_SAVINGS,
                "reserve_draw": LedgerAccount.HOLDER_RESERVE}.get(tail, LedgerAccount.SUSPENSE)
    if head == "pool" and len(parts) == 5 and parts[2] == "share":
        return LedgerAccount.POOL_SHARES
    return LedgerAccount.SUSPENSE


def wallet_part_of(code: str) -> str | None:
    """The wallet a part of a shared account belongs to (``funder:<f>:commissioning:wallet:<w>``)."""
    parts = code.split(":")
    return parts[4] if len(parts) == 5 and parts[3] == "wallet" else None


# --- the holder's mapping --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountMapping:
    """The holder's own nominal code for each kind of ledger account it has set."""

    codes: Mapping[LedgerAccount, str]

    def code_for(self, account: LedgerAccount) -> str:
        return self.codes.get(account) or DEFAULT_CODES[account][0]

    def is_default(self, account: LedgerAccount) -> bool:
        return account not in self.codes


def checked_mapping(codes: Mapping[str, str]) -> dict[LedgerAccount, str]:
    """A mapping as sent: known kinds, each with a short code of letters and digits."""
    checked: dict[LedgerAccount, str] = {}
    for kind, code in codes.items():
        field = f"codes.{kind}"
        if kind not in LedgerAccount._value2member_map_:
            raise InvalidInput(f"{kind!r} is not a kind of ledger account; use one of "
                               f"{', '.join(a.value for a in LedgerAccount)}", field=field)
        if not isinstance(code, str) or not NOMINAL_CODE.fullmatch(code):
            raise InvalidNominalCode(f"the code for {kind} must be 1 to 10 letters or digits, not {code!r}",
                                     field=field)
        checked[LedgerAccount(kind)] = code
    return checked


# --- journals --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportPosting:
    """One posted posting of a transaction that touches the holder's book."""

    seq: int
    transaction_id: str
    kind: str
    reverses_kind: str | None
    effective_date: date
    account: str
    wallet_id: str | None  # the wallet the account belongs to, when it is one's
    in_book: bool  # on the holder's own accounts or those of a wallet it holds
    side: str  # "debit" or "credit"
    amount: int
    memo: str | None

    @property
    def signed(self) -> int:
        """Positive for a debit, negative for a credit: how an importer reads an amount."""
        return self.amount if self.side == "debit" else -self.amount


@dataclass(frozen=True, slots=True)
class JournalLine:
    account: LedgerAccount
    description: str
    amount: int  # signed minor units: positive debit, negative credit


@dataclass(frozen=True, slots=True)
class Journal:
    seq: int
    transaction_id: str
    effective_date: date
    narration: str  # plain words: what the transaction was for, never who it was for
    lines: tuple[JournalLine, ...]

    @property
    def net(self) -> int:
        return sum(line.amount for line in self.lines)


class JournalDoesNotBalance(Exception):
    """Not a domain error: a journal built from balanced postings cannot fail to balance."""


def narration(kind: str, reverses_kind: str | None, memo: str | None) -> str:
    """``Payment for support: Personal care``; a correction names what it corrects."""
    purpose = reverses_kind if kind == Kind.REVERSAL and reverses_kind else kind
    entry = entry_of(purpose)
    words = kind_label(purpose)
    if entry is not None and memo and memo != MANAGEMENT_FEE:
        if entry.placement is Placement.MONEY_OUT or purpose == Kind.POOL_PAYMENT:
            words += f": {category_label(memo)}"
        elif entry.placement is Placement.MONEY_IN:
            words += f": {source_label(memo)}"
    return f"Correction of {words[0].lower()}{words[1:]}" if kind == Kind.REVERSAL else words


def _description(account: LedgerAccount, memo: str | None) -> str:
    return "Management fee" if memo == MANAGEMENT_FEE else DEFAULT_CODES[account][1]


def journal_of(postings: Sequence[ExportPosting]) -> Journal:
    """One transaction's journal: its postings in the holder's book, and the funder's side of any
    that left it; lines on the same kind of account for the same purpose added together."""
    first = postings[0]
    in_book_wallets = {p.wallet_id for p in postings if p.in_book and p.wallet_id}
    sums: dict[tuple[LedgerAccount, str], int] = {}
    for posting in postings:
        account = classify(posting.account)
        if not posting.in_book:
            part = wallet_part_of(posting.account)
            if account not in FUNDER_SIDE or (part is not None and part not in in_book_wallets):
                continue  # another holder's side of a move: it balances in that holder's book
        key = (account, _description(account, posting.memo))
        sums[key] = sums.get(key, 0) + posting.signed
    lines = [JournalLine(account, description, amount) for (account, description), amount in sums.items() if amount]
    difference = sum(line.amount for line in lines)
    if difference:
        lines.append(JournalLine(LedgerAccount.SUSPENSE, "Not in this holder's book", -difference))
    memo = next((p.memo for p in postings if p.memo and p.memo != MANAGEMENT_FEE), None)
    return Journal(first.seq, first.transaction_id, first.effective_date,
                   narration(first.kind, first.reverses_kind, memo), tuple(lines))


def journals_of(postings: Iterable[ExportPosting]) -> Iterable[Journal]:
    """Postings in journal order, grouped into one journal per transaction (empty ones dropped)."""
    batch: list[ExportPosting] = []
    for posting in postings:
        if batch and posting.seq != batch[-1].seq:
            journal = journal_of(batch)
            if journal.lines:
                yield journal
            batch = []
        batch.append(posting)
    if batch:
        journal = journal_of(batch)
        if journal.lines:
            yield journal


def check_balanced(journal: Journal) -> Journal:
    if journal.net:
        raise JournalDoesNotBalance(f"journal {journal.transaction_id} nets to {journal.net}")
    return journal


# --- files within an importer's limit --------------------------------------------------------


def plan_parts(line_counts: Sequence[int], lines_per_file: int) -> list[range]:
    """Consecutive journals into files of at most ``lines_per_file`` lines, never splitting a
    journal: each part is the range of journal indexes it holds. No journals make one empty part."""
    parts: list[range] = []
    start, used = 0, 0
    for index, count in enumerate(line_counts):
        if count > lines_per_file:
            raise JournalTooLong(f"journal {index + 1} of the period has {count} lines, more than the "
                                 f"{lines_per_file} a file may hold", lines=count, lines_per_file=lines_per_file)
        if used + count > lines_per_file:
            parts.append(range(start, index))
            start, used = index, 0
        used += count
    parts.append(range(start, len(line_counts)))
    return parts


def pick_part(parts: Sequence[range], part: int) -> range:
    if not 1 <= part <= len(parts):
        raise NoSuchExportPart(f"the export has {len(parts)} part(s); there is no part {part}",
                               field="part", parts=len(parts))
    return parts[part - 1]


def fingerprint(journals: Iterable[tuple[int, int]]) -> str:
    """A short digest of which journals (by position) and how many lines each: the same on every
    part of one export, and different once anything in the period changes."""
    digest = hashlib.sha256()
    for seq, lines in journals:
        digest.update(f"{seq}:{lines};".encode())
    return digest.hexdigest()[:16]


# --- the importers' layouts ------------------------------------------------------------------


class Vendor(StrEnum):
    XERO = "xero"
    SAGE = "sage"


# Xero's manual journal import template, in its column order (Xero's help, "Add or post multiple
# manual journals"): one journal per narration and date, amounts signed (positive debit, negative credit).
XERO_COLUMNS = ("*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount",
                "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2")
XERO_NO_VAT = "No VAT"  # Xero UK's default rate for what is outside the scope of VAT
XERO_LINES_PER_FILE = 300  # "You can import up to 300 lines in one template file"
# Sage 50 Accounts' audit trail transaction import (its "Audit Trail Transaction" template):
# a journal is a JD row per debit and a JC row per credit, net amounts positive.
SAGE_COLUMNS = ("Type", "Account Reference", "Nominal A/C Ref", "Department Code", "Date", "Reference",
                "Details", "Net Amount", "Tax Code", "Tax Amount", "Exchange Rate", "Extra Reference",
                "User Name", "Project Refn", "Cost Code Refn")
SAGE_NON_VAT = "T9"  # Sage 50's default code for transactions not involving VAT
# Sage publishes no line limit for this import; files this size stay quick to check and re-import.
SAGE_LINES_PER_FILE = 1000
SAGE_DETAILS_LENGTH = 60  # the width of Sage 50's details; its reference takes 30


@dataclass(frozen=True, slots=True)
class Layout:
    columns: tuple[str, ...]
    lines_per_file: int


LAYOUTS = {Vendor.XERO: Layout(XERO_COLUMNS, XERO_LINES_PER_FILE),
           Vendor.SAGE: Layout(SAGE_COLUMNS, SAGE_LINES_PER_FILE)}


def decimal(amount: int) -> str:
    """Minor units as plain decimal money (``-1400.50``): what both importers read."""
    sign = "-" if amount < 0 else ""
    whole, pence = divmod(abs(amount), 100)
    return f"{sign}{whole}.{pence:02d}"


def uk_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def vendor_rows(vendor: Vendor, journal: Journal, mapping: AccountMapping) -> list[tuple[str, ...]]:
    """A journal's rows in the vendor's layout, with the holder's nominal codes."""
    if vendor is Vendor.XERO:
        narration_text = f"{journal.narration} (ledger {journal.transaction_id})"
        return [(narration_text, uk_date(journal.effective_date), line.description, mapping.code_for(line.account),
                 XERO_NO_VAT, decimal(line.amount), "", "", "", "") for line in journal.lines]
    reference = sage_reference(journal.transaction_id)
    return [("JD" if line.amount > 0 else "JC", "", mapping.code_for(line.account), "", uk_date(journal.effective_date),
             reference, _sage_details(journal, line), decimal(abs(line.amount)), SAGE_NON_VAT, "0.00", "", "", "", "",
             "") for line in journal.lines]


def sage_reference(transaction_id: str) -> str:
    """A short part of the ledger transaction's id for Sage's reference: short enough for its
    field, and with the date enough to find the transaction again. Ids made since December 2026
    (version 7) start with the moment they were made, which a minute's transactions share, so
    theirs is the random last group; an older (version 4) id keeps its first eight characters,
    so a period exported again gives the references it gave before."""
    if len(transaction_id) == 36 and transaction_id[14] == "7":
        return transaction_id[-12:]
    return transaction_id[:8]


def _sage_details(journal: Journal, line: JournalLine) -> str:
    """The journal's narration (the nominal code says which account); a fee line says it is the fee."""
    text = f"Management fee - {journal.narration}" if line.description == "Management fee" else journal.narration
    return fit(text, SAGE_DETAILS_LENGTH)


def fit(text: str, width: int) -> str:
    """``text`` cut at a word to at most ``width`` characters, marked when cut."""
    if len(text) <= width:
        return text
    cut = text[:width - 3].rsplit(" ", 1)[0]
    return f"{cut}..."

"""Plain words for the codes the ledger keeps: what a person, their family or an accountant reads
on a statement or an export, beside the stable code an integrator matches on.

Pure and locale-free, so a statement reads the same on every server.
"""

from __future__ import annotations

from datetime import date

from wallet.domain.categories import category_label
from wallet.domain.kinds import entry_of
from wallet.domain.statements import COVERED_BY_RESERVE, UNCATEGORISED, Pot, Section, StatementLine
from wallet.domain.wallet_postings import MANAGEMENT_FEE
from wallet.domain.wallets import Source

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

SOURCE_LABELS = {
    Source.FUNDER: "Council funding",
    Source.PERSON_CONTRIBUTION: "Your contribution",
    Source.NHS: "NHS",
    Source.TOP_UP: "Top-up",
}

SECTION_TITLES = {
    Section.MONEY_IN: "Money in, by source",
    Section.MOVED_FROM_PREVIOUS_HOLDER: "Moved from the previous holder",
    Section.MONEY_OUT: "Money out, by category",
    Section.HOLDER_RESERVE: "Covered by the holder's reserve",
    Section.FEES: "Management fees",
    Section.POOLS: "Shared pools",
    Section.RECOVERIES: "Recovered by the funder",
    Section.REFUNDS: "Paid back to the person",
    Section.SAVINGS: "Moved to protected savings",
    Section.EFFICIENCY_SHARE: "The holder's share of an efficiency saving",
    Section.MOVED_TO_NEW_HOLDER: "Moved to the new holder",
    Section.OTHER: "Other movements",
}

# The labels of lines that are neither a source nor a spending category.
LINE_CODES = {
    MANAGEMENT_FEE: "Management fee",
    COVERED_BY_RESERVE: "Paid from the holder's own reserve",
    UNCATEGORISED: "Not categorised",
}
# A pool line moves money between the person's budget and their share of a pool, so it reads
# differently on each side.
POOL_LINES = {
    ("contributions", Pot.AVAILABLE): "Paid from the budget into shared pools",
    ("contributions", Pot.POOLS): "Added to the person's share of shared pools",
    ("payments", Pot.POOLS): "Spent from the person's share of shared pools",
    ("refunds", Pot.POOLS): "Returned from the person's share of shared pools",
    ("refunds", Pot.AVAILABLE): "Returned to the budget from shared pools",
}
POT_WORDS = {Pot.SAVINGS: "savings", Pot.POOLS: "shared pools"}
# Sections whose lines are named by spending category rather than by funding source.
BY_CATEGORY = frozenset({Section.MONEY_OUT})

PENDING_LABELS = {
    "committed at start": "Set aside at the start",
    "placed": "Set aside during the period",
    "captured": "Paid from money set aside",
    "sent for approval": "Sent for approval",
    "released": "Given back",
    "committed at end": "Still set aside at the end",
    "at start": "Waiting at the start",
    "requested": "Asked for during the period",
    "approved": "Approved",
    "rejected": "Not approved",
    "at end": "Still waiting at the end",
}


def day_month_year(day: date) -> str:
    """``3 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def source_label(code: str) -> str:
    """``person_contribution`` is "Your contribution"; a code that is not a source reads as words."""
    try:
        return SOURCE_LABELS[Source(code)]
    except ValueError:
        return category_label(code)


def kind_label(kind: str) -> str:
    """What a kind of transaction is, in plain words (``payment`` is "Payment for support")."""
    entry = entry_of(kind)
    return entry.label if entry is not None else category_label(kind)


def code_label(section: Section, code: str) -> str:
    """A statement line's code in plain words, for the section it sits in."""
    if code in LINE_CODES:
        return LINE_CODES[code]
    if section in BY_CATEGORY:
        return category_label(code)
    if section is Section.OTHER:
        return kind_label(code)
    return source_label(code)


def line_label(line: StatementLine) -> str:
    """A line in plain words, standing alone: its pot when it is not the available one."""
    if line.section is Section.POOLS and (line.label, line.pot) in POOL_LINES:
        return POOL_LINES[(line.label, line.pot)]
    words = code_label(line.section, line.label)
    pot = POT_WORDS.get(line.pot)
    return f"{words} ({pot})" if pot else words


def pending_label(code: str) -> str:
    return PENDING_LABELS.get(code, code)

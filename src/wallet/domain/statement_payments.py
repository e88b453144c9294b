"""Every payment on a statement on its own line: each payment, hold capture, and the person's part
of a shared pool's payment, and each correction of one. Pure, like ``statements``: the use case
reads each payment's details; this module sums each transaction's postings on the lines it makes up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from wallet.domain.accounts import Phase, Side
from wallet.domain.kinds import PLACEMENTS, Placement
from wallet.domain.statements import (
    POOL_PAYMENTS,
    UNCATEGORISED,
    ItemisedPayment,
    Section,
    Statement,
    StatementDoesNotReconcile,
    StatementPosting,
    itemised_line,
    line_of,
)
from wallet.domain.wallet_postings import MANAGEMENT_FEE
from wallet.domain.wallets import WalletAccounts

# What a database reading payments by itself asks: the purposes (a reversal's is the kind it
# reverses) whose posted postings are payments, except those with ``NOT_ITEMISED_MEMO``. It is
# ``line_of`` and ``itemised_line`` read the other way round; ``itemise`` still decides each posting.
ITEMISED_PURPOSES = frozenset(
    kind.value for kind, entry in PLACEMENTS.items()
    if entry.placement is Placement.MONEY_OUT or (entry.placement is Placement.POOLS
                                                   and entry.pool_line == POOL_PAYMENTS))
NOT_ITEMISED_MEMO = MANAGEMENT_FEE


@dataclass(frozen=True, slots=True)
class SpendingFacts:
    """What a payment's transaction says about itself (for a reversal, what the payment said)."""

    effective_date: date
    payee: str | None = None
    pool_id: str | None = None
    service_from: date | None = None
    service_to: date | None = None
    hours: str | None = None
    rate: int | None = None


def itemised_transactions(accounts: WalletAccounts, postings: Iterable[StatementPosting]) -> list[str]:
    """The transactions, in journal order, whose postings the payments list is made of."""
    found: dict[str, None] = {}
    for posting in postings:
        if posting.phase is Phase.POSTED and _itemised_section(accounts, posting) is not None:
            found.setdefault(posting.transaction_id)
    return list(found)


def _itemised_section(accounts: WalletAccounts, posting: StatementPosting) -> Section | None:
    section, label, _ = line_of(accounts, posting)
    return itemised_line(section, label)


def itemise(accounts: WalletAccounts, postings: Iterable[StatementPosting],
            facts: Mapping[str, SpendingFacts]) -> tuple[ItemisedPayment, ...]:
    """One entry per payment (and per correction of one), by value date then journal order, each
    the sum of its transaction's postings on the lines it makes up, signed as those lines are."""
    sums: dict[tuple[str, Section], int] = defaultdict(int)
    first: dict[tuple[str, Section], StatementPosting] = {}
    for posting in postings:
        if posting.phase is not Phase.POSTED:
            continue
        section = _itemised_section(accounts, posting)
        if section is None:
            continue
        key = (posting.transaction_id, section)
        # The same sign rule as ``movements``: a credit adds to the line, a debit takes from it,
        # whichever side the account keeps (the reserve's share is part of the cost).
        sums[key] += posting.amount if posting.side is Side.CREDIT else -posting.amount
        first.setdefault(key, posting)
    items = []
    for key, posting in first.items():
        known = facts.get(posting.transaction_id)
        if known is None:
            raise StatementDoesNotReconcile(f"no details for payment transaction {posting.transaction_id}")
        items.append(ItemisedPayment(posting.transaction_id, known.effective_date, posting.kind, key[1],
                                     posting.memo or UNCATEGORISED, known.payee, sums[key], known.pool_id,
                                     known.service_from, known.service_to, known.hours, known.rate))
    order = {key: n for n, key in enumerate(first)}
    items.sort(key=lambda item: (item.effective_date, order[(item.transaction_id, item.section)]))
    return tuple(items)


def with_payments(statement: Statement, payments: Sequence[ItemisedPayment], *, more: bool = False) -> Statement:
    """The statement listing ``payments``; ``more``: they are a page, and more follow."""
    return replace(statement, payments=tuple(payments), more_payments=more)

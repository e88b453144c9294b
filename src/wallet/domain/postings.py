"""Postings and transactions.

A transaction is two or more postings that balance per currency, within each phase: the posted
postings balance among themselves, and so do the pending ones and the releases. Postings are
never changed once written; a mistake is corrected by a reversal, a new transaction with every
posted posting on the other side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.errors import (
    AccountNotFound,
    NotReversible,
    TooFewPostings,
    Unbalanced,
)
from wallet.domain.money import require_currency, require_minor_units


@dataclass(frozen=True, slots=True)
class Posting:
    account: str
    side: Side
    amount: int
    currency: str = "GBP"
    phase: Phase = Phase.POSTED
    # What the line is for, in the ledger's own words: a funding source, a spending category.
    # Statements group by it; it never affects balances.
    memo: str | None = None

    def __post_init__(self) -> None:
        require_minor_units(self.amount, positive=True)
        require_currency(self.currency)
        object.__setattr__(self, "side", Side(self.side))
        object.__setattr__(self, "phase", Phase(self.phase))


def debit(account: str, amount: int, *, currency: str = "GBP", memo: str | None = None,
          phase: Phase = Phase.POSTED) -> Posting:
    return Posting(account, Side.DEBIT, amount, currency, phase, memo)


def credit(account: str, amount: int, *, currency: str = "GBP", memo: str | None = None,
           phase: Phase = Phase.POSTED) -> Posting:
    return Posting(account, Side.CREDIT, amount, currency, phase, memo)


def check_balanced(postings: Sequence[Posting]) -> None:
    if len(postings) < 2:
        raise TooFewPostings(f"a transaction needs at least two postings, got {len(postings)}")
    totals: dict[tuple[Phase, str], int] = defaultdict(int)
    for posting in postings:
        sign = 1 if posting.side is Side.DEBIT else -1
        totals[(posting.phase, posting.currency)] += sign * posting.amount
    off = {f"{phase.value} {currency}": net for (phase, currency), net in totals.items() if net}
    if off:
        raise Unbalanced(
            "debits and credits differ: "
            + ", ".join(f"{k} by {v:+d}" for k, v in sorted(off.items())),
            differences=off,
        )


@dataclass(frozen=True, slots=True)
class TransactionDraft:
    """A transaction about to be written: checked for balance the moment it is made."""

    kind: str
    effective_date: date
    postings: tuple[Posting, ...]
    reference: str | None = None
    description: str | None = None
    reverses_id: str | None = None
    resolves_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "postings", tuple(self.postings))
        check_balanced(self.postings)

    @property
    def is_pending(self) -> bool:
        return any(p.phase is Phase.PENDING for p in self.postings)

    @property
    def account_codes(self) -> list[str]:
        return sorted({p.account for p in self.postings})


def apply_postings(
    accounts: Mapping[str, AccountState], postings: Iterable[Posting]
) -> tuple[dict[str, AccountState], list[tuple[Posting, AccountState]]]:
    """Apply postings in order; return the accounts after, and each posting with the state it left.

    Every touched account is checked once all postings are applied, so a transaction that both
    takes and gives to one account is judged on its net effect.
    """
    after = dict(accounts)
    trail: list[tuple[Posting, AccountState]] = []
    for posting in postings:
        try:
            state = after[posting.account]
        except KeyError:
            raise AccountNotFound(f"no account {posting.account}", account=posting.account) from None
        state = state.apply(posting.side, posting.phase, posting.amount, posting.currency)
        after[posting.account] = state
        trail.append((posting, state))
    for code in {p.account for p, _ in trail}:
        after[code].check_not_negative()
    return after, trail


def reversal_postings(original: Sequence[Posting]) -> tuple[Posting, ...]:
    """The opposite of every posted posting. Pending money is voided, not reversed."""
    if any(p.phase is Phase.PENDING for p in original):
        raise NotReversible("a pending transaction is voided, not reversed")
    posted = [p for p in original if p.phase is Phase.POSTED]
    if not posted:
        raise NotReversible("this transaction moved no posted money, so there is nothing to reverse")
    return tuple(
        Posting(p.account, p.side.opposite, p.amount, p.currency, Phase.POSTED, p.memo)
        for p in posted
    )


def release_postings(original: Sequence[Posting]) -> tuple[Posting, ...]:
    """Postings that release every pending posting of a transaction.

    A pending transaction is resolved by a new transaction holding these releases plus whatever
    is posted in its place (all of it, part of it, or nothing for a void). Nothing is edited.
    """
    releases = tuple(
        Posting(p.account, p.side, p.amount, p.currency, Phase.RELEASE, p.memo)
        for p in original
        if p.phase is Phase.PENDING
    )
    if not releases:
        raise NotReversible("this transaction holds no pending money to post or void")
    return releases

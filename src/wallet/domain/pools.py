"""Pooled budgets: people combining part of their budgets to buy support together.

A pool is a sub-ledger of named shares: every member has share accounts of their own, one per
funding source (``pool:<pool>:share:<wallet>:<source>``), so every penny in a pool still belongs to
a named person and still remembers whose money it was. The pool's balance is the sum of its
shares by construction; there is no pool-level money that belongs to nobody.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wallet.domain.accounts import Phase, Side
from wallet.domain.allocation import allocate
from wallet.domain.errors import InsufficientFunds, InvalidInput
from wallet.domain.postings import Posting, credit, debit, release_postings
from wallet.domain.wallets import Source, WalletAccounts, full_spend_order


class Split(StrEnum):
    EQUAL = "equal"
    WEIGHTS = "weights"
    FIXED = "fixed"


@dataclass(frozen=True, slots=True)
class Member:
    wallet_id: str
    weight: int | None = None
    fixed_amount: int | None = None
    joined_on: date | None = None
    left_on: date | None = None

    def active_on(self, day: date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (self.left_on is None or day < self.left_on)


def check_member_terms(split: Split, weight: int | None, fixed_amount: int | None) -> None:
    """Each split rule needs exactly its own term per member."""
    if split is Split.WEIGHTS and (weight is None or weight <= 0 or fixed_amount is not None):
        raise InvalidInput("a pool split by weights needs a positive weight for every member", field="weight")
    if split is Split.FIXED and (fixed_amount is None or fixed_amount <= 0 or weight is not None):
        raise InvalidInput("a pool split by fixed amounts needs a positive amount for every member", field="amount")
    if split is Split.EQUAL and (weight is not None or fixed_amount is not None):
        raise InvalidInput("an equal split takes no weights or amounts", field="members")


def split_weights(split: Split, members: Sequence[Member]) -> list[int]:
    if split is Split.EQUAL:
        return [1] * len(members)
    if split is Split.WEIGHTS:
        return [m.weight or 0 for m in members]
    return [m.fixed_amount or 0 for m in members]


def split_amount(amount: int, split: Split, members: Sequence[Member]) -> dict[str, int]:
    """Split exactly over members in a stable order (by wallet id), so the same pounds split the same
    pennies every time: £100 over three is 33.34 + 33.33 + 33.33."""
    if not members:
        raise InvalidInput("the pool has no members to split over")
    ordered = sorted(members, key=lambda m: m.wallet_id)
    parts = allocate(amount, split_weights(split, ordered))
    return {m.wallet_id: part for m, part in zip(ordered, parts)}


def contribution_amounts(split: Split, members: Sequence[Member], total: int | None) -> dict[str, int]:
    """What each member puts in when everyone contributes by their share.

    Fixed pools default to each member's agreed amount; other rules need a total to split.
    """
    if total is None:
        if split is not Split.FIXED:
            raise InvalidInput("say how much to contribute in total, or split the pool by fixed amounts",
                               field="amount")
        return {m.wallet_id: m.fixed_amount or 0 for m in members}
    return split_amount(total, split, members)


@dataclass(frozen=True, slots=True)
class PoolAccounts:
    pool_id: str

    def share(self, wallet_id: str, source: Source) -> str:
        return f"pool:{self.pool_id}:share:{wallet_id}:{source.value}"

    def shares_of(self, wallet_id: str) -> list[str]:
        return [self.share(wallet_id, s) for s in Source]

    @property
    def awaiting_approval(self) -> str:
        return f"pool:{self.pool_id}:awaiting_approval"

    def owner_of(self, code: str) -> tuple[str, Source] | None:
        prefix = f"pool:{self.pool_id}:share:"
        if not code.startswith(prefix):
            return None
        wallet_id, source = code[len(prefix):].rsplit(":", 1)
        return wallet_id, Source(source)


def draw_share(share_by_source: Mapping[Source, int], amount: int, order: Sequence[Source],
               wallet_id: str) -> list[tuple[Source, int]]:
    """Take a member's part from their share, source by source in their wallet's spend order."""
    parts: list[tuple[Source, int]] = []
    remaining = amount
    for source in full_spend_order(order):
        take = min(share_by_source.get(source, 0), remaining)
        if take:
            parts.append((source, take))
            remaining -= take
    if remaining:
        raise InsufficientFunds(
            f"a member's share is {remaining} short of their part of {amount}",
            shortfall=remaining, wallet_id=wallet_id, requested=amount,
        )
    return parts


def contribution_postings(wallet: WalletAccounts, pool: PoolAccounts, parts: Sequence[tuple[Source, int]],
                          currency: str = "GBP") -> list[Posting]:
    """Restricted money moving within the same person's funds: their wallet to their pool share."""
    postings: list[Posting] = []
    for source, amount in parts:
        postings += [debit(wallet.available(source), amount, currency=currency, memo=source.value),
                     credit(pool.share(wallet.wallet_id, source), amount, currency=currency, memo=source.value)]
    return postings


def refund_postings(wallet: WalletAccounts, pool: PoolAccounts, share_by_source: Mapping[Source, int],
                    currency: str = "GBP") -> list[Posting]:
    """A member's unspent share back to their wallet, each source to its own account."""
    postings: list[Posting] = []
    for source, amount in share_by_source.items():
        if amount > 0:
            postings += [debit(pool.share(wallet.wallet_id, source), amount, currency=currency, memo=source.value),
                         credit(wallet.available(source), amount, currency=currency, memo=source.value)]
    return postings


def pool_payment_postings(pool: PoolAccounts, parts: Mapping[str, Sequence[tuple[Source, int]]], cash: str,
                          category: str, *, pending: bool = False, currency: str = "GBP") -> list[Posting]:
    """Debit each member's share for their part; pay it out (or, pending, set it aside)."""
    phase = Phase.PENDING if pending else Phase.POSTED
    postings = [
        debit(pool.share(wallet_id, source), amount, currency=currency, memo=category, phase=phase)
        for wallet_id, member_parts in sorted(parts.items()) for source, amount in member_parts
    ]
    total = sum(p.amount for p in postings)
    postings.append(credit(pool.awaiting_approval if pending else cash, total, currency=currency,
                           memo=category, phase=phase))
    return postings


def pool_settlement_postings(pool: PoolAccounts, pending: Sequence[Posting], cash: str, category: str, *,
                             pay: bool, currency: str = "GBP") -> list[Posting]:
    """Settle a pool payment that waited for approval: release its reservation and, when it is
    paid, take the same parts from the same shares out to ``cash``."""
    postings = list(release_postings(pending))
    if pay:
        parts: dict[str, list[tuple[Source, int]]] = defaultdict(list)
        for posting in pending:
            owner = pool.owner_of(posting.account)
            if posting.phase is Phase.PENDING and posting.side is Side.DEBIT and owner is not None:
                wallet_id, source = owner
                parts[wallet_id].append((source, posting.amount))
        postings += pool_payment_postings(pool, parts, cash, category, currency=currency)
    return postings

"""The postings each wallet operation makes. Pure: the use cases decide, these lines record.

Restricted funds are enforced here by construction: money leaves a person's available accounts
only towards the cash account (a payment for their support, or a return to the funder), the
holder's fee account (an agreed fee), their own committed/awaiting accounts (pending), their
own savings, or a pool share in their own name. There is no builder that names another person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wallet.domain.accounts import Phase
from wallet.domain.errors import InsufficientFunds
from wallet.domain.policies import Overspend, Policy
from wallet.domain.postings import Posting, credit, debit, release_postings
from wallet.domain.wallets import FEE_BEARING_SOURCES, Source, WalletAccounts, draw

MANAGEMENT_FEE = "management_fee"


def funding_postings(accounts: WalletAccounts, source: Source, amount: int, fee: int,
                     currency: str = "GBP") -> list[Posting]:
    if fee and source not in FEE_BEARING_SOURCES:
        # The fees charged in a year are read from the fee-bearing accounts only (WalletAccounts.fee_bearing).
        raise ValueError(f"no management fee is taken from {source.value} money")
    postings = [
        debit(accounts.cash, amount, currency=currency, memo=source.value),
        credit(accounts.available(source), amount, currency=currency, memo=source.value),
    ]
    if fee:
        postings += [
            debit(accounts.available(source), fee, currency=currency, memo=MANAGEMENT_FEE),
            credit(accounts.fee_income, fee, currency=currency, memo=MANAGEMENT_FEE),
        ]
    return postings


@dataclass(frozen=True, slots=True)
class Cover:
    """How a payment is covered: parts per source, and what the holder's reserve adds."""

    parts: tuple[tuple[Source, int], ...]
    reserve: int

    @property
    def total(self) -> int:
        return sum(part for _, part in self.parts) + self.reserve


def cover(available: Mapping[Source, int], amount: int, policy: Policy, *, reserve_used: int) -> Cover:
    """Cover ``amount`` from the sources in spend order, then, if the policy allows, from the
    holder's reserve up to the overspend limit. Anything beyond that is refused: no silent overdraft."""
    parts, shortfall = draw(available, amount, policy.spend_order)
    if not shortfall:
        return Cover(tuple(parts), 0)
    if policy.overspend is Overspend.HOLDER_RESERVE:
        room = max(policy.overspend_limit - reserve_used, 0)
        if shortfall <= room:
            return Cover(tuple(parts), shortfall)
        raise InsufficientFunds(
            f"the wallet is {shortfall} short and the holder's reserve has {room} left of its "
            f"{policy.overspend_limit} limit",
            shortfall=shortfall - room, available=amount - shortfall, reserve_available=room,
            requested=amount,
        )
    raise InsufficientFunds(
        f"the wallet has {amount - shortfall} available; {shortfall} short of {amount}",
        shortfall=shortfall, available=amount - shortfall, requested=amount,
    )


def payment_postings(accounts: WalletAccounts, covered: Cover, category: str,
                     currency: str = "GBP") -> list[Posting]:
    postings = [debit(accounts.available(s), part, currency=currency, memo=category) for s, part in covered.parts]
    if covered.reserve:
        postings.append(debit(accounts.reserve_draw, covered.reserve, currency=currency, memo=category))
    postings.append(credit(accounts.cash, covered.total, currency=currency, memo=category))
    return postings


def reservation_postings(accounts: WalletAccounts, covered: Cover, reserved_in: str, category: str,
                         currency: str = "GBP") -> list[Posting]:
    """Pending postings that set money aside in ``reserved_in`` (committed or awaiting approval)."""
    postings = [
        debit(accounts.available(s), part, currency=currency, memo=category, phase=Phase.PENDING)
        for s, part in covered.parts
    ]
    if covered.reserve:
        postings.append(debit(accounts.reserve_draw, covered.reserve, currency=currency,
                              memo=category, phase=Phase.PENDING))
    postings.append(credit(reserved_in, covered.total, currency=currency, memo=category, phase=Phase.PENDING))
    return postings


def reserved_cover(accounts: WalletAccounts, pending: Sequence[Posting]) -> Cover:
    """Read back how a pending reservation was covered."""
    parts: list[tuple[Source, int]] = []
    reserve = 0
    for posting in pending:
        if posting.phase is not Phase.PENDING or posting.side.value != "debit":
            continue
        source = accounts.source_of(posting.account)
        if source is not None:
            parts.append((source, posting.amount))
        elif posting.account == accounts.reserve_draw:
            reserve += posting.amount
    return Cover(tuple(parts), reserve)


def take_from_cover(reserved: Cover, amount: int) -> Cover:
    """The first ``amount`` of a reservation, in the order it was drawn (a partial capture)."""
    parts: list[tuple[Source, int]] = []
    remaining = amount
    for source, part in reserved.parts:
        take = min(part, remaining)
        if take:
            parts.append((source, take))
            remaining -= take
    reserve = min(reserved.reserve, remaining)
    return Cover(tuple(parts), reserve)


def settle_reservation(accounts: WalletAccounts, pending: Sequence[Posting], amount: int,
                       category: str, currency: str = "GBP") -> list[Posting]:
    """Release a reservation and pay ``amount`` of it (zero releases it all)."""
    postings = list(release_postings(pending))
    if amount:
        postings += payment_postings(accounts, take_from_cover(reserved_cover(accounts, pending), amount),
                                     category, currency)
    return postings

"""A wallet: one person's budget at one holder under one funder, and its chart of accounts.

Every wallet owns these accounts (credit-normal: money held *for* the person):

- ``available:<source>`` per funding source, never negative. Sources are kept apart because
  councils set a spend order and refund each source separately at the end.
- ``committed``: the pending side of holds (money reserved for a known cost).
- ``awaiting_approval``: the pending side of payments that wait for a decision.
- ``savings``: protected savings, still restricted to the person.
- ``reserve_draw`` (debit-normal): what the holder's reserve has covered for this wallet.

Money comes in from, and goes out to, the cash account of whoever holds it: the wallet's part of
the holder's client bank account, or for a notional budget of the funder's commissioning account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from wallet.domain.accounts import Side
from wallet.domain.errors import InsufficientFunds, InvalidInput


class Source(StrEnum):
    FUNDER = "funder"
    PERSON_CONTRIBUTION = "person_contribution"
    NHS = "nhs"
    TOP_UP = "top_up"


# The person's own money first unless the funder says otherwise: the most common council rule.
DEFAULT_SPEND_ORDER: tuple[Source, ...] = (
    Source.PERSON_CONTRIBUTION, Source.FUNDER, Source.NHS, Source.TOP_UP,
)
# Management fees are charged on public money only, never on what the person pays in.
FEE_BEARING_SOURCES = frozenset({Source.FUNDER, Source.NHS})
FEE_BEARING_ORDER = tuple(source for source in Source if source in FEE_BEARING_SOURCES)


class Arrangement(StrEnum):
    ISF = "isf"
    MANAGED_DP = "managed_dp"
    THIRD_PARTY_PHB = "third_party_phb"
    NOTIONAL = "notional"


@dataclass(frozen=True, slots=True)
class HolderAccounts:
    """The accounts a holder keeps for itself.

    Its client bank account and its fee income are each kept as one part per wallet (and per
    pool) it holds, ``holder:<h>:client_bank:wallet:<w>``, rolled up to ``holder:<h>:client_bank``:
    a payment from one person's wallet then updates only that wallet's part, so payments from
    different people at one provider never queue behind one shared row. The holder's position is
    the sum of the parts (and of the whole-holder account that kept it before the parts existed).
    """

    holder_id: str

    @property
    def client_bank(self) -> str:
        return f"holder:{self.holder_id}:client_bank"

    @property
    def fee_income(self) -> str:
        return f"holder:{self.holder_id}:fee_income"

    def client_bank_for(self, wallet_id: str) -> str:
        return part_of(self.client_bank, "wallet", wallet_id)

    def client_bank_for_pool(self, pool_id: str) -> str:
        return part_of(self.client_bank, "pool", pool_id)

    def fee_income_for(self, wallet_id: str) -> str:
        return part_of(self.fee_income, "wallet", wallet_id)

    @property
    def efficiency_income(self) -> str:
        return f"holder:{self.holder_id}:efficiency_income"


@dataclass(frozen=True, slots=True)
class FunderAccounts:
    """The accounts a funder keeps for itself: cash for notional budgets, and what it recovers."""

    funder_id: str

    @property
    def commissioning(self) -> str:
        return f"funder:{self.funder_id}:commissioning"

    @property
    def recovered(self) -> str:
        return f"funder:{self.funder_id}:recovered"

    def commissioning_for(self, wallet_id: str) -> str:
        return part_of(self.commissioning, "wallet", wallet_id)


def part_of(rollup: str, owner: str, owner_id: str) -> str:
    """The code of one wallet's (or pool's) part of a shared account: ``<rollup>:<owner>:<id>``."""
    return f"{rollup}:{owner}:{owner_id}"


def rollup_of(code: str) -> str | None:
    """The shared account a part belongs to, or None for an account that is not a part."""
    for owner in ("wallet", "pool"):
        head, found, _ = code.rpartition(f":{owner}:")
        if found and head.startswith(("holder:", "funder:")):
            return head
    return None


@dataclass(frozen=True, slots=True)
class WalletAccounts:
    wallet_id: str
    funder_id: str
    holder_id: str
    arrangement: Arrangement

    @property
    def holder(self) -> HolderAccounts:
        return HolderAccounts(self.holder_id)

    @property
    def funder(self) -> FunderAccounts:
        return FunderAccounts(self.funder_id)

    def available(self, source: Source) -> str:
        return f"wallet:{self.wallet_id}:available:{source.value}"

    @property
    def fee_bearing(self) -> list[str]:
        """The available accounts a management fee can be taken from: those of public money
        (``FEE_BEARING_SOURCES``), the only ones whose fundings carry a fee, so the only ones
        a fee posting, or its reversal, names."""
        return [self.available(source) for source in FEE_BEARING_ORDER]

    @property
    def committed(self) -> str:
        return f"wallet:{self.wallet_id}:committed"

    @property
    def awaiting_approval(self) -> str:
        return f"wallet:{self.wallet_id}:awaiting_approval"

    @property
    def savings(self) -> str:
        return f"wallet:{self.wallet_id}:savings"

    @property
    def reserve_draw(self) -> str:
        return f"wallet:{self.wallet_id}:reserve_draw"

    @property
    def cash(self) -> str:
        """This wallet's part of whoever's bank the money sits in (see ``HolderAccounts``)."""
        if self.arrangement is Arrangement.NOTIONAL:
            return self.funder.commissioning_for(self.wallet_id)
        return self.holder.client_bank_for(self.wallet_id)

    @property
    def fee_income(self) -> str:
        return self.holder.fee_income_for(self.wallet_id)

    def is_cash(self, code: str) -> bool:
        """This wallet's cash part, or the shared account it rolls up to (which held it before
        the parts existed, so older transactions name it)."""
        return code == self.cash or code == rollup_of(self.cash)

    def source_of(self, account_code: str) -> Source | None:
        prefix = f"wallet:{self.wallet_id}:available:"
        return Source(account_code[len(prefix):]) if account_code.startswith(prefix) else None

    def own_accounts(self) -> list[tuple[str, Side, bool]]:
        """(code, normal side, must not go negative) for every account the wallet owns."""
        return [
            *((self.available(s), Side.CREDIT, True) for s in Source),
            (self.committed, Side.CREDIT, False),
            (self.awaiting_approval, Side.CREDIT, False),
            (self.savings, Side.CREDIT, True),
            (self.reserve_draw, Side.DEBIT, False),
        ]


def full_spend_order(order: Sequence[Source]) -> tuple[Source, ...]:
    """The funder's order, then any source it did not name, in the default order."""
    named = list(dict.fromkeys(order))
    return tuple(named + [s for s in DEFAULT_SPEND_ORDER if s not in named])


def draw(available: Mapping[Source, int], amount: int,
         order: Sequence[Source]) -> tuple[list[tuple[Source, int]], int]:
    """Take ``amount`` from the sources in spend order.

    Returns the parts drawn per source and the shortfall that no source could cover.
    """
    if amount <= 0:
        raise InvalidInput("an amount to draw must be positive", amount=amount)
    parts: list[tuple[Source, int]] = []
    remaining = amount
    for source in full_spend_order(order):
        take = min(available.get(source, 0), remaining)
        if take > 0:
            parts.append((source, take))
            remaining -= take
        if remaining == 0:
            break
    return parts, remaining


def draw_exactly(available: Mapping[Source, int], amount: int, order: Sequence[Source]) -> list[tuple[Source, int]]:
    parts, shortfall = draw(available, amount, order)
    if shortfall:
        raise InsufficientFunds(
            f"the wallet has {amount - shortfall} available; {shortfall} short of {amount}",
            shortfall=shortfall, available=amount - shortfall, requested=amount,
        )
    return parts


def format_pounds(amount: int, currency: str = "GBP") -> str:
    symbol = "£" if currency == "GBP" else f"{currency} "
    sign = "-" if amount < 0 else ""
    whole, pence = divmod(abs(amount), 100)
    return f"{sign}{symbol}{whole:,}.{pence:02d}"


def hours_of_support(amount: int, hourly_rate: int | None) -> float | None:
    """Hours the amount buys at the rate, rounded down to a tenth of an hour: never promise more."""
    if not hourly_rate or amount <= 0:
        return 0.0 if hourly_rate else None
    return (amount * 10 // hourly_rate) / 10

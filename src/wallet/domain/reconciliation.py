"""The daily client-money check: what a holder must hold for the people whose money it keeps, by
funder, against the bank balance it reports.

Many wallets share one client bank account, so the check is on the total: every person's
available money, what is committed to holds or awaiting approval, their savings and their pool
shares. A positive difference is money in the account that is not the people's (fees not yet
drawn, say); a negative one is a shortfall.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from wallet.domain.wallet_balances import WalletBalances


@dataclass(frozen=True, slots=True)
class FunderLine:
    funder_id: str
    wallets: int
    available: int
    committed: int
    awaiting_approval: int
    savings: int
    in_pools: int

    @property
    def total(self) -> int:
        return self.available + self.committed + self.awaiting_approval + self.savings + self.in_pools


def by_funder(balances: Iterable[tuple[str, WalletBalances]]) -> list[FunderLine]:
    lines: dict[str, FunderLine] = {}
    for funder_id, b in balances:
        line = lines.get(funder_id) or FunderLine(funder_id, 0, 0, 0, 0, 0, 0)
        lines[funder_id] = FunderLine(
            funder_id, line.wallets + 1, line.available + b.available, line.committed + b.committed,
            line.awaiting_approval + b.awaiting_approval, line.savings + b.savings, line.in_pools + b.in_pools)
    return [lines[k] for k in sorted(lines)]


@dataclass(frozen=True, slots=True)
class HolderPosition:
    """The ledger's own view of the holder's client account, shown to the holder only: it sums
    every funder's money there."""

    ledger_client_bank: int
    fee_income: int
    efficiency_income: int
    reserve_drawn: int


@dataclass(frozen=True, slots=True)
class Reconciliation:
    holder_id: str
    on: date | None  # the value date counted up to (every day when None)
    currency: str
    lines: list[FunderLine]
    bank_balance: int
    position: HolderPosition | None = None
    as_of: datetime | None = None  # what had been recorded by then (everything when None)

    @property
    def held_for_people(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def difference(self) -> int:
        return self.bank_balance - self.held_for_people

    @property
    def shortfall(self) -> int:
        return max(-self.difference, 0)

    @property
    def unexplained(self) -> int | None:
        """The reported bank balance against the ledger's client account: non-zero means a bank
        movement the ledger has not recorded, or a ledger entry the bank has not seen."""
        return None if self.position is None else self.bank_balance - self.position.ledger_client_bank

    @property
    def other_ledger_items(self) -> int | None:
        """What else the ledger's client account holds: recoveries not yet repaid to funders,
        money in transit between holders."""
        p = self.position
        if p is None:
            return None
        return p.ledger_client_bank - self.held_for_people - p.fee_income - p.efficiency_income + p.reserve_drawn

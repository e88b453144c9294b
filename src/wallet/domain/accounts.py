"""Accounts and their maintained balances.

An account keeps four running totals in the style of TigerBeetle: debits and credits, posted and
pending. Its balance is read on its *normal side* (a liability such as a person's funds is
credit-normal; an asset such as the holder's client bank account is debit-normal). Money held
by a pending transaction (a hold, a payment awaiting approval) still sits in the account but is
not available: ``available`` subtracts pending outflows and never counts pending inflows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from wallet.domain.errors import CurrencyMismatch, InsufficientFunds


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"

    @property
    def opposite(self) -> Side:
        return Side.CREDIT if self is Side.DEBIT else Side.DEBIT


class Phase(StrEnum):
    """How a posting moves an account's totals.

    ``posted`` changes the balance; ``pending`` reserves money without moving it; ``release``
    undoes an earlier pending posting when its transaction is posted or voided.
    """

    POSTED = "posted"
    PENDING = "pending"
    RELEASE = "release"


@dataclass(frozen=True, slots=True)
class AccountState:
    id: int
    code: str
    currency: str
    normal_side: Side
    must_not_go_negative: bool = False
    debits_posted: int = 0
    credits_posted: int = 0
    debits_pending: int = 0
    credits_pending: int = 0

    @property
    def balance(self) -> int:
        """The posted balance on the account's normal side."""
        if self.normal_side is Side.CREDIT:
            return self.credits_posted - self.debits_posted
        return self.debits_posted - self.credits_posted

    @property
    def pending_out(self) -> int:
        """Money reserved to leave the account by pending transactions."""
        return self.debits_pending if self.normal_side is Side.CREDIT else self.credits_pending

    @property
    def pending_in(self) -> int:
        return self.credits_pending if self.normal_side is Side.CREDIT else self.debits_pending

    @property
    def available(self) -> int:
        return self.balance - self.pending_out

    @property
    def net_posted(self) -> int:
        """Debits minus credits: the sign-neutral figure that sums to zero over the whole ledger."""
        return self.debits_posted - self.credits_posted

    def apply(self, side: Side, phase: Phase, amount: int, currency: str) -> AccountState:
        if currency != self.currency:
            raise CurrencyMismatch(
                f"account {self.code} is kept in {self.currency}, not {currency}",
                account=self.code,
            )
        # Spelt out rather than ``replace``: every posting of a bulk run applies here, and
        # ``replace`` cost three times a plain construction.
        debits_posted, credits_posted = self.debits_posted, self.credits_posted
        debits_pending, credits_pending = self.debits_pending, self.credits_pending
        if phase is Phase.POSTED:
            if side is Side.DEBIT:
                debits_posted += amount
            else:
                credits_posted += amount
        else:
            delta = -amount if phase is Phase.RELEASE else amount
            if side is Side.DEBIT:
                debits_pending += delta
            else:
                credits_pending += delta
        return AccountState(self.id, self.code, self.currency, self.normal_side, self.must_not_go_negative,
                            debits_posted, credits_posted, debits_pending, credits_pending)

    def check_not_negative(self) -> None:
        if self.must_not_go_negative and self.available < 0:
            raise InsufficientFunds(
                f"account {self.code} would be short by {-self.available} minor units",
                shortfall=-self.available,
                account=self.code,
            )
        if self.debits_pending < 0 or self.credits_pending < 0:
            # A release larger than what is pending would invent available money.
            raise InsufficientFunds(
                f"account {self.code} has less pending than the release asks for",
                shortfall=-min(self.debits_pending, self.credits_pending),
                account=self.code,
            )

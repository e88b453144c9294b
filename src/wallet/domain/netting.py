"""Netting surplus off future fundings (``surplus_action: net_off``).

At the close the surplus leaves the person's available money for the funder's recovered account,
as a recovery does, but the holder does not repay it in cash: it stays in the holder's client
account as a recovery owed, and the funder pays that much less on the wallet's next scheduled
fundings, as many periods as it takes. Each funding is still posted in full (the period's whole
budget reaches the person); beside it a netting transaction takes the netted part out of the
wallet's cash and off the recovered account, so the cash the ledger expects is what the bank
receives and the recovered account shows each netted period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wallet.domain.postings import Posting, credit, debit
from wallet.domain.wallets import Source, WalletAccounts

NET_OFF = "net_off"
# Only public money is netted: the council pays less of its own money next time.
NETTED_SOURCES = frozenset({Source.FUNDER, Source.NHS})


@dataclass(frozen=True, slots=True)
class Owed:
    """A close's surplus still to be netted."""

    net_off_id: str
    remaining: int


def netted_parts(owed: Sequence[Owed], funding_amount: int) -> list[tuple[str, int]]:
    """How much of one funding settles each outstanding net-off, oldest first, never more than
    the funding itself: what is left over waits for the next period."""
    parts: list[tuple[str, int]] = []
    room = funding_amount
    for item in owed:
        if room <= 0:
            break
        take = min(item.remaining, room)
        if take > 0:
            parts.append((item.net_off_id, take))
            room -= take
    return parts


def netting_postings(accounts: WalletAccounts, amount: int, *, recovery_account: str,
                     currency: str = "GBP") -> list[Posting]:
    """The funder keeps back ``amount`` of a funding: its recovery is settled, and the wallet's
    cash holds that much less than the funding posted."""
    return [debit(recovery_account, amount, currency=currency, memo=NET_OFF),
            credit(accounts.cash, amount, currency=currency, memo=NET_OFF)]

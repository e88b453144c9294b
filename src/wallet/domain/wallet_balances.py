"""A wallet's balances, read from its accounts' maintained totals (never summed from history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wallet.domain.accounts import AccountState
from wallet.domain.wallets import Source, WalletAccounts

POOL_SHARE_PREFIX = "pool:"


@dataclass(frozen=True, slots=True)
class WalletBalances:
    available: int
    by_source: dict[str, int]
    committed: int
    awaiting_approval: int
    savings: int
    in_pools: int
    reserve_drawn: int
    contingency: int

    @property
    def held_for_person(self) -> int:
        """Everything still held for the person: what the holder must be able to show in the bank."""
        return self.available + self.committed + self.awaiting_approval + self.savings + self.in_pools


def wallet_balances(accounts: WalletAccounts, states: Mapping[str, AccountState], *,
                    contingency_cap: int = 0) -> WalletBalances:
    def state(code: str) -> AccountState | None:
        return states.get(code)

    by_source = {s.value: found.available if (found := state(accounts.available(s))) else 0 for s in Source}
    available = sum(by_source.values())
    committed = state(accounts.committed)
    awaiting = state(accounts.awaiting_approval)
    savings = state(accounts.savings)
    reserve = state(accounts.reserve_draw)
    in_pools = sum(s.balance for code, s in states.items() if code.startswith(POOL_SHARE_PREFIX))
    return WalletBalances(
        available=available,
        by_source=by_source,
        committed=committed.pending_in if committed else 0,
        awaiting_approval=awaiting.pending_in if awaiting else 0,
        savings=savings.balance if savings else 0,
        in_pools=in_pools,
        reserve_drawn=reserve.balance if reserve else 0,
        # The part of unspent money the person may keep under the policy's contingency.
        contingency=max(min(available, contingency_cap), 0),
    )

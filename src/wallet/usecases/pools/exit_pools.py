"""A wallet that ends or moves leaves every pool it is in, its shares returned to it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.pools import PoolAccounts
from wallet.domain.principals import Principal
from wallet.domain.wallets import Source
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.pool_repository import PoolRepository
from wallet.persistence.wallet_repository import PolicyRepository, WalletRecord, WalletRepository
from wallet.usecases.pools.context import PoolContext
from wallet.usecases.pools.membership import refund_members


def pool_account_codes(session: Session, wallet: WalletRecord) -> list[str]:
    """Every account leaving the wallet's pools would touch, so callers can lock them up front."""
    codes: list[str] = []
    wallets = WalletRepository(session)
    for membership in PoolRepository(session).memberships_of(wallet.id):
        pool = PoolAccounts(membership.pool_id)
        for member in PoolRepository(session).members(membership.pool_id, current_only=True):
            other = wallets.get(member.wallet_id)
            if other is not None:
                codes += [other.accounts.available(s) for s in Source] + pool.shares_of(other.id)
        codes.append(pool.awaiting_approval)
    return codes


def exit_pools(session: Session, principal: Principal, wallet: WalletRecord, on: date) -> int:
    """Return every share the wallet holds in a pool; the amount returned."""
    repository = PoolRepository(session)
    returned = 0
    for membership in repository.memberships_of(wallet.id):
        pool = repository.get(membership.pool_id, lock=True)
        assert pool is not None
        policy = PolicyRepository(session).get(wallet.policy_id)
        assert policy is not None
        context = PoolContext(session, principal, pool, [membership], {wallet.id: wallet}, {wallet.id: policy},
                              LedgerRepository(session))
        context.lock()
        returned += context.share(wallet.id)
        refund_members(context, [membership], max(on, membership.joined_on),
                       why=f"{wallet.id} left {pool.name} as its wallet ended",
                       action="pool.member_left", cause="wallet_closed")
    return returned

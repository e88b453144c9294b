"""The visibility rule of ``wallet.domain.visibility`` as SQL conditions, for every read that
filters by who may see a wallet (lists, reports, exports, the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true

from wallet.domain.principals import Principal, Role
from wallet.domain.visibility import WalletField, WalletScope, wallet_scope
from wallet.persistence.pool_tables import pool_members, pools
from wallet.persistence.tables import accounts
from wallet.persistence.wallet_tables import wallets

WALLET_COLUMNS: Mapping[WalletField, ColumnElement[str]] = {
    WalletField.ID: wallets.c.id, WalletField.FUNDER: wallets.c.funder_id, WalletField.HOLDER: wallets.c.holder_id,
}


def scope_condition(scope: WalletScope, columns: Mapping[WalletField, ColumnElement[str]]) -> ColumnElement[bool]:
    """The scope over any table that names a wallet's owners in ``columns``."""
    if scope.every_wallet:
        return true()
    clauses = [columns[f].in_(sorted(values)) for f, values in scope.allowed.items()]
    return or_(*clauses) if clauses else false()


def visible_wallets_condition(principal: Principal) -> ColumnElement[bool]:
    """A condition on ``wallets`` rows: the wallets the principal may see."""
    return scope_condition(wallet_scope(principal), WALLET_COLUMNS)


def holder_wallets_condition(principal: Principal, holder_id: str) -> ColumnElement[bool]:
    """The wallets at one holder that the principal may see."""
    return and_(wallets.c.holder_id == holder_id, visible_wallets_condition(principal))


def wallet_ids_where(condition: ColumnElement[bool]) -> Select[tuple[str]]:
    return select(wallets.c.id).where(condition)


def accounts_of_wallets(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """A condition on ``accounts``: the accounts (pool shares included) of the wallets matching
    ``condition``."""
    return accounts.c.wallet_id.in_(wallet_ids_where(condition))


def visible_pools_condition(principal: Principal) -> ColumnElement[bool]:
    """A condition on ``pools``: the holder sees its own pools, the operator every pool, anyone
    else a pool with a member wallet it may see."""
    if principal.is_admin:
        return true()
    if principal.role is Role.HOLDER:
        return pools.c.holder_id == principal.organisation_id
    return pools.c.id.in_(select(pool_members.c.pool_id).where(
        pool_members.c.wallet_id.in_(wallet_ids_where(visible_wallets_condition(principal)))))

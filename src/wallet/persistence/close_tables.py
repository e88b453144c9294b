"""Period closes: reviewed proposals of what the unspent-funds rules would do, per wallet."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, String, Table

from wallet.persistence.columns import (
    amount,
    created_at,
    day,
    id_column,
    moment,
    one_of,
    organisation,
    refers_to,
    transaction,
)
from wallet.persistence.tables import metadata

period_closes = Table(
    "period_closes",
    metadata,
    id_column(),
    organisation("funder_id", index=True),
    day("period_end"),
    Column("status", String(10), nullable=False),
    created_at(),
    moment("confirmed_at"),
    one_of("status", "proposed", "confirmed"),
)

period_close_items = Table(
    "period_close_items",
    metadata,
    id_column(),
    refers_to("close_id", "period_closes", index=True),
    refers_to("wallet_id", "wallets"),
    Column("final", Boolean, nullable=False),
    # The wallet's account totals and policy version when proposed: confirm refuses a stale plan.
    Column("fingerprint", String(64), nullable=False),
    *(amount(name) for name in ("available", "committed", "in_pools", "savings", "funded_in_period",
                                "weekly_budget", "contingency_cap", "contingency_kept", "over_cap", "aged",
                                "surplus")),
    Column("action", String(20), nullable=False),
    Column("reason", String(1000), nullable=False),
    Column("plan", JSON, nullable=False),
    Column("status", String(10), nullable=False),
    transaction("transaction_id", nullable=True),
    one_of("status", "proposed", "confirmed", "stale"),
    Index("ix_period_close_items_wallet_id", "wallet_id"),
)

"""Period closes: reviewed proposals of what the unspent-funds rules would do, per wallet."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, Date, ForeignKey, Index, String, Table

from wallet.persistence.tables import metadata
from wallet.persistence.types import Amount, PublicId, UtcDateTime

period_closes = Table(
    "period_closes",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("funder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("period_end", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("confirmed_at", UtcDateTime, nullable=True),
    CheckConstraint("status IN ('proposed', 'confirmed')", name="status"),
)

period_close_items = Table(
    "period_close_items",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("close_id", PublicId, ForeignKey("period_closes.id"), nullable=False, index=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False),
    Column("final", Boolean, nullable=False),
    # The wallet's account totals and policy version when proposed: confirm refuses a stale plan.
    Column("fingerprint", String(64), nullable=False),
    Column("available", Amount, nullable=False),
    Column("committed", Amount, nullable=False),
    Column("in_pools", Amount, nullable=False),
    Column("savings", Amount, nullable=False),
    Column("funded_in_period", Amount, nullable=False),
    Column("weekly_budget", Amount, nullable=False),
    Column("contingency_cap", Amount, nullable=False),
    Column("contingency_kept", Amount, nullable=False),
    Column("over_cap", Amount, nullable=False),
    Column("aged", Amount, nullable=False),
    Column("surplus", Amount, nullable=False),
    Column("action", String(20), nullable=False),
    Column("reason", String(1000), nullable=False),
    Column("plan", JSON, nullable=False),
    Column("status", String(10), nullable=False),
    Column("transaction_id", PublicId, ForeignKey("transactions.id"), nullable=True),
    CheckConstraint("status IN ('proposed', 'confirmed', 'stale')", name="status"),
    Index("ix_period_close_items_wallet_id", "wallet_id"),
)

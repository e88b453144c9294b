"""Pools (members with their split terms, pool payments, per-member approvals) and period closes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pools",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("holder_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("split", sa.String(10), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.CheckConstraint("split IN ('equal', 'weights', 'fixed')", name="split"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="status"),
    )
    op.create_index(None, "pools", ["holder_id"])
    op.create_table(
        "pool_members",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("pool_id", sa.String(36), sa.ForeignKey("pools.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("weight", sa.BigInteger, nullable=True),
        sa.Column("fixed_amount", sa.BigInteger, nullable=True),
        sa.Column("joined_on", sa.Date, nullable=False),
        sa.Column("left_on", sa.Date, nullable=True),
        sa.Column("refund_transaction_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=True),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_index(None, "pool_members", ["wallet_id"])
    op.create_index("uq_pool_members_active", "pool_members", ["pool_id", "wallet_id"], unique=True,
                    sqlite_where=sa.text("left_on IS NULL"), postgresql_where=sa.text("left_on IS NULL"))
    op.create_table(
        "pool_payments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("pool_id", sa.String(36), sa.ForeignKey("pools.id"), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("payee", sa.String(100), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("parts", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pending_transaction_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=True),
        sa.Column("transaction_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('posted', 'awaiting_approval', 'rejected')", name="status"),
    )
    op.create_index(None, "pool_payments", ["pool_id"])
    op.create_table(
        "pool_payment_approvals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("pool_payment_id", sa.String(36), sa.ForeignKey("pool_payments.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("funder_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("why", sa.String(200), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_at", ts, nullable=True),
        sa.Column("decision_reason", sa.String(500), nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("status IN ('awaiting', 'approved', 'rejected', 'withdrawn')", name="status"),
    )
    op.create_index(None, "pool_payment_approvals", ["pool_payment_id"])
    op.create_index(None, "pool_payment_approvals", ["funder_id"])
    op.create_table(
        "period_closes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("funder_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("confirmed_at", ts, nullable=True),
        sa.CheckConstraint("status IN ('proposed', 'confirmed')", name="status"),
    )
    op.create_index(None, "period_closes", ["funder_id"])
    op.create_table(
        "period_close_items",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("close_id", sa.String(36), sa.ForeignKey("period_closes.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("final", sa.Boolean, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        *(sa.Column(name, sa.BigInteger, nullable=False) for name in (
            "available", "committed", "in_pools", "savings", "funded_in_period", "weekly_budget",
            "contingency_cap", "contingency_kept", "over_cap", "aged", "surplus")),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("transaction_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=True),
        sa.CheckConstraint("status IN ('proposed', 'confirmed', 'stale')", name="status"),
    )
    op.create_index(None, "period_close_items", ["close_id"])
    op.create_index("ix_period_close_items_wallet_id", "period_close_items", ["wallet_id"])


def downgrade() -> None:
    for table in ("period_close_items", "period_closes", "pool_payment_approvals", "pool_payments",
                  "pool_members", "pools"):
        op.drop_table(table)

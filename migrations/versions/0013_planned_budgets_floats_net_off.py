"""Planned budgets, opening floats and netting surplus off future fundings.

New tables only: a wallet's planned budget from dates, and each close's surplus that the next
fundings net off, with one row per netted period. Floats need no schema: the policy says whether
the float is held, and the schedules already record the float they paid.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _id(name: str, table: str, **kwargs: object) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(36), sa.ForeignKey(f"{table}.id"), **kwargs)  # type: ignore[arg-type]


def upgrade() -> None:
    op.create_table(
        "planned_budgets",
        _id("wallet_id", "wallets", primary_key=True),
        sa.Column("effective_from", sa.Date, primary_key=True),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("every", sa.String(4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("every IN ('1w', '2w', '4w', '1m', '1y')", name="every"),
    )
    op.create_table(
        "net_offs",
        sa.Column("id", sa.String(36), primary_key=True),
        _id("wallet_id", "wallets", nullable=False),
        _id("funder_id", "organisations", nullable=False),
        _id("close_id", "period_closes", nullable=False),
        _id("close_transaction_id", "transactions", nullable=False, unique=True),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("netted", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('open', 'settled', 'cancelled')", name="status"),
    )
    op.create_index("ix_net_offs_wallet_id", "net_offs", ["wallet_id"])
    op.create_table(
        "net_off_settlements",
        sa.Column("id", sa.String(36), primary_key=True),
        _id("net_off_id", "net_offs", nullable=False, index=True),
        _id("wallet_id", "wallets", nullable=False, index=True),
        _id("transaction_id", "transactions", nullable=False),
        _id("funding_transaction_id", "transactions", nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('netted', 'restored')", name="status"),
        sa.UniqueConstraint("net_off_id", "funding_transaction_id", name="uq_net_off_settlements_funding"),
    )


def downgrade() -> None:
    op.drop_table("net_off_settlements")
    op.drop_index("ix_net_offs_wallet_id", table_name="net_offs")
    op.drop_table("net_offs")
    op.drop_table("planned_budgets")

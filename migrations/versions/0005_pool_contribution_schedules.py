"""Scheduled pool contributions: the schedules, and each contribution they have made (one member,
one period), with a partial unique index so a member's period is paid at most once at a time.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pool_contribution_schedules",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("pool_id", sa.String(36), sa.ForeignKey("pools.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=True),
        sa.Column("amount", sa.BigInteger, nullable=True),
        sa.Column("every", sa.String(4), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("every IN ('1w', '2w', '4w', '1m')", name="every"),
    )
    op.create_index(None, "pool_contribution_schedules", ["pool_id"])
    op.create_table(
        "pool_scheduled_contributions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("schedule_id", sa.String(36), sa.ForeignKey("pool_contribution_schedules.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("transaction_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("status IN ('paid', 'reversed')", name="status"),
        sa.UniqueConstraint("transaction_id"),
    )
    op.create_index("uq_pool_scheduled_contributions_paid_period", "pool_scheduled_contributions",
                    ["schedule_id", "wallet_id", "period_start"], unique=True,
                    sqlite_where=sa.text("status = 'paid'"), postgresql_where=sa.text("status = 'paid'"))


def downgrade() -> None:
    for table in ("pool_scheduled_contributions", "pool_contribution_schedules"):
        op.drop_table(table)

"""Suspension: a funder suspends a wallet from a date, and resumes it later.

``wallet_suspensions`` keeps every suspension and its resumption (who, when, why, whether the
schedules paused and whether the paused periods were paid). The wallet keeps a copy of its latest
one in four nullable columns, added in place, so a spend sees it in the read it already makes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)
WALLET_COLUMNS = ("suspension_id", "suspended_from", "suspended_until", "suspension_reason")


def upgrade() -> None:
    op.add_column("wallets", sa.Column("suspension_id", sa.String(36), nullable=True))
    op.add_column("wallets", sa.Column("suspended_from", sa.Date, nullable=True))
    op.add_column("wallets", sa.Column("suspended_until", sa.Date, nullable=True))
    op.add_column("wallets", sa.Column("suspension_reason", sa.String(20), nullable=True))
    op.create_table(
        "wallet_suspensions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("pause_schedules", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("suspended_by", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("resumed_on", sa.Date, nullable=True),
        sa.Column("pay_paused_periods", sa.Boolean, nullable=True),
        sa.Column("resumed_by", sa.String(36), sa.ForeignKey("organisations.id"), nullable=True),
        sa.Column("resumed_at", ts, nullable=True),
        sa.CheckConstraint("reason IN ('investigation', 'hospital_stay', 'other')", name="reason"),
    )
    op.create_index(None, "wallet_suspensions", ["wallet_id"])


def downgrade() -> None:
    op.drop_table("wallet_suspensions")
    # In place on SQLite too (3.35 and later), as in 0006: rebuilding wallets would have to copy
    # it while most tables refer to it.
    for column in reversed(WALLET_COLUMNS):
        op.drop_column("wallets", column)

"""Ending a schedule later on: the day a funder ended a wallet's funding schedule, or a holder a
pool contribution schedule, and when. What the schedule said when set up (``ends_on``) is kept.

Nullable columns only, added in place: neither table has triggers, and nothing is rebuilt.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("schedules", "pool_contribution_schedules")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("ended_on", sa.Date, nullable=True))
        op.add_column(table, sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # In place on SQLite too (3.35 and later): rebuilding schedules would have to copy it while
    # schedule_payments refers to it.
    for table in TABLES:
        op.drop_column(table, "ended_at")
        op.drop_column(table, "ended_on")

"""A holder's mapping of ledger accounts to its own nominal codes (issue 14): one row per kind of
ledger account the holder has set; a kind without a row takes its default code.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_mappings",
        sa.Column("holder_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("account", sa.String(40), primary_key=True),
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("account_mappings")

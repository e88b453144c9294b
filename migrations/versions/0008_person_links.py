"""Sign-in links and sessions for the person's own page (issue 14).

A council or provider issues a one-time sign-in link for one wallet; exchanging it starts a
session. Only sha256 hashes of the link's token and of the session's token are stored, as for API
keys, so neither table holds anything that would let a reader sign in.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "person_links",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("issued_by_key_id", sa.String(36), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("expires_at", ts, nullable=False),
        sa.Column("used_at", ts, nullable=True),
        sa.UniqueConstraint("token_hash"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_issue"),
    )
    op.create_index(None, "person_links", ["wallet_id"])
    op.create_table(
        "person_sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("link_id", sa.String(36), sa.ForeignKey("person_links.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("expires_at", ts, nullable=False),
        sa.Column("ended_at", ts, nullable=True),
        sa.UniqueConstraint("link_id"),
        sa.UniqueConstraint("token_hash"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_start"),
    )
    op.create_index(None, "person_sessions", ["wallet_id"])


def downgrade() -> None:
    op.drop_table("person_sessions")
    op.drop_table("person_links")

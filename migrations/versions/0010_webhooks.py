"""Webhook endpoints and their deliveries (issue 14): each endpoint's place in its organisation's
event feed, its failures and its worker's lease; and the log of every delivery, with the
redeliveries asked for and not yet sent.

New tables only: nothing existing is touched.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("description", sa.String(200), nullable=True),
        sa.Column("event_types", sa.JSON, nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("disabled_reason", sa.String(10), nullable=True),
        sa.Column("disabled_at", ts, nullable=True),
        sa.Column("delivered_seq", sa.BigInteger, nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False),
        sa.Column("failing_since", ts, nullable=True),
        sa.Column("next_attempt_at", ts, nullable=True),
        sa.Column("leased_by", sa.String(64), nullable=True),
        sa.Column("lease_expires_at", ts, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("deleted_at", ts, nullable=True),
        sa.CheckConstraint("status IN ('enabled', 'disabled')", name="status"),
        sa.CheckConstraint("disabled_reason IN ('manual', 'failing')", name="disabled_reason"),
    )
    op.create_index(None, "webhook_endpoints", ["organisation_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("endpoint_id", sa.String(36), sa.ForeignKey("webhook_endpoints.id"), nullable=False),
        sa.Column("event_seq", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(60), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("redelivery", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("response_excerpt", sa.String(500), nullable=True),
        sa.Column("requested_at", ts, nullable=False),
        sa.Column("attempted_at", ts, nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
    )
    op.create_index("ix_webhook_deliveries_endpoint_id_requested_at", "webhook_deliveries",
                    ["endpoint_id", "requested_at", "id"])
    op.create_index("ix_webhook_deliveries_endpoint_id_event_seq", "webhook_deliveries", ["endpoint_id", "event_seq"])
    op.create_index("ix_webhook_deliveries_pending", "webhook_deliveries", ["endpoint_id"],
                    sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    for table in ("webhook_deliveries", "webhook_endpoints"):
        op.drop_table(table)

"""Support plans, timesheets, and the funder's word that no more invoices come after an end.

``support_plan_services``: a wallet's agreed services (a PA's reference or a provider, hourly rate
in pence, hours a week in hundredths, from and to dates). ``timesheet_entries``: each timesheet
paid, beside the transaction that recorded it, indexed by service and week for the weekly-hours
rule. ``final_invoice_confirmations``: an ended wallet whose funder said every invoice for support
before the end has come, so the after-ending window shuts and the final close may go ahead.
Service dates themselves are kept in ``transactions.details``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)
public_id = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "support_plan_services",
        sa.Column("id", public_id, primary_key=True),
        sa.Column("wallet_id", public_id, sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("provider_kind", sa.String(10), nullable=False),
        sa.Column("provider_ref", sa.String(100), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("hourly_rate", sa.BigInteger, nullable=False),
        sa.Column("weekly_hundredths", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("created_by", public_id, sa.ForeignKey("organisations.id"), nullable=False),
        sa.CheckConstraint("provider_kind IN ('pa', 'provider')", name="provider_kind"),
        sa.CheckConstraint("hourly_rate > 0", name="hourly_rate_positive"),
        sa.CheckConstraint("weekly_hundredths > 0", name="weekly_hours_positive"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="service_ends_after_start"),
    )
    op.create_index(None, "support_plan_services", ["wallet_id"])
    op.create_table(
        "timesheet_entries",
        sa.Column("id", public_id, primary_key=True),
        sa.Column("wallet_id", public_id, sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("service_id", public_id, sa.ForeignKey("support_plan_services.id"), nullable=False),
        sa.Column("transaction_id", public_id, sa.ForeignKey("transactions.id"), nullable=False),
        sa.Column("week_start", sa.Date, nullable=False),
        sa.Column("hundredths", sa.Integer, nullable=False),
        sa.Column("rate", sa.BigInteger, nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("transaction_id"),
        sa.CheckConstraint("hundredths > 0", name="hours_positive"),
    )
    op.create_index("ix_timesheet_entries_service_id_week_start", "timesheet_entries", ["service_id", "week_start"])
    op.create_table(
        "final_invoice_confirmations",
        sa.Column("wallet_id", public_id, sa.ForeignKey("wallets.id"), primary_key=True),
        sa.Column("confirmed_on", sa.Date, nullable=False),
        sa.Column("confirmed_at", ts, nullable=False),
        sa.Column("confirmed_by", public_id, sa.ForeignKey("organisations.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("final_invoice_confirmations")
    op.drop_table("timesheet_entries")
    op.drop_table("support_plan_services")

"""Wallets, versioned policies, accreditations, funding schedules, holds, approvals and alerts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ts = sa.DateTime(timezone=True)


def _id(name: str = "id") -> sa.Column:
    return sa.Column(name, sa.String(36), primary_key=True)


def _org(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(36), sa.ForeignKey("organisations.id"), nullable=nullable)


def _txn(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(36), sa.ForeignKey("transactions.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "accreditations",
        sa.Column("funder_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("holder_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.CheckConstraint("status IN ('accredited', 'suspended')", name="status"),
    )
    op.create_table(
        "policies",
        _id(),
        _org("funder_id"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_index(None, "policies", ["funder_id"])
    op.create_table(
        "policy_versions",
        sa.Column("policy_id", sa.String(36), sa.ForeignKey("policies.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("rules", sa.JSON, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_table(
        "wallets",
        _id(),
        sa.Column("person_ref", sa.String(100), nullable=False),
        _org("funder_id"),
        _org("holder_id"),
        sa.Column("arrangement", sa.String(20), nullable=False),
        sa.Column("policy_id", sa.String(36), sa.ForeignKey("policies.id"), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("closure_reason", sa.String(10), nullable=True),
        sa.Column("moved_to_wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=True),
        sa.Column("moved_from_wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("arrangement IN ('isf', 'managed_dp', 'third_party_phb', 'notional')", name="arrangement"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="status"),
    )
    op.create_index(None, "wallets", ["funder_id"])
    op.create_index(None, "wallets", ["holder_id"])
    op.create_table(
        "schedules",
        _id(),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        _org("funder_id"),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("every", sa.String(4), nullable=False),
        sa.Column("in_advance", sa.Boolean, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("opening_float", sa.BigInteger, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("every IN ('1w', '2w', '4w', '1m')", name="every"),
    )
    op.create_index(None, "schedules", ["wallet_id"])
    op.create_index(None, "schedules", ["funder_id"])
    op.create_table(
        "schedule_amount_changes",
        sa.Column("schedule_id", sa.String(36), sa.ForeignKey("schedules.id"), primary_key=True),
        sa.Column("effective_from", sa.Date, primary_key=True),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )
    op.create_table(
        "schedule_payments",
        _id(),
        sa.Column("schedule_id", sa.String(36), sa.ForeignKey("schedules.id"), nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        _txn("transaction_id"),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("status IN ('paid', 'reversed')", name="status"),
        sa.UniqueConstraint("transaction_id"),
    )
    op.create_index("uq_schedule_payments_paid_period", "schedule_payments", ["schedule_id", "period_start"],
                    unique=True, sqlite_where=sa.text("status = 'paid'"),
                    postgresql_where=sa.text("status = 'paid'"))
    op.create_table(
        "holds",
        _id(),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        _txn("pending_transaction_id"),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("payee", sa.String(100), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("expires_on", sa.Date, nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("captured_amount", sa.BigInteger, nullable=False),
        _txn("resolution_transaction_id", nullable=True),
        _org("created_by"),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("resolved_at", ts, nullable=True),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('live', 'captured', 'released', 'expired')", name="status"),
        sa.UniqueConstraint("pending_transaction_id"),
    )
    op.create_index(None, "holds", ["wallet_id"])
    op.create_index("ix_holds_status_expires_on", "holds", ["status", "expires_on"])
    op.create_table(
        "approvals",
        _id(),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        _txn("pending_transaction_id"),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("payee", sa.String(100), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("why", sa.String(200), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _org("requested_by"),
        _org("decided_by", nullable=True),
        sa.Column("decided_at", ts, nullable=True),
        sa.Column("decision_reason", sa.String(500), nullable=True),
        _txn("resolution_transaction_id", nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('awaiting', 'approved', 'rejected')", name="status"),
        sa.UniqueConstraint("pending_transaction_id"),
    )
    op.create_index(None, "approvals", ["wallet_id"])
    op.create_table(
        "alerts",
        _id(),
        sa.Column("kind", sa.String(30), nullable=False),
        _org("funder_id"),
        _org("holder_id"),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=True),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("message", sa.String(500), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("raised_at", ts, nullable=False),
        sa.Column("acknowledged_at", ts, nullable=True),
        _org("acknowledged_by", nullable=True),
        sa.UniqueConstraint("dedupe_key"),
    )
    op.create_index(None, "alerts", ["funder_id"])
    op.create_index(None, "alerts", ["holder_id"])


def downgrade() -> None:
    for table in ("alerts", "approvals", "holds", "schedule_payments", "schedule_amount_changes",
                  "schedules", "wallets", "policy_versions", "policies", "accreditations"):
        op.drop_table(table)

"""Tables for wallets and the records around their money: policies, accreditations, schedules,
holds, approvals and alerts. The money itself lives only in the ledger tables."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    text,
)

from wallet.persistence.tables import metadata
from wallet.persistence.types import Amount, PublicId, UtcDateTime

accreditations = Table(
    "accreditations",
    metadata,
    # Each funder keeps its own list of trusted budget holders.
    Column("funder_id", PublicId, ForeignKey("organisations.id"), primary_key=True),
    Column("holder_id", PublicId, ForeignKey("organisations.id"), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('accredited', 'suspended')", name="status"),
)

policies = Table(
    "policies",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("funder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

policy_versions = Table(
    "policy_versions",
    metadata,
    Column("policy_id", PublicId, ForeignKey("policies.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("rules", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

wallets = Table(
    "wallets",
    metadata,
    Column("id", PublicId, primary_key=True),
    # The only personal data the service keeps: the funder's own reference for the person.
    Column("person_ref", String(100), nullable=False),
    Column("funder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("holder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("arrangement", String(20), nullable=False),
    Column("policy_id", PublicId, ForeignKey("policies.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("closure_reason", String(10), nullable=True),
    Column("moved_to_wallet_id", PublicId, ForeignKey("wallets.id"), nullable=True),
    Column("moved_from_wallet_id", PublicId, ForeignKey("wallets.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("arrangement IN ('isf', 'managed_dp', 'third_party_phb', 'notional')", name="arrangement"),
    CheckConstraint("status IN ('open', 'closed')", name="status"),
)

schedules = Table(
    "schedules",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False, index=True),
    Column("funder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("amount", Amount, nullable=False),
    Column("source", String(30), nullable=False),
    Column("every", String(4), nullable=False),
    Column("in_advance", Boolean, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),  # as set up; never changed afterwards
    Column("opening_float", Amount, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    # The funder ended it later, from this day: periods are paid as if ends_on were the earlier
    # of the two, while ends_on keeps what the schedule said when it was set up.
    Column("ended_on", Date, nullable=True),
    Column("ended_at", UtcDateTime, nullable=True),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("every IN ('1w', '2w', '4w', '1m')", name="every"),
)

schedule_amount_changes = Table(
    "schedule_amount_changes",
    metadata,
    Column("schedule_id", PublicId, ForeignKey("schedules.id"), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("amount", Amount, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
)

schedule_payments = Table(
    "schedule_payments",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("schedule_id", PublicId, ForeignKey("schedules.id"), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("transaction_id", PublicId, ForeignKey("transactions.id"), nullable=False, unique=True),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('paid', 'reversed')", name="status"),
    # A period is paid at most once at a time; a reversed payment frees it for a later run.
    Index("uq_schedule_payments_paid_period", "schedule_id", "period_start", unique=True,
          sqlite_where=text("status = 'paid'"), postgresql_where=text("status = 'paid'")),
)

holds = Table(
    "holds",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False, index=True),
    Column("pending_transaction_id", PublicId, ForeignKey("transactions.id"), nullable=False, unique=True),
    Column("amount", Amount, nullable=False),
    Column("category", String(60), nullable=False),
    Column("payee", String(100), nullable=True),
    Column("reference", String(200), nullable=True),
    Column("description", String(500), nullable=True),
    Column("expires_on", Date, nullable=True),
    Column("status", String(10), nullable=False),
    Column("captured_amount", Amount, nullable=False),
    Column("resolution_transaction_id", PublicId, ForeignKey("transactions.id"), nullable=True),
    Column("created_by", PublicId, ForeignKey("organisations.id"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("resolved_at", UtcDateTime, nullable=True),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('live', 'captured', 'released', 'expired')", name="status"),
    Index("ix_holds_status_expires_on", "status", "expires_on"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False, index=True),
    Column("pending_transaction_id", PublicId, ForeignKey("transactions.id"), nullable=False, unique=True),
    Column("amount", Amount, nullable=False),
    Column("category", String(60), nullable=False),
    Column("payee", String(100), nullable=True),
    Column("reference", String(200), nullable=True),
    Column("description", String(500), nullable=True),
    Column("effective_date", Date, nullable=False),
    Column("why", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    Column("requested_by", PublicId, ForeignKey("organisations.id"), nullable=False),
    Column("decided_by", PublicId, ForeignKey("organisations.id"), nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decision_reason", String(500), nullable=True),
    Column("resolution_transaction_id", PublicId, ForeignKey("transactions.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('awaiting', 'approved', 'rejected')", name="status"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("funder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("holder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=True),
    # Raising the same alert twice (a retried operation, a rerun close) finds this key taken.
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("message", String(500), nullable=False),
    Column("details", JSON, nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    Column("acknowledged_at", UtcDateTime, nullable=True),
    Column("acknowledged_by", PublicId, ForeignKey("organisations.id"), nullable=True),
)

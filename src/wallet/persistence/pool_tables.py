"""Pools, their members and their payments. The money is in the ledger's share accounts."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Column, Date, ForeignKey, Index, String, Table, text

from wallet.persistence.tables import metadata
from wallet.persistence.types import Amount, PublicId, UtcDateTime

pools = Table(
    "pools",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("holder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("split", String(10), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("closed_on", Date, nullable=True),
    CheckConstraint("split IN ('equal', 'weights', 'fixed')", name="split"),
    CheckConstraint("status IN ('open', 'closed')", name="status"),
)

pool_members = Table(
    "pool_members",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("pool_id", PublicId, ForeignKey("pools.id"), nullable=False),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False, index=True),
    Column("weight", Amount, nullable=True),
    Column("fixed_amount", Amount, nullable=True),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date, nullable=True),
    Column("refund_transaction_id", PublicId, ForeignKey("transactions.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    # A wallet is a member of a pool at most once at a time; it may rejoin after leaving.
    Index("uq_pool_members_active", "pool_id", "wallet_id", unique=True,
          sqlite_where=text("left_on IS NULL"), postgresql_where=text("left_on IS NULL")),
)

pool_payments = Table(
    "pool_payments",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("pool_id", PublicId, ForeignKey("pools.id"), nullable=False, index=True),
    Column("amount", Amount, nullable=False),
    Column("category", String(60), nullable=False),
    Column("payee", String(100), nullable=True),
    Column("reference", String(200), nullable=True),
    Column("effective_date", Date, nullable=False),
    Column("parts", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("pending_transaction_id", PublicId, ForeignKey("transactions.id"), nullable=True),
    Column("transaction_id", PublicId, ForeignKey("transactions.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('posted', 'awaiting_approval', 'rejected')", name="status"),
)

# A pool payment whose members' funders must agree first: one decision per member who needs it.
pool_payment_approvals = Table(
    "pool_payment_approvals",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("pool_payment_id", PublicId, ForeignKey("pool_payments.id"), nullable=False, index=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False),
    Column("funder_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("amount", Amount, nullable=False),
    Column("why", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decision_reason", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('awaiting', 'approved', 'rejected', 'withdrawn')", name="status"),
)

# Recurring contributions into a pool, made by the funding runs (a member's part in their own
# funder's run). Like a one-off contribution: one member (wallet_id) or every member by share.
pool_contribution_schedules = Table(
    "pool_contribution_schedules",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("pool_id", PublicId, ForeignKey("pools.id"), nullable=False, index=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=True),
    Column("amount", Amount, nullable=True),
    Column("every", String(4), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),  # as set up; never changed afterwards
    Column("created_at", UtcDateTime, nullable=False),
    # The holder ended it later, from this day (as for a wallet's funding schedule).
    Column("ended_on", Date, nullable=True),
    Column("ended_at", UtcDateTime, nullable=True),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("every IN ('1w', '2w', '4w', '1m')", name="every"),
)

# Each contribution a schedule has made: one member, one period, one ledger transaction.
pool_scheduled_contributions = Table(
    "pool_scheduled_contributions",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("schedule_id", PublicId, ForeignKey("pool_contribution_schedules.id"), nullable=False),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("transaction_id", PublicId, ForeignKey("transactions.id"), nullable=False, unique=True),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('paid', 'reversed')", name="status"),
    # A member's period is paid at most once at a time; a reversed contribution frees it again.
    Index("uq_pool_scheduled_contributions_paid_period", "schedule_id", "wallet_id", "period_start", unique=True,
          sqlite_where=text("status = 'paid'"), postgresql_where=text("status = 'paid'")),
)

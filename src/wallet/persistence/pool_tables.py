"""Pools, their members and their payments. The money is in the ledger's share accounts."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table

from wallet.persistence.columns import (
    amount,
    cadence,
    created_at,
    day,
    id_column,
    moment,
    one_of,
    organisation,
    period_paid,
    positive_amount,
    refers_to,
    schedule_ending,
    spend_details,
    transaction,
    unique_where,
)
from wallet.persistence.tables import metadata

pools = Table(
    "pools",
    metadata,
    id_column(),
    organisation("holder_id", index=True),
    Column("name", String(200), nullable=False),
    Column("split", String(10), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(10), nullable=False),
    created_at(),
    day("closed_on", nullable=True),
    one_of("split", "equal", "weights", "fixed"),
    one_of("status", "open", "closed"),
)

pool_members = Table(
    "pool_members",
    metadata,
    id_column(),
    refers_to("pool_id", "pools"),
    refers_to("wallet_id", "wallets", index=True),
    amount("weight", nullable=True),
    amount("fixed_amount", nullable=True),
    day("joined_on"),
    day("left_on", nullable=True),
    transaction("refund_transaction_id", nullable=True),
    created_at(),
    # A wallet is a member of a pool at most once at a time; it may rejoin after leaving.
    unique_where("uq_pool_members_active", "pool_id", "wallet_id", where="left_on IS NULL"),
)

pool_payments = Table(
    "pool_payments",
    metadata,
    id_column(),
    refers_to("pool_id", "pools", index=True),
    amount(),
    *spend_details(description=False),
    day("effective_date"),
    Column("parts", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    transaction("pending_transaction_id", nullable=True),
    transaction("transaction_id", nullable=True),
    created_at(),
    positive_amount(),
    one_of("status", "posted", "awaiting_approval", "rejected"),
)

# A pool payment whose members' funders must agree first: one decision per member who needs it.
pool_payment_approvals = Table(
    "pool_payment_approvals",
    metadata,
    id_column(),
    refers_to("pool_payment_id", "pool_payments", index=True),
    refers_to("wallet_id", "wallets"),
    organisation("funder_id", index=True),
    amount(),
    Column("why", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    moment("decided_at"),
    Column("decision_reason", String(500), nullable=True),
    created_at(),
    one_of("status", "awaiting", "approved", "rejected", "withdrawn"),
)

# Recurring contributions into a pool, made by the funding runs (a member's part in their own
# funder's run). Like a one-off contribution: one member (wallet_id) or every member by share.
pool_contribution_schedules = Table(
    "pool_contribution_schedules",
    metadata,
    id_column(),
    refers_to("pool_id", "pools", index=True),
    refers_to("wallet_id", "wallets", nullable=True),
    amount(nullable=True),
    Column("every", String(4), nullable=False),
    day("starts_on"),
    day("ends_on", nullable=True),  # as set up; never changed afterwards
    created_at(),
    # The holder ended it later, from this day (as for a wallet's funding schedule).
    *schedule_ending(),
    positive_amount(),
    cadence(),
)

# Each contribution a schedule has made: one member, one period, one ledger transaction.
pool_scheduled_contributions = Table(
    "pool_scheduled_contributions",
    metadata,
    id_column(),
    refers_to("schedule_id", "pool_contribution_schedules"),
    refers_to("wallet_id", "wallets"),
    *period_paid(),
    # A member's period is paid at most once at a time; a reversed contribution frees it again.
    unique_where("uq_pool_scheduled_contributions_paid_period", "schedule_id", "wallet_id", "period_start",
                 where="status = 'paid'"),
)

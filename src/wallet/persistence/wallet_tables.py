"""Tables for wallets and the records around their money: policies, accreditations, schedules,
holds, approvals and alerts. The money itself lives only in the ledger tables."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table

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
from wallet.persistence.types import UtcDateTime

accreditations = Table(
    "accreditations",
    metadata,
    # Each funder keeps its own list of trusted budget holders.
    refers_to("funder_id", "organisations", primary_key=True),
    refers_to("holder_id", "organisations", primary_key=True),
    Column("status", String(20), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    one_of("status", "accredited", "suspended"),
)

policies = Table(
    "policies",
    metadata,
    id_column(),
    organisation("funder_id", index=True),
    Column("name", String(200), nullable=False),
    created_at(),
)

policy_versions = Table(
    "policy_versions",
    metadata,
    refers_to("policy_id", "policies", primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("rules", JSON, nullable=False),
    created_at(),
)

wallets = Table(
    "wallets",
    metadata,
    id_column(),
    # The only personal data the service keeps: the funder's own reference for the person.
    Column("person_ref", String(100), nullable=False),
    organisation("funder_id", index=True),
    organisation("holder_id", index=True),
    Column("arrangement", String(20), nullable=False),
    refers_to("policy_id", "policies"),
    Column("currency", String(3), nullable=False),
    day("opened_on"),
    Column("status", String(10), nullable=False),
    day("closed_on", nullable=True),
    Column("closure_reason", String(10), nullable=True),
    refers_to("moved_to_wallet_id", "wallets", nullable=True),
    refers_to("moved_from_wallet_id", "wallets", nullable=True),
    created_at(),
    # The latest suspension, copied from wallet_suspensions so that every spend, which reads the
    # wallet anyway, sees it without another query. (No foreign key: the two tables would refer
    # to each other.) suspended_until is the day it resumed, null while it has not.
    Column("suspension_id", String(36), nullable=True),
    day("suspended_from", nullable=True),
    day("suspended_until", nullable=True),
    Column("suspension_reason", String(20), nullable=True),
    one_of("arrangement", "isf", "managed_dp", "third_party_phb", "notional"),
    one_of("status", "open", "closed"),
)

wallet_suspensions = Table(
    "wallet_suspensions",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets", index=True),
    day("starts_on"),
    Column("reason", String(20), nullable=False),
    Column("pause_schedules", Boolean, nullable=False),
    Column("note", String(500), nullable=True),
    organisation("suspended_by"),
    created_at(),
    day("resumed_on", nullable=True),
    Column("pay_paused_periods", Boolean, nullable=True),
    organisation("resumed_by", nullable=True),
    moment("resumed_at"),
    one_of("reason", "investigation", "hospital_stay", "other"),
)

schedules = Table(
    "schedules",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets", index=True),
    organisation("funder_id", index=True),
    amount(),
    Column("source", String(30), nullable=False),
    Column("every", String(4), nullable=False),
    Column("in_advance", Boolean, nullable=False),
    day("starts_on"),
    day("ends_on", nullable=True),  # as set up; never changed afterwards
    amount("opening_float", nullable=True),
    created_at(),
    # The funder ended it later, from this day: periods are paid as if ends_on were the earlier
    # of the two, while ends_on keeps what the schedule said when it was set up.
    *schedule_ending(),
    positive_amount(),
    cadence(),
)

schedule_amount_changes = Table(
    "schedule_amount_changes",
    metadata,
    refers_to("schedule_id", "schedules", primary_key=True),
    Column("effective_from", Date, primary_key=True),
    amount(),
    created_at(),
    positive_amount(),
)

schedule_payments = Table(
    "schedule_payments",
    metadata,
    id_column(),
    refers_to("schedule_id", "schedules"),
    *period_paid(),
    # A period is paid at most once at a time; a reversed payment frees it for a later run.
    unique_where("uq_schedule_payments_paid_period", "schedule_id", "period_start", where="status = 'paid'"),
)

holds = Table(
    "holds",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets", index=True),
    transaction("pending_transaction_id", unique=True),
    amount(),
    *spend_details(),
    day("expires_on", nullable=True),
    Column("status", String(10), nullable=False),
    amount("captured_amount"),
    transaction("resolution_transaction_id", nullable=True),
    organisation("created_by"),
    created_at(),
    moment("resolved_at"),
    positive_amount(),
    one_of("status", "live", "captured", "released", "expired"),
    Index("ix_holds_status_expires_on", "status", "expires_on"),
)

approvals = Table(
    "approvals",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets", index=True),
    transaction("pending_transaction_id", unique=True),
    amount(),
    *spend_details(),
    day("effective_date"),
    Column("why", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    organisation("requested_by"),
    organisation("decided_by", nullable=True),
    moment("decided_at"),
    Column("decision_reason", String(500), nullable=True),
    transaction("resolution_transaction_id", nullable=True),
    created_at(),
    positive_amount(),
    one_of("status", "awaiting", "approved", "rejected"),
)

alerts = Table(
    "alerts",
    metadata,
    id_column(),
    Column("kind", String(30), nullable=False),
    organisation("funder_id", index=True),
    organisation("holder_id", index=True),
    refers_to("wallet_id", "wallets", nullable=True),
    # Raising the same alert twice (a retried operation, a rerun close) finds this key taken.
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("message", String(500), nullable=False),
    Column("details", JSON, nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    moment("acknowledged_at"),
    organisation("acknowledged_by", nullable=True),
)

"""Support plans, the timesheets paid against them, and the funder's word that no more invoices
will come after a wallet ended (migration 0015)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Table

from wallet.persistence.columns import (
    amount,
    created_at,
    day,
    id_column,
    one_of,
    organisation,
    refers_to,
    transaction,
)
from wallet.persistence.tables import metadata
from wallet.persistence.types import UtcDateTime

# One agreed service of a wallet's plan: who gives it, at what rate, for how many hours a week.
support_plan_services = Table(
    "support_plan_services",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets", index=True),
    Column("provider_kind", String(10), nullable=False),
    Column("provider_ref", String(100), nullable=False),
    Column("category", String(60), nullable=False),
    amount("hourly_rate"),
    Column("weekly_hundredths", Integer, nullable=False),
    day("starts_on"),
    day("ends_on", nullable=True),
    created_at(),
    organisation("created_by"),
    one_of("provider_kind", "pa", "provider"),
    CheckConstraint("hourly_rate > 0", name="hourly_rate_positive"),
    CheckConstraint("weekly_hundredths > 0", name="weekly_hours_positive"),
    CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="service_ends_after_start"),
)

# One timesheet, kept beside the transaction that first recorded it (the payment, or the request
# for approval), so the hours paid for a service in a week are one indexed sum. Whether it still
# counts (not rejected, not reversed) is read from the ledger, never kept twice.
timesheet_entries = Table(
    "timesheet_entries",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets"),
    refers_to("service_id", "support_plan_services"),
    transaction("transaction_id", unique=True),
    day("week_start"),
    Column("hundredths", Integer, nullable=False),
    amount("rate"),
    amount(),
    created_at(),
    CheckConstraint("hundredths > 0", name="hours_positive"),
    Index("ix_timesheet_entries_service_id_week_start", "service_id", "week_start"),
)

# The funder's word that every invoice for support before the end has come: the window shuts.
final_invoice_confirmations = Table(
    "final_invoice_confirmations",
    metadata,
    refers_to("wallet_id", "wallets", primary_key=True),
    day("confirmed_on"),
    Column("confirmed_at", UtcDateTime, nullable=False),
    organisation("confirmed_by"),
)

"""Planned budgets on wallets, and surplus netted off future fundings."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, String, Table, UniqueConstraint

from wallet.persistence.columns import (
    amount,
    created_at,
    day,
    id_column,
    one_of,
    organisation,
    positive_amount,
    refers_to,
    transaction,
)
from wallet.persistence.tables import metadata

planned_budgets = Table(
    "planned_budgets",
    metadata,
    refers_to("wallet_id", "wallets", primary_key=True),
    Column("effective_from", Date, primary_key=True),
    amount(),
    Column("every", String(4), nullable=False),
    created_at(),
    positive_amount(),
    one_of("every", "1w", "2w", "4w", "1m", "1y"),
)

# A close's surplus that the wallet's next fundings settle. ``netted`` only grows, by the
# settlements below, until it reaches ``amount``; reversing the close cancels what is left.
net_offs = Table(
    "net_offs",
    metadata,
    id_column(),
    refers_to("wallet_id", "wallets"),
    organisation("funder_id"),
    refers_to("close_id", "period_closes"),
    transaction("close_transaction_id", unique=True),
    amount(),
    amount("netted"),
    Column("status", String(10), nullable=False),
    created_at(),
    positive_amount(),
    one_of("status", "open", "settled", "cancelled"),
    Index("ix_net_offs_wallet_id", "wallet_id"),
)

# One netted period: the funding it was taken from and the netting transaction that took it.
net_off_settlements = Table(
    "net_off_settlements",
    metadata,
    id_column(),
    refers_to("net_off_id", "net_offs", index=True),
    refers_to("wallet_id", "wallets", index=True),
    transaction("transaction_id"),
    transaction("funding_transaction_id"),
    day("period_start"),
    day("period_end"),
    amount(),
    Column("status", String(10), nullable=False),
    created_at(),
    positive_amount(),
    one_of("status", "netted", "restored"),
    UniqueConstraint("net_off_id", "funding_transaction_id", name="uq_net_off_settlements_funding"),
)

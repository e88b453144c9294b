"""A holder's own nominal code for each kind of ledger account (migration 0009).

Only what the holder has set is stored: a kind without a row takes the default code
(``wallet.domain.accounting_exports.DEFAULT_CODES``), so a new kind of account never needs a
backfill.
"""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from wallet.persistence.columns import refers_to
from wallet.persistence.tables import metadata
from wallet.persistence.types import UtcDateTime

account_mappings = Table(
    "account_mappings",
    metadata,
    refers_to("holder_id", "organisations", primary_key=True),
    Column("account", String(40), primary_key=True),
    Column("code", String(10), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

"""Tables that let others check the service without trusting it: the journal's hash chain and its
head, the audit trail of every change that is not a posting, auditors' grants, and the event feed.

The chain, the audit trail and sequenced events are append-only: triggers refuse to change or
delete them on both databases (migration 0004).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    text,
)

from wallet.persistence.columns import created_at, id_column, moment, organisation, refers_to
from wallet.persistence.tables import metadata
from wallet.persistence.types import PublicId, SerialId, UtcDateTime

HASH = String(64)

# One row. Locked FOR UPDATE as the last step before every commit that chains transactions or
# sequences events, so chain positions and event numbers follow commit order.
journal_head = Table(
    "journal_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("transaction_count", BigInteger, nullable=False),
    Column("head_hash", HASH, nullable=False),
    Column("last_event_seq", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

# 1:1 with transactions, kept apart so the immutable transactions table is never altered.
transaction_hashes = Table(
    "transaction_hashes",
    metadata,
    Column("seq", SerialId, ForeignKey("transactions.seq"), primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False, unique=True),
    Column("prev_hash", HASH, nullable=False),
    Column("hash", HASH, nullable=False),
    Column("sealed_at", UtcDateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", SerialId, primary_key=True, autoincrement=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    # Who: the caller's organisation, key and role (null organisation: the system itself).
    Column("organisation_id", PublicId, nullable=True),
    Column("key_id", String(36), nullable=True),
    Column("role", String(20), nullable=True),
    Column("request_id", String(100), nullable=True),
    Column("action", String(60), nullable=False),
    Column("object_type", String(40), nullable=False),
    Column("object_id", String(100), nullable=True),
    # Whose business it is, for scoping reads; never personal data.
    Column("funder_id", PublicId, nullable=True, index=True),
    Column("holder_id", PublicId, nullable=True, index=True),
    Column("wallet_id", PublicId, nullable=True, index=True),
    Column("details", JSON, nullable=False),
)

audit_grants = Table(
    "audit_grants",
    metadata,
    id_column(),
    organisation("funder_id", index=True),
    organisation("auditor_id", index=True),
    Column("all_wallets", Boolean, nullable=False),
    created_at(),
    moment("revoked_at"),
)

audit_grant_wallets = Table(
    "audit_grant_wallets",
    metadata,
    refers_to("grant_id", "audit_grants", primary_key=True),
    refers_to("wallet_id", "wallets", primary_key=True),
)

# An auditor key a funder issued sees only that funder's grants, never another funder's grants
# to the same auditor organisation.
api_key_scopes = Table(
    "api_key_scopes",
    metadata,
    refers_to("key_id", "api_keys", primary_key=True),
    organisation("funder_id"),
)

# One row per reader: an event concerning two funders' wallets is written once for each, with
# only what that reader may see. ``seq`` is given at commit, under the journal head's lock.
events = Table(
    "events",
    metadata,
    Column("id", SerialId, primary_key=True, autoincrement=True),
    Column("seq", BigInteger, nullable=True, unique=True),
    Column("event_id", PublicId, nullable=False),
    organisation("organisation_id"),
    Column("type", String(60), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_events_organisation_id_seq", "organisation_id", "seq"),
    # Only rows written by transactions not yet committed lack a seq: the sealer finds its own here.
    Index("ix_events_unsequenced", "id", sqlite_where=text("seq IS NULL"), postgresql_where=text("seq IS NULL")),
)

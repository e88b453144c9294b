"""The ledger's tables. The Alembic migrations create exactly this schema (a test compares them)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from wallet.persistence.types import Amount, PublicId, SerialId, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

organisations = Table(
    "organisations",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('operator', 'funder', 'holder', 'auditor')", name="kind"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("organisation_id", PublicId, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("wallet_id", PublicId, nullable=True),
    # sha256 of the whole key: keys are long random strings, so a fast hash is enough and the
    # key itself is never stored.
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    CheckConstraint("role IN ('admin', 'funder', 'holder', 'auditor', 'person')", name="role"),
    CheckConstraint("(role = 'person') = (wallet_id IS NOT NULL)", name="person_has_wallet"),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", SerialId, primary_key=True, autoincrement=True),
    Column("code", String(200), nullable=False, unique=True),
    Column("currency", String(3), nullable=False),
    Column("normal_side", String(6), nullable=False),
    Column("must_not_go_negative", Boolean, nullable=False),
    Column("debits_posted", Amount, nullable=False),
    Column("credits_posted", Amount, nullable=False),
    Column("debits_pending", Amount, nullable=False),
    Column("credits_pending", Amount, nullable=False),
    # Who the account belongs to, for scoping reads; the ledger itself never looks at these.
    Column("wallet_id", PublicId, nullable=True, index=True),
    Column("organisation_id", PublicId, nullable=True, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("id", "currency"),
    CheckConstraint("normal_side IN ('debit', 'credit')", name="normal_side"),
    CheckConstraint(
        "debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0",
        name="totals_not_negative",
    ),
    CheckConstraint(
        "NOT must_not_go_negative OR (CASE WHEN normal_side = 'credit' "
        "THEN credits_posted - debits_posted - debits_pending "
        "ELSE debits_posted - credits_posted - credits_pending END) >= 0",
        name="available_not_negative",
    ),
)

transactions = Table(
    "transactions",
    metadata,
    # seq orders the journal; id is what the API shows.
    Column("seq", SerialId, primary_key=True, autoincrement=True),
    Column("id", PublicId, nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("organisation_id", PublicId, ForeignKey("organisations.id"), nullable=True),
    Column("reference", String(200), nullable=True),
    Column("description", String(500), nullable=True),
    # Unique: a transaction is reversed at most once and a pending one resolved at most once.
    Column("reverses_id", PublicId, ForeignKey("transactions.id"), nullable=True, unique=True),
    Column("resolves_id", PublicId, ForeignKey("transactions.id"), nullable=True, unique=True),
    Column("details", JSON, nullable=False),
    Index("ix_transactions_recorded_at", "recorded_at"),
)

postings = Table(
    "postings",
    metadata,
    Column("id", SerialId, primary_key=True, autoincrement=True),
    Column("transaction_seq", SerialId, ForeignKey("transactions.seq"), nullable=False, index=True),
    Column("account_id", SerialId, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("side", String(6), nullable=False),
    Column("phase", String(8), nullable=False),
    Column("amount", Amount, nullable=False),
    Column("memo", String(60), nullable=True),
    # The account's totals right after this posting, so a balance at any moment is one index
    # lookup rather than a sum over history.
    Column("net_posted_after", Amount, nullable=False),
    Column("debits_pending_after", Amount, nullable=False),
    Column("credits_pending_after", Amount, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    ForeignKeyConstraint(["account_id", "currency"], ["accounts.id", "accounts.currency"]),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("side IN ('debit', 'credit')", name="side"),
    CheckConstraint("phase IN ('posted', 'pending', 'release')", name="phase"),
    Index("ix_postings_account_id_recorded_at_id", "account_id", "recorded_at", "id"),
)

idempotency_records = Table(
    "idempotency_records",
    metadata,
    Column("organisation_id", PublicId, ForeignKey("organisations.id"), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_fingerprint", String(64), nullable=False),
    Column("response_status", Integer, nullable=False),
    Column("response_body", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

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
    text,
)

from wallet.persistence.columns import (
    amount,
    created_at,
    day,
    id_column,
    moment,
    one_of,
    organisation,
    positive_amount,
    refers_to,
    transaction,
)
from wallet.persistence.types import PublicId, SerialId, UtcDateTime

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
    id_column(),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    created_at(),
    one_of("kind", "operator", "funder", "holder", "auditor"),
)

api_keys = Table(
    "api_keys",
    metadata,
    id_column(),
    organisation("organisation_id", index=True),
    Column("role", String(20), nullable=False),
    Column("wallet_id", PublicId, nullable=True),
    # sha256 of the whole key: keys are long random strings, so a fast hash is enough and the
    # key itself is never stored.
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    created_at(),
    moment("revoked_at"),
    one_of("role", "admin", "funder", "holder", "auditor", "person"),
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
    *(amount(total) for total in ("debits_posted", "credits_posted", "debits_pending", "credits_pending")),
    # Who the account belongs to, for scoping reads; the ledger itself never looks at these.
    Column("wallet_id", PublicId, nullable=True),
    Column("organisation_id", PublicId, nullable=True),
    created_at(),
    # A wallet's (or pool's) part of a shared account names the account it adds up to.
    Column("rollup_code", String(200), nullable=True),
    UniqueConstraint("id", "currency"),
    # Each of these is set on some accounts only (a wallet's own, a holder's shared ones and their
    # parts): only those are indexed, and every read by them names a value (migration 0024).
    *(Index(f"ix_accounts_{name}", name, postgresql_where=text(f"{name} IS NOT NULL"),
            sqlite_where=text(f"{name} IS NOT NULL")) for name in ("wallet_id", "organisation_id", "rollup_code")),
    one_of("normal_side", "debit", "credit"),
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
    day("effective_date"),
    Column("recorded_at", UtcDateTime, nullable=False),
    organisation("organisation_id", nullable=True),
    Column("reference", String(200), nullable=True),
    Column("description", String(500), nullable=True),
    # Unique: a transaction is reversed at most once and a pending one resolved at most once.
    transaction("reverses_id", nullable=True, unique=True),
    transaction("resolves_id", nullable=True, unique=True),
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
    amount(),
    Column("memo", String(60), nullable=True),
    # The transaction's value date, copied at insert (postings are immutable, so it never drifts):
    # a statement reads a month of one account from an index instead of every posting it ever had.
    day("effective_date"),
    # The account's totals right after this posting, so a balance at any moment is one index
    # lookup rather than a sum over history.
    *(amount(total) for total in ("net_posted_after", "debits_pending_after", "credits_pending_after")),
    Column("recorded_at", UtcDateTime, nullable=False),
    ForeignKeyConstraint(["account_id", "currency"], ["accounts.id", "accounts.currency"]),
    positive_amount(),
    one_of("side", "debit", "credit"),
    one_of("phase", "posted", "pending", "release"),
    Index("ix_postings_account_id_recorded_at_id", "account_id", "recorded_at", "id"),
    # A wallet's journal page by page: each account's transactions in journal order, from an index.
    Index("ix_postings_account_id_transaction_seq", "account_id", "transaction_seq"),
    Index("ix_postings_account_id_effective_date_transaction_seq", "account_id", "effective_date",
          "transaction_seq"),
)

# What each account's postings add up to, per value date: a balance on a day is a sum over the days
# (bounded by days, not postings). Kept by the ledger writer in the statement that writes the
# postings (``ledger_writes.day_deltas``). Pending is net of releases, so a day's may be negative.
account_day_totals = Table(
    "account_day_totals",
    metadata,
    Column("account_id", SerialId, ForeignKey("accounts.id"), primary_key=True, autoincrement=False),
    Column("effective_date", Date, primary_key=True),
    *(amount(total) for total in ("debits_posted", "credits_posted", "debits_pending", "credits_pending")),
)

idempotency_records = Table(
    "idempotency_records",
    metadata,
    refers_to("organisation_id", "organisations", primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_fingerprint", String(64), nullable=False),
    Column("response_status", Integer, nullable=False),
    Column("response_body", JSON, nullable=False),
    created_at(),
)

"""Trust: the journal's hash chain and head, the audit trail, auditors' grants, the event feed.

The chain lives in its own table, one row per transaction, so the immutable ``transactions`` table
is never rebuilt (on SQLite that would drop its triggers). The chain, the audit trail and numbered
events are append-only, by trigger, on both databases. Transactions already in the journal are
chained here, in seq order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

serial = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ts = sa.DateTime(timezone=True)
GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "journal_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("transaction_count", sa.BigInteger, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("last_event_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.CheckConstraint("id = 1", name="single_row"),
    )
    op.create_table(
        "transaction_hashes",
        sa.Column("seq", serial, sa.ForeignKey("transactions.seq"), primary_key=True, autoincrement=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("sealed_at", ts, nullable=False),
        sa.UniqueConstraint("position"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", serial, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", ts, nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=True),
        sa.Column("key_id", sa.String(36), nullable=True),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("request_id", sa.String(100), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(100), nullable=True),
        sa.Column("funder_id", sa.String(36), nullable=True),
        sa.Column("holder_id", sa.String(36), nullable=True),
        sa.Column("wallet_id", sa.String(36), nullable=True),
        sa.Column("details", sa.JSON, nullable=False),
    )
    for column in ("funder_id", "holder_id", "wallet_id"):
        op.create_index(None, "audit_log", [column])
    op.create_table(
        "audit_grants",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("funder_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("auditor_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("all_wallets", sa.Boolean, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("revoked_at", ts, nullable=True),
    )
    op.create_index(None, "audit_grants", ["funder_id"])
    op.create_index(None, "audit_grants", ["auditor_id"])
    op.create_table(
        "audit_grant_wallets",
        sa.Column("grant_id", sa.String(36), sa.ForeignKey("audit_grants.id"), primary_key=True),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), primary_key=True),
    )
    op.create_table(
        "api_key_scopes",
        sa.Column("key_id", sa.String(36), sa.ForeignKey("api_keys.id"), primary_key=True),
        sa.Column("funder_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", serial, primary_key=True, autoincrement=True),
        sa.Column("seq", sa.BigInteger, nullable=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("occurred_at", ts, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("seq"),
    )
    op.create_index("ix_events_organisation_id_seq", "events", ["organisation_id", "seq"])
    op.create_index("ix_events_unsequenced", "events", ["id"],
                    sqlite_where=sa.text("seq IS NULL"), postgresql_where=sa.text("seq IS NULL"))

    op.get_bind().execute(sa.text(
        "INSERT INTO journal_head (id, transaction_count, head_hash, last_event_seq, updated_at) "
        "VALUES (1, 0, :genesis, 0, :now)"), {"genesis": GENESIS, "now": _now()})
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_guards()
    else:
        _sqlite_guards()
    # The hashing code is the application's own: one definition of a link, then and now.
    from wallet.persistence.journal_chain import chain_existing

    chain_existing(op.get_bind())


def _now() -> datetime:
    # Stored the way the application's UtcDateTime stores it: naive UTC on SQLite.
    now = datetime.now(timezone.utc)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def _postgresql_guards() -> None:
    # wallet_refuse_change() is 0001's: it names the table and says rows are immutable.
    for table in ("transaction_hashes", "audit_log"):
        op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change()")
    # An event is numbered once, at commit; from then on it never changes.
    op.execute("CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events "
               "FOR EACH ROW WHEN (OLD.seq IS NOT NULL) EXECUTE FUNCTION wallet_refuse_change()")


def _sqlite_guards() -> None:
    for table, when in (("transaction_hashes", ""), ("audit_log", ""), ("events", "WHEN OLD.seq IS NOT NULL ")):
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} {when}"
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END"
            )


def downgrade() -> None:
    for table in ("events", "api_key_scopes", "audit_grant_wallets", "audit_grants", "audit_log",
                  "transaction_hashes", "journal_head"):
        op.drop_table(table)

"""The ledger: organisations, API keys, accounts, transactions, postings, idempotency records.

Invariants live in the database as well as in the domain: amounts are positive, an account that
must not go negative cannot (a CHECK on both databases), postings and transactions cannot be
updated or deleted (triggers on both), and on PostgreSQL a deferred constraint trigger refuses
any transaction whose postings do not balance, however they were written.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

serial = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.CheckConstraint("kind IN ('operator', 'funder', 'holder', 'auditor')", name="kind"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("wallet_id", sa.String(36), nullable=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("revoked_at", ts, nullable=True),
        sa.CheckConstraint("role IN ('admin', 'funder', 'holder', 'auditor', 'person')", name="role"),
        sa.CheckConstraint("(role = 'person') = (wallet_id IS NOT NULL)", name="person_has_wallet"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_index(None, "api_keys", ["organisation_id"])
    op.create_table(
        "accounts",
        sa.Column("id", serial, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("normal_side", sa.String(6), nullable=False),
        sa.Column("must_not_go_negative", sa.Boolean, nullable=False),
        sa.Column("debits_posted", sa.BigInteger, nullable=False),
        sa.Column("credits_posted", sa.BigInteger, nullable=False),
        sa.Column("debits_pending", sa.BigInteger, nullable=False),
        sa.Column("credits_pending", sa.BigInteger, nullable=False),
        sa.Column("wallet_id", sa.String(36), nullable=True),
        sa.Column("organisation_id", sa.String(36), nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("id", "currency"),
        sa.CheckConstraint("normal_side IN ('debit', 'credit')", name="normal_side"),
        sa.CheckConstraint(
            "debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0",
            name="totals_not_negative",
        ),
        sa.CheckConstraint(
            "NOT must_not_go_negative OR (CASE WHEN normal_side = 'credit' "
            "THEN credits_posted - debits_posted - debits_pending "
            "ELSE debits_posted - credits_posted - credits_pending END) >= 0",
            name="available_not_negative",
        ),
    )
    op.create_index(None, "accounts", ["wallet_id"])
    op.create_index(None, "accounts", ["organisation_id"])
    op.create_table(
        "transactions",
        sa.Column("seq", serial, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("recorded_at", ts, nullable=False),
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("reverses_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=True),
        sa.Column("resolves_id", sa.String(36), sa.ForeignKey("transactions.id"), nullable=True),
        sa.Column("details", sa.JSON, nullable=False),
        sa.UniqueConstraint("id"),
        sa.UniqueConstraint("reverses_id"),
        sa.UniqueConstraint("resolves_id"),
    )
    op.create_index("ix_transactions_recorded_at", "transactions", ["recorded_at"])
    op.create_table(
        "postings",
        sa.Column("id", serial, primary_key=True, autoincrement=True),
        sa.Column("transaction_seq", serial, sa.ForeignKey("transactions.seq"), nullable=False),
        sa.Column("account_id", serial, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("side", sa.String(6), nullable=False),
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("memo", sa.String(60), nullable=True),
        sa.Column("net_posted_after", sa.BigInteger, nullable=False),
        sa.Column("debits_pending_after", sa.BigInteger, nullable=False),
        sa.Column("credits_pending_after", sa.BigInteger, nullable=False),
        sa.Column("recorded_at", ts, nullable=False),
        sa.ForeignKeyConstraint(["account_id", "currency"], ["accounts.id", "accounts.currency"]),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("side IN ('debit', 'credit')", name="side"),
        sa.CheckConstraint("phase IN ('posted', 'pending', 'release')", name="phase"),
    )
    op.create_index(None, "postings", ["transaction_seq"])
    op.create_index("ix_postings_account_id_recorded_at_id", "postings", ["account_id", "recorded_at", "id"])
    op.create_table(
        "idempotency_records",
        sa.Column("organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_fingerprint", sa.String(64), nullable=False),
        sa.Column("response_status", sa.Integer, nullable=False),
        sa.Column("response_body", sa.JSON, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )

    if op.get_bind().dialect.name == "postgresql":
        _postgresql_guards()
    else:
        _sqlite_guards()


def _postgresql_guards() -> None:
    op.execute(
        """
        CREATE FUNCTION wallet_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% rows are immutable: correct a mistake with a reversal', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END $$;
        """
    )
    for table in ("postings", "transactions"):
        op.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change()"
        )
    # Checked at COMMIT, so a transaction's postings may be inserted one by one in any order.
    op.execute(
        """
        CREATE FUNCTION wallet_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            txn bigint;
            posting_count integer;
            unbalanced record;
        BEGIN
            -- Each branch is planned only when taken, so NEW's fields are read per table.
            IF TG_TABLE_NAME = 'transactions' THEN
                txn := NEW.seq;
            ELSE
                txn := NEW.transaction_seq;
            END IF;
            SELECT count(*) INTO posting_count FROM postings WHERE transaction_seq = txn;
            IF posting_count < 2 THEN
                RAISE EXCEPTION 'transaction % has % postings; at least two are required', txn, posting_count
                    USING ERRCODE = 'check_violation';
            END IF;
            SELECT currency, phase,
                   sum(CASE WHEN side = 'debit' THEN amount ELSE -amount END) AS net
              INTO unbalanced
              FROM postings WHERE transaction_seq = txn
             GROUP BY currency, phase
            HAVING sum(CASE WHEN side = 'debit' THEN amount ELSE -amount END) <> 0
             LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'transaction % does not balance: % % postings are off by %',
                    txn, unbalanced.phase, unbalanced.currency, unbalanced.net
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NULL;
        END $$;
        """
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_balanced()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER transactions_have_postings AFTER INSERT ON transactions "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_balanced()"
    )


def _sqlite_guards() -> None:
    # SQLite has no deferred triggers, so balance is the domain's job there; immutability is not.
    for table in ("postings", "transactions"):
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable: correct a mistake with a reversal'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE idempotency_records, postings, transactions, accounts, api_keys, organisations CASCADE")
        op.execute("DROP FUNCTION IF EXISTS wallet_check_balanced() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS wallet_refuse_change() CASCADE")
        return
    for table in ("idempotency_records", "postings", "transactions", "accounts", "api_keys", "organisations"):
        op.drop_table(table)

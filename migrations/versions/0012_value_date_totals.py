"""Balances by value date: per account and day, the totals posted that day.

1. ``postings.effective_date``: the transaction's value date, copied onto each posting (postings
   are immutable, so the copy never drifts), with an index by account, value date and journal
   position. A statement reads one account's month from it instead of joining every posting the
   account ever had to its transaction.
2. ``account_day_totals``: one row per account per value date, what that day's postings add up to
   (posted debits and credits; pending net of releases). A balance on a day is a sum over days.

Both are filled from the postings already written. The postings' immutability trigger is set aside
for the backfill only, inside this migration's transaction.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# SQLite cannot add a NOT NULL column without a default: this one, outside every valid value
# date, is refused on insert by a trigger, so a writer that forgets the column fails loudly.
SQLITE_MISSING = "0001-01-01"

BACKFILL_POSTINGS = ("UPDATE postings SET effective_date = (SELECT t.effective_date FROM transactions t "
                     "WHERE t.seq = postings.transaction_seq)")

BACKFILL_DAYS = """
INSERT INTO account_day_totals (account_id, effective_date, debits_posted, credits_posted,
                                debits_pending, credits_pending)
SELECT account_id, effective_date,
       sum(CASE WHEN side = 'debit' AND phase = 'posted' THEN amount ELSE 0 END),
       sum(CASE WHEN side = 'credit' AND phase = 'posted' THEN amount ELSE 0 END),
       sum(CASE WHEN side = 'debit' AND phase = 'pending' THEN amount
                WHEN side = 'debit' AND phase = 'release' THEN -amount ELSE 0 END),
       sum(CASE WHEN side = 'credit' AND phase = 'pending' THEN amount
                WHEN side = 'credit' AND phase = 'release' THEN -amount ELSE 0 END)
FROM postings GROUP BY account_id, effective_date
"""

SQLITE_REFUSE_UPDATE = ("CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings "
                        "BEGIN SELECT RAISE(ABORT, 'postings rows are immutable: correct a mistake with a reversal'); END")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.add_column("postings", sa.Column("effective_date", sa.Date(), nullable=True))
        op.execute("ALTER TABLE postings DISABLE TRIGGER postings_immutable")
        op.execute(BACKFILL_POSTINGS)
        op.execute("ALTER TABLE postings ENABLE TRIGGER postings_immutable")
        op.alter_column("postings", "effective_date", nullable=False)
    else:
        op.execute(f"ALTER TABLE postings ADD COLUMN effective_date DATE NOT NULL DEFAULT '{SQLITE_MISSING}'")
        op.execute("DROP TRIGGER postings_no_update")
        op.execute(BACKFILL_POSTINGS)
        op.execute(SQLITE_REFUSE_UPDATE)
        op.execute("CREATE TRIGGER postings_need_value_date BEFORE INSERT ON postings "
                   f"WHEN NEW.effective_date = '{SQLITE_MISSING}' "
                   "BEGIN SELECT RAISE(ABORT, 'a posting needs its transaction''s value date'); END")
    op.create_index("ix_postings_account_id_effective_date_transaction_seq", "postings",
                    ["account_id", "effective_date", "transaction_seq"])
    op.create_table(
        "account_day_totals",
        sa.Column("account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False)
          for name in ("debits_posted", "credits_posted", "debits_pending", "credits_pending")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name="fk_account_day_totals_account_id_accounts"),
        sa.PrimaryKeyConstraint("account_id", "effective_date", name="pk_account_day_totals"),
    )
    op.execute(BACKFILL_DAYS)


def downgrade() -> None:
    op.drop_table("account_day_totals")
    op.drop_index("ix_postings_account_id_effective_date_transaction_seq", table_name="postings")
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER postings_need_value_date")
    op.execute("ALTER TABLE postings DROP COLUMN effective_date")

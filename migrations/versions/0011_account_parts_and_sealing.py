"""Payments at the speed of the database: no provider-wide hot row, and sealing in one statement.

1. Every payment used to update its holder's one ``client_bank`` row (and every funding its
   ``fee_income`` row), so all payments at one provider queued on one row lock. The holder's
   shared accounts are now kept as one part per wallet (and per pool):
   ``holder:<h>:client_bank:wallet:<w>``, each naming the shared account it rolls up to in the new
   ``accounts.rollup_code``. Reports add the parts up; a part is opened for every wallet and pool
   that exists, and the shared accounts keep what they held before (nothing is moved).
2. On PostgreSQL, ``wallet_seal_journal`` links a transaction's staged digests onto the hash chain,
   writes its events with their numbers and moves the head, all in one statement under the head's
   lock, so the lock is held for that statement and the commit only. The link's formula is the
   domain's ``hashing.link_hash``; the test suite recomputes every link in Python after every test.
3. An index on postings by account and journal position, so a page of a wallet's transactions is
   read from each account's index, however long the history.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Each part: (owner kind, owner column, shared account's name, normal side, parts of, rows, filter).
# A part's code is <kind>:<owner>:<name>:<wallet|pool>:<id>; it rolls up to <kind>:<owner>:<name>.
PARTS = (
    ("holder", "holder_id", "client_bank", "debit", "wallet", "wallets", "arrangement <> 'notional'"),
    ("funder", "funder_id", "commissioning", "debit", "wallet", "wallets", "arrangement = 'notional'"),
    ("holder", "holder_id", "fee_income", "credit", "wallet", "wallets", "1 = 1"),
    ("holder", "holder_id", "client_bank", "debit", "pool", "pools", "1 = 1"),
)

SEAL_FUNCTION = """
CREATE FUNCTION wallet_seal_journal(p_seqs bigint[], p_digests text[], p_events jsonb, p_now timestamptz)
RETURNS TABLE (transaction_count bigint, head_hash varchar, last_event_seq bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_count bigint;
    v_prev varchar;
    v_last_event bigint;
    v_link varchar;
    i integer;
BEGIN
    SELECT h.transaction_count, h.head_hash, h.last_event_seq INTO v_count, v_prev, v_last_event
    FROM journal_head h WHERE h.id = 1 FOR UPDATE;
    -- The same link as hashing.link_hash: sha256 of "wallet-journal-v1|<position>|<previous>|<digest>".
    FOR i IN 1 .. coalesce(array_length(p_seqs, 1), 0) LOOP
        v_count := v_count + 1;
        v_link := encode(sha256(convert_to('wallet-journal-v1|' || v_count::text || '|' || v_prev || '|'
                                           || p_digests[i], 'UTF8')), 'hex');
        INSERT INTO transaction_hashes (seq, position, prev_hash, hash, sealed_at)
        VALUES (p_seqs[i], v_count, v_prev, v_link, p_now);
        v_prev := v_link;
    END LOOP;
    INSERT INTO events (seq, event_id, organisation_id, type, occurred_at, data)
    SELECT v_last_event + e.n, e.x ->> 'event_id', e.x ->> 'organisation_id', e.x ->> 'type',
           (e.x ->> 'occurred_at')::timestamptz, (e.x -> 'data')::json
    FROM jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) WITH ORDINALITY AS e(x, n);
    v_last_event := v_last_event + coalesce(jsonb_array_length(p_events), 0);
    UPDATE journal_head SET transaction_count = v_count, head_hash = v_prev, last_event_seq = v_last_event,
                            updated_at = p_now
    WHERE id = 1;
    RETURN QUERY SELECT v_count, v_prev, v_last_event;
END
$$
"""


def _now() -> datetime:
    now = datetime.now(timezone.utc)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def upgrade() -> None:
    # In place on SQLite too: rebuilding accounts would mean copying it under postings' references.
    op.add_column("accounts", sa.Column("rollup_code", sa.String(200), nullable=True))
    op.create_index(None, "accounts", ["rollup_code"])
    for kind, owner, name, side, part, table, where in PARTS:
        rollup = f":kind || {owner} || :name"
        op.get_bind().execute(sa.text(
            "INSERT INTO accounts (code, currency, normal_side, must_not_go_negative, debits_posted, credits_posted, "
            "debits_pending, credits_pending, wallet_id, organisation_id, created_at, rollup_code) "
            f"SELECT {rollup} || :part || id, currency, :side, false, 0, 0, 0, 0, NULL, {owner}, :now, {rollup} "
            f"FROM {table} WHERE {where}"),
            {"kind": f"{kind}:", "name": f":{name}", "part": f":{part}:", "side": side, "now": _now()})
    op.create_index("ix_postings_account_id_transaction_seq", "postings", ["account_id", "transaction_seq"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEAL_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION wallet_seal_journal(bigint[], text[], jsonb, timestamptz)")
    op.drop_index("ix_postings_account_id_transaction_seq", "postings")
    # The parts stay as accounts (postings name them); only the link to their shared account goes.
    op.drop_index("ix_accounts_rollup_code", "accounts")
    op.drop_column("accounts", "rollup_code")

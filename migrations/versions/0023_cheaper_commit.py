"""A bulk run's commit: the balance check once a transaction, and the seal a statement a table.

1. ``wallet_check_balanced`` ran for every row of ``postings`` and ``transactions`` at COMMIT, and
   every run summed the whole transaction again: a funding run of 100,000 wallets checked each of
   its transactions five times over. Now a posting's check returns at once unless it is the last
   posting of its transaction (the highest id), and that one checks the whole transaction: at
   least two postings, and each phase and currency balancing. A transaction's own check only asks
   that it has a posting. Every database transaction that adds a posting to a transaction still
   has that transaction checked, after its last such posting: the last posting inserted has the
   highest id, and its check runs after it is written (at COMMIT, or at ``SET CONSTRAINTS``).
2. ``wallet_seal_journal`` wrote the chain's links one ``INSERT`` at a time in a loop; the links
   are now computed in the loop and written in one ``INSERT`` (the same formula, the same rows).
3. Accounts and their totals by day are updated on every posting, and their pages were packed
   full, so no update could stay on its page (a "HOT" update): each wrote a new entry in every one
   of the accounts' six indexes. Measured on a 100,000-wallet book: 339,647 updates, none HOT,
   and a table twice the size of its live rows. The pages now keep 30% free for new versions
   (``fillfactor``). New pages get the room at once; an existing database gets it for the pages
   already full after ``VACUUM FULL accounts, account_day_totals`` (the README says so).

Revision ID: 0023
Revises: 0018
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0018"
branch_labels = None
depends_on = None

CHECK_POSTING = """
CREATE OR REPLACE FUNCTION wallet_check_posting_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    posting_count integer;
    unbalanced record;
BEGIN
    -- Not the transaction's last posting: the last one's check covers this one too.
    IF EXISTS (SELECT 1 FROM postings WHERE transaction_seq = NEW.transaction_seq AND id > NEW.id) THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO posting_count FROM postings WHERE transaction_seq = NEW.transaction_seq;
    IF posting_count < 2 THEN
        RAISE EXCEPTION 'transaction % has % postings; at least two are required', NEW.transaction_seq, posting_count
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT currency, phase, sum(CASE WHEN side = 'debit' THEN amount ELSE -amount END) AS net
      INTO unbalanced
      FROM postings WHERE transaction_seq = NEW.transaction_seq
     GROUP BY currency, phase
    HAVING sum(CASE WHEN side = 'debit' THEN amount ELSE -amount END) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'transaction % does not balance: % % postings are off by %',
            NEW.transaction_seq, unbalanced.phase, unbalanced.currency, unbalanced.net
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
"""

CHECK_TRANSACTION = """
CREATE OR REPLACE FUNCTION wallet_check_transaction_has_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- With a posting, that posting's check counts and balances the whole transaction.
    IF NOT EXISTS (SELECT 1 FROM postings WHERE transaction_seq = NEW.seq) THEN
        RAISE EXCEPTION 'transaction % has 0 postings; at least two are required', NEW.seq
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
"""

SEAL = """
CREATE OR REPLACE FUNCTION wallet_seal_journal(p_seqs bigint[], p_digests text[], p_events jsonb, p_now timestamptz)
RETURNS TABLE (transaction_count bigint, head_hash varchar, last_event_seq bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_count bigint;
    v_prev varchar;
    v_last_event bigint;
    v_sealed integer := coalesce(array_length(p_seqs, 1), 0);
    v_prevs varchar[];
    v_links varchar[];
    i integer;
BEGIN
    SELECT h.transaction_count, h.head_hash, h.last_event_seq INTO v_count, v_prev, v_last_event
    FROM journal_head h WHERE h.id = 1 FOR UPDATE;
    v_prevs := array_fill(NULL::varchar, ARRAY[v_sealed]);
    v_links := array_fill(NULL::varchar, ARRAY[v_sealed]);
    -- The same link as hashing.link_hash: sha256 of "wallet-journal-v1|<position>|<previous>|<digest>".
    FOR i IN 1 .. v_sealed LOOP
        v_prevs[i] := v_prev;
        v_prev := encode(sha256(convert_to('wallet-journal-v1|' || (v_count + i)::text || '|' || v_prev || '|'
                                           || p_digests[i], 'UTF8')), 'hex');
        v_links[i] := v_prev;
    END LOOP;
    INSERT INTO transaction_hashes (seq, position, prev_hash, hash, sealed_at)
    SELECT link.seq, v_count + link.n, link.prev_hash, link.hash, p_now
    FROM unnest(p_seqs, v_prevs, v_links) WITH ORDINALITY AS link(seq, prev_hash, hash, n);
    v_count := v_count + v_sealed;
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


# Room on each page for an update's new row version, so it needs no new index entries.
FILLFACTOR = {"accounts": 70, "account_day_totals": 70}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, percent in FILLFACTOR.items():
        op.execute(f"ALTER TABLE {table} SET (fillfactor = {percent})")
    op.execute(CHECK_POSTING)
    op.execute(CHECK_TRANSACTION)
    op.execute("DROP TRIGGER postings_balance ON postings")
    op.execute("DROP TRIGGER transactions_have_postings ON transactions")
    op.execute("CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_posting_balanced()")
    op.execute("CREATE CONSTRAINT TRIGGER transactions_have_postings AFTER INSERT ON transactions "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_transaction_has_postings()")
    op.execute(SEAL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in FILLFACTOR:
        op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
    # The seal function stays: it writes exactly the rows the loop of 0011 wrote.
    op.execute("DROP TRIGGER postings_balance ON postings")
    op.execute("DROP TRIGGER transactions_have_postings ON transactions")
    op.execute("CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_balanced()")
    op.execute("CREATE CONSTRAINT TRIGGER transactions_have_postings AFTER INSERT ON transactions "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_balanced()")
    op.execute("DROP FUNCTION wallet_check_posting_balanced()")
    op.execute("DROP FUNCTION wallet_check_transaction_has_postings()")

"""Verifying the hash chain set-based, in PostgreSQL: each link is checked on its own.

A link holds iff its position follows the one before, its transaction exists, its stored previous
hash is the stored hash of the link before, and sha256 of ``wallet-journal-v1|<position>|<prev>|
<digest>`` is its stored hash, with the digest recomputed from the stored rows. None of that needs
the links before it to be recomputed first, so one statement checks a whole range: it writes each
transaction's canonical content (``domain.hashing``'s form, field by field from the same field
lists the sealer digests) and hashes it with the built-in ``sha256``. It returns only the links
that fail, or that it cannot vouch for (``wallet_canonical_json`` returns NULL where Python's
reading of a value might differ, migration 0018): those the caller recomputes in Python. Walking
the failures in position order gives the same first break as walking the whole chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from wallet.domain.hashing import LINK_FORMAT, BrokenLink, StoredLink, first_broken
from wallet.persistence.journal_chain import POSTING_FIELDS, TRANSACTION_FIELDS, digests_of

# How each chained column reads in the canonical form (hashing._plain): NULL is null, a moment
# is UTC with microseconds and a Z, a day is ISO, text is a JSON string, JSON is canonical JSON.
_MOMENT = "to_json(to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))::text"
_FORMS = {
    "integer": "{c}::text",
    "text": "to_json({c})::text",
    "day": "to_json(to_char({c}, 'YYYY-MM-DD'))::text",
    "moment": _MOMENT,
    "json": "wallet_canonical_json({c})",
}
TRANSACTION_FORMS = {"seq": "integer", "id": "text", "kind": "text", "effective_date": "day",
                     "recorded_at": "moment", "organisation_id": "text", "reference": "text",
                     "description": "text", "reverses_id": "text", "resolves_id": "text", "details": "json"}
POSTING_FORMS = {"account": "text", "id": "integer", "currency": "text", "side": "text", "phase": "text",
                 "amount": "integer", "memo": "text", "net_posted_after": "integer",
                 "debits_pending_after": "integer", "credits_pending_after": "integer", "recorded_at": "moment"}
# Columns whose NULL must read as null; a NULL anywhere else makes the content NULL (unknown).
_NULLABLE = {"organisation_id", "reference", "description", "reverses_id", "resolves_id", "memo"}


def _object(columns: dict[str, str], forms: dict[str, str]) -> str:
    """``{"k":v,...}`` with keys sorted as Python sorts them, each value in its canonical form."""
    members = []
    for key in sorted(forms):
        value = _FORMS[forms[key]].format(c=columns[key])
        if key in _NULLABLE:
            value = f"coalesce({value}, 'null')"
        members.append(f"'\"{key}\":' || {value}")
    return "'{' || " + " || ',' || ".join(members) + " || '}'"


def _content_sql() -> str:
    assert set(TRANSACTION_FORMS) == set(TRANSACTION_FIELDS), "every chained transaction field has a form"
    assert set(POSTING_FORMS) == {"account", *POSTING_FIELDS}, "every chained posting field has a form"
    transaction = _object({f: f"t.{f}" for f in TRANSACTION_FIELDS}, TRANSACTION_FORMS)
    line = _object({"account": "a.code", **{f: f"p.{f}" for f in POSTING_FIELDS}}, POSTING_FORMS)
    # Keys sorted: "postings" before "transaction".
    return f"""
        '{{"postings":[' || coalesce((
            SELECT string_agg({line}, ',' ORDER BY p.id)
            FROM postings p JOIN accounts a ON a.id = p.account_id
            WHERE p.transaction_seq = t.seq), '') || '],"transaction":' || {transaction} || '}}'"""


_SUSPECTS = text(f"""
WITH links AS (
    SELECT h.position, h.seq, h.prev_hash, h.hash, t.id AS transaction_id,
           lag(h.position) OVER chain AS previous_position, lag(h.hash) OVER chain AS previous_hash,
           encode(sha256(convert_to({_content_sql()}, 'UTF8')), 'hex') AS digest
    FROM transaction_hashes h LEFT JOIN transactions t ON t.seq = h.seq
    WHERE h.position BETWEEN :first AND :last
    WINDOW chain AS (ORDER BY h.position)
)
SELECT position, seq, transaction_id, prev_hash, hash, digest,
       coalesce(previous_position, :first - 1) + 1 AS expected_position,
       coalesce(previous_hash, :start_prev) AS expected_prev
FROM links
WHERE position <> coalesce(previous_position, :first - 1) + 1
   OR transaction_id IS NULL
   OR prev_hash <> coalesce(previous_hash, :start_prev)
   OR digest IS NULL
   OR encode(sha256(convert_to('{LINK_FORMAT}|' || position || '|' || prev_hash || '|' || digest, 'UTF8')),
             'hex') <> hash
ORDER BY position
""")

_LAST_POSITION = text("SELECT max(position) FROM transaction_hashes WHERE position BETWEEN :first AND :last")


@dataclass(frozen=True, slots=True)
class Suspect:
    """A link the statement could not pass: ``digest`` is None where Python must recompute it."""

    position: int
    expected_position: int
    seq: int
    transaction_id: str | None
    prev_hash: str
    expected_prev: str
    hash: str
    digest: str | None


def suspects(session: Session, first: int, last: int, start_prev: str, *, batch: int = 500) -> Iterator[Suspect]:
    """The links at positions ``first``..``last`` that fail or need Python, in position order;
    read through a server-side cursor, so memory stays flat however many there are."""
    connection = session.connection()
    result = connection.execution_options(stream_results=True, max_row_buffer=batch).execute(
        _SUSPECTS, {"first": first, "last": last, "start_prev": start_prev})
    try:
        for row in result:
            yield Suspect(row.position, row.expected_position, row.seq, row.transaction_id, row.prev_hash,
                          row.expected_prev, row.hash, row.digest)
    finally:
        result.close()


def last_position(session: Session, first: int, last: int) -> int | None:
    """The last position chained in ``first``..``last``: short of ``last``, the rest are missing."""
    found = session.execute(_LAST_POSITION, {"first": first, "last": last}).scalar_one_or_none()
    return None if found is None else int(found)


def first_broken_set_based(session: Session, first: int, last: int, start_prev: str) -> BrokenLink | None:
    """The first link in ``first``..``last`` that fails, judged link by link by the domain's own
    rule (``first_broken`` on that one link, from where the link before it left off)."""
    pending: list[Suspect] = []
    for suspect in suspects(session, first, last, start_prev):
        pending.append(suspect)
        if len(pending) == RECOMPUTE_BATCH:
            broken = _first_failing(session, pending)
            if broken is not None:
                return broken
            pending = []
    broken = _first_failing(session, pending)
    if broken is not None:
        return broken
    chained_to = last_position(session, first, last)
    if last >= first and (chained_to is None or chained_to < last):
        missing = first if chained_to is None else chained_to + 1
        return BrokenLink(missing, None, None, f"the transaction at position {missing} is missing")
    return None


RECOMPUTE_BATCH = 500


def _first_failing(session: Session, pending: list[Suspect]) -> BrokenLink | None:
    unknown = [s.seq for s in pending if s.digest is None and s.transaction_id is not None]
    recomputed = {seq: digest for seq, _, digest in digests_of(session, unknown)}
    for s in pending:
        digest = s.digest if s.digest is not None else recomputed.get(s.seq)
        if s.transaction_id is None:
            digest = None
        link = StoredLink(s.position, s.seq, s.transaction_id, s.prev_hash, s.hash, digest)
        broken, _ = first_broken([link], start_position=s.expected_position, start_prev=s.expected_prev)
        if broken is not None:
            return broken
    return None

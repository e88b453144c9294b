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
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from wallet.domain.hashing import LINK_FORMAT, BrokenLink, StoredLink, first_broken
from wallet.persistence.journal_chain import POSTING_FIELDS, TRANSACTION_FIELDS, digests_of

# How each chained column reads in the canonical form (hashing._plain): NULL is null, a moment
# is UTC with microseconds and a Z, a day is ISO, text is a JSON string, JSON is canonical JSON.
# (to_char's output needs no escaping, so it is quoted directly: to_json costs as much again.)
_MOMENT = "'\"' || to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || '\"'"
_FORMS = {
    "integer": "{c}::text",
    "text": "to_json({c})::text",
    "day": "'\"' || to_char({c}, 'YYYY-MM-DD') || '\"'",
    "moment": _MOMENT,
    "json": "{c}",  # written beforehand, by _details
}
TRANSACTION_FORMS = {"seq": "integer", "id": "text", "kind": "text", "effective_date": "day",
                     "recorded_at": "moment", "organisation_id": "text", "reference": "text",
                     "description": "text", "reverses_id": "text", "resolves_id": "text", "details": "json"}
POSTING_FORMS = {"account": "text", "id": "integer", "currency": "text", "side": "text", "phase": "text",
                 "amount": "integer", "memo": "text", "net_posted_after": "integer",
                 "debits_pending_after": "integer", "credits_pending_after": "integer", "recorded_at": "moment"}
# Columns whose NULL must read as null; a NULL anywhere else makes the content NULL (unknown).
_NULLABLE = {"organisation_id", "reference", "description", "reverses_id", "resolves_id", "memo"}
# Containers this deep are written in the statement itself; deeper ones by wallet_canonical_json,
# which is exact but costs a function call each.
_INLINE_DEPTH = 2


def _object(columns: dict[str, str], forms: dict[str, str]) -> str:
    """``{"k":v,...}`` with keys sorted as Python sorts them, each value in its canonical form."""
    members = []
    for key in sorted(forms):
        value = _FORMS[forms[key]].format(c=columns[key])
        if key in _NULLABLE:
            value = f"coalesce({value}, 'null')"
        members.append(f"'\"{key}\":' || {value}")
    return "'{' || " + " || ',' || ".join(members) + " || '}'"


def _json(value: str, depth: int = 1) -> str:
    """Canonical text of a jsonb value: scalars as jsonb prints them (the same escapes as Python;
    numbers are plain integers, _details saw to that), containers member by member, keys in code
    point order ("C" collation is UTF-8 byte order). NULL if any member is NULL."""
    if depth > _INLINE_DEPTH:
        return f"wallet_canonical_json({value}::json)"
    key, member = f"k{depth}", f"v{depth}"
    piece = _json(member, depth + 1)
    members = (f"SELECT {key}, CASE WHEN jsonb_typeof({member}) IN ('object', 'array') THEN {piece} "
               f"ELSE {member}::text END AS piece")
    in_object = (f"(SELECT CASE WHEN count(*) = count(piece) THEN '{{' || coalesce(string_agg("
                 f"to_json({key})::text || ':' || piece, ',' ORDER BY {key} COLLATE \"C\"), '') || '}}' END "
                 f"FROM ({members} FROM jsonb_each({value}) AS e({key}, {member})) AS m)")
    in_array = (f"(SELECT CASE WHEN count(*) = count(piece) THEN '[' || coalesce(string_agg("
                f"piece, ',' ORDER BY {key}), '') || ']' END "
                f"FROM ({members} FROM jsonb_array_elements({value}) WITH ORDINALITY AS e({member}, {key})) AS m)")
    return (f"CASE jsonb_typeof({value}) WHEN 'object' THEN {in_object} WHEN 'array' THEN {in_array} "
            f"ELSE {value}::text END")


def _details(column: str) -> str:
    """A transaction's details, canonical, or NULL (Python decides) where jsonb would not read
    them as Python does: a number with a fraction or exponent anywhere (Python re-prints floats
    its own way; the pattern may also fire inside a string, which only costs a recomputation),
    or an escaped NUL, which jsonb refuses. jsonb keeps a repeated key's last value, as Python."""
    risky = f"strpos({column}::text, '\\u0000') > 0 OR {column}::text ~ '(^|[:,\\[])\\s*-?[0-9]+[.eE]'"
    return f"CASE WHEN {risky} THEN NULL ELSE {_json(f'{column}::jsonb')} END"


def _content_sql() -> str:
    assert set(TRANSACTION_FORMS) == set(TRANSACTION_FIELDS), "every chained transaction field has a form"
    assert set(POSTING_FORMS) == {"account", *POSTING_FIELDS}, "every chained posting field has a form"
    transaction = _object({**{f: f"t.{f}" for f in TRANSACTION_FIELDS}, "details": "d.canonical"},
                          TRANSACTION_FORMS)
    # Keys sorted: "postings" before "transaction".
    return f"""'{{"postings":[' || coalesce(l.lines, '') || '],"transaction":' || {transaction} || '}}'"""


def _lines_sql() -> str:
    line = _object({"account": "a.code", **{f: f"p.{f}" for f in POSTING_FIELDS}}, POSTING_FORMS)
    return f"string_agg({line}, ',' ORDER BY p.id)"


_SUSPECTS = text(f"""
WITH chained AS (
    -- The window runs over the narrow link rows, in the order the position index gives them.
    SELECT h.position, h.seq, h.prev_hash, h.hash,
           lag(h.position) OVER chain AS previous_position, lag(h.hash) OVER chain AS previous_hash
    FROM transaction_hashes h
    WHERE h.position BETWEEN :first AND :last
    WINDOW chain AS (ORDER BY h.position)
), lines AS (
    -- Positions follow commit order and seqs insert order, so a range of one is about a range of
    -- the other: read the postings of that seq range once, grouped, rather than one lookup each.
    SELECT p.transaction_seq AS seq, {_lines_sql()} AS lines
    FROM postings p JOIN accounts a ON a.id = p.account_id
    WHERE p.transaction_seq BETWEEN (SELECT min(seq) FROM chained) AND (SELECT max(seq) FROM chained)
    GROUP BY p.transaction_seq
), details AS (
    -- Many transactions carry the same details (one wallet, one policy version): each distinct
    -- text is made canonical once.
    SELECT raw, {_details("raw::json")} AS canonical
    FROM (SELECT DISTINCT t.details::text AS raw
          FROM chained c JOIN transactions t ON t.seq = c.seq) AS distinct_details
), links AS (
    SELECT c.position, c.seq, c.prev_hash, c.hash, c.previous_position, c.previous_hash, t.id AS transaction_id,
           encode(sha256(convert_to({_content_sql()}, 'UTF8')), 'hex') AS digest
    FROM chained c LEFT JOIN transactions t ON t.seq = c.seq LEFT JOIN lines l ON l.seq = c.seq
         LEFT JOIN details d ON d.raw = t.details::text
    OFFSET 0  -- kept a subquery, so each digest is computed once, not once per test of it below
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


# For this one bulk statement: JIT would spend seconds compiling its long expressions, a nested
# loop over the distinct details would compare every pair, and its sorts fit in memory.
_SETTINGS = {"jit": "off", "enable_nestloop": "off", "work_mem": "64MB"}


def suspects(session: Session | Connection, first: int, last: int, start_prev: str, *, batch: int = 500) -> Iterator[Suspect]:
    """The links at positions ``first``..``last`` that fail or need Python, in position order;
    read through a server-side cursor, so memory stays flat however many there are."""
    connection = session.connection() if isinstance(session, Session) else session
    for name, value in _SETTINGS.items():
        connection.execute(text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value})
    result = connection.execute(_SUSPECTS, {"first": first, "last": last, "start_prev": start_prev},
                                execution_options={"stream_results": True, "max_row_buffer": batch})
    try:
        for row in result:
            yield Suspect(row.position, row.expected_position, row.seq, row.transaction_id, row.prev_hash,
                          row.expected_prev, row.hash, row.digest)
    finally:
        result.close()
        for name in _SETTINGS:
            connection.execute(text(f"RESET {name}"))


def last_position(session: Session | Connection, first: int, last: int) -> int | None:
    """The last position chained in ``first``..``last``: short of ``last``, the rest are missing."""
    found = session.execute(_LAST_POSITION, {"first": first, "last": last}).scalar_one_or_none()
    return None if found is None else int(found)


def first_broken_set_based(session: Session | Connection, first: int, last: int, start_prev: str) -> BrokenLink | None:
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


def _first_failing(session: Session | Connection, pending: list[Suspect]) -> BrokenLink | None:
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

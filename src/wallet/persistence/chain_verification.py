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
# (to_char's output needs no escaping, so it writes its own quotes, \" in its pattern: to_json
# would cost as much again, and each || copies the whole text so far.)
_MOMENT = r"""to_char({c} AT TIME ZONE 'UTC', '\"YYYY-MM-DD"T"HH24:MI:SS.US"Z\"')"""
_FORMS = {
    "integer": "{c}::text",
    "text": "to_json({c})::text",
    "day": r"""to_char({c}, '\"YYYY-MM-DD\"')""",
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

def _object(columns: dict[str, str], forms: dict[str, str]) -> str:
    """``{"k":v,...}`` with keys sorted as Python sorts them, each value in its canonical form; the
    fixed text between two values is one literal, so a member costs two concatenations, not four."""
    pieces, before = [], "{"
    for key in sorted(forms):
        value = _FORMS[forms[key]].format(c=columns[key])
        if key in _NULLABLE:
            value = f"coalesce({value}, 'null')"
        pieces += [f"'{before}\"{key}\":'", value]
        before = ","
    return " || ".join(pieces) + " || '}'"


def _details(raw: str) -> str:
    """A transaction's details (``raw``: their stored text), canonical, or NULL where Python must
    decide. Details are one flat object, as a rule: its members are written here, read from the
    stored text (``json_each`` keeps each value as written, so a number's own digits are seen);
    anything nested, and details that are not an object, by ``wallet_canonical_json`` (exact, but
    a function call each). NULL for: an escaped NUL (PostgreSQL cannot unescape it), a key twice
    (Python keeps the last), a number that is not a plain integer (Python re-prints floats its own
    way). A string written without a backslash is already as Python writes it (JSON text cannot
    hold a raw control character, and both keep non-ASCII as UTF-8); one with escapes is written
    again, as ``to_json`` escapes, which is as Python does. (Details as the ledger writes them open
    with their brace: the first character says what they are, without parsing them twice.)"""
    piece = ("CASE json_typeof(v) "
             "WHEN 'string' THEN CASE WHEN strpos(v::text, '\\') = 0 THEN v::text ELSE to_json(v #>> '{}')::text END "
             "WHEN 'number' THEN CASE WHEN v::text ~ '^(0|-?[1-9][0-9]*)$' THEN v::text END "
             "WHEN 'object' THEN wallet_canonical_json(v) WHEN 'array' THEN wallet_canonical_json(v) "
             "ELSE v::text END")
    flat = ("(SELECT CASE WHEN count(*) = count(piece) AND count(*) = count(DISTINCT k) "
            "THEN '{' || coalesce(string_agg(to_json(k)::text || ':' || piece, ',' ORDER BY k COLLATE \"C\"), '') || '}' END "
            f"FROM (SELECT k, {piece} AS piece FROM json_each({raw}::json) AS e(k, v)) AS m)")
    return (f"CASE WHEN strpos({raw}, '\\u0000') > 0 THEN NULL "
            f"WHEN left({raw}, 1) = '{{' THEN {flat} ELSE wallet_canonical_json({raw}::json) END")


def _stored_canonically(raw: str) -> str:
    """Whether details' stored text ``raw`` is, as far as a glance can tell, already canonical, as
    the ledger writes it (``hashing.canonical_text``): no space after a key. Text written the
    older way (``json.dumps``'s default, ``"key": value``) never passes. Text that passes is
    hashed as it stands: if it is not in fact canonical, its digest cannot match the sealed one,
    so the link is handed to Python, which decides; a link passes in SQL only on a matching sha256."""
    return f"strpos({raw}, '\": ') = 0"


def _digest_sql() -> str:
    """The content digest of a row of ``grouped g`` (a transaction with its postings' lines):
    its details as stored where they are stored canonically (``g.as_stored``), else made
    canonical (``d``)."""
    assert set(TRANSACTION_FORMS) == set(TRANSACTION_FIELDS), "every chained transaction field has a form"
    details = "CASE WHEN g.as_stored THEN g.details::text ELSE d.canonical END"
    transaction = _object({**{f: f"g.{f}" for f in TRANSACTION_FIELDS}, "details": details},
                          TRANSACTION_FORMS)
    # Keys sorted: "postings" before "transaction".
    content = f"""'{{"postings":[' || coalesce(g.lines, '') || '],"transaction":' || {transaction} || '}}'"""
    return f"encode(sha256(convert_to({content}, 'UTF8')), 'hex')"


def _line_sql() -> str:
    assert set(POSTING_FORMS) == {"account", *POSTING_FIELDS}, "every chained posting field has a form"
    return _object({"account": "a.code", **{f: f"p.{f}" for f in POSTING_FIELDS}}, POSTING_FORMS)


_SUSPECTS = text(f"""
WITH chained AS MATERIALIZED (
    -- The window runs over the narrow link rows, in the order the position index gives them.
    SELECT h.position, h.seq, h.prev_hash, h.hash,
           lag(h.position) OVER chain AS previous_position, lag(h.hash) OVER chain AS previous_hash
    FROM transaction_hashes h
    WHERE h.position BETWEEN :first AND :last
    WINDOW chain AS (ORDER BY h.position)
), posting_lines AS (
    -- Each transaction's postings' lines, in id order: sorted once, then joined in arrival
    -- order. (``string_agg(... ORDER BY p.id)`` sorted each transaction's few lines on its own,
    -- a quarter of the statement's time.) PostgreSQL aggregates rows in the order a sorted
    -- subquery gives them, but does not promise it; were a transaction's lines ever joined out
    -- of order, its digest would not match and Python would recompute it (below): slower, never
    -- wrong.
    SELECT o.transaction_seq, string_agg(o.line, ',') AS lines
    FROM (SELECT p.transaction_seq, {_line_sql()} AS line
          FROM postings p JOIN accounts a ON a.id = p.account_id
          WHERE p.transaction_seq BETWEEN :low AND :high
          ORDER BY p.transaction_seq, p.id) AS o
    GROUP BY o.transaction_seq
), grouped AS (
    SELECT t.*, l.lines, {_stored_canonically("t.details::text")} AS as_stored
    FROM transactions t LEFT JOIN posting_lines l ON l.transaction_seq = t.seq
    WHERE t.seq BETWEEN :low AND :high
), details AS (
    -- Details stored the older way are made canonical here, each distinct text once (many
    -- transactions carry the same details: one wallet, one policy version). Details the ledger
    -- stored canonically are hashed as they stand: a real book's fundings each have their own,
    -- and making each canonical cost twice everything else.
    SELECT raw, {_details("raw")} AS canonical
    FROM (SELECT DISTINCT t.details::text AS raw
          FROM transactions t WHERE t.seq BETWEEN :low AND :high
                                AND NOT {_stored_canonically("t.details::text")}) AS distinct_details
), digests AS (
    SELECT g.seq, g.id, {_digest_sql()} AS digest, g.as_stored
    FROM grouped g LEFT JOIN details d ON d.raw = g.details::text
)
-- A link passes here only on a matching sha256. A failing one Python recomputes, and decides:
-- its details may be stored otherwise than Python writes them (compact, but out of order), or
-- its lines joined out of order (above).
SELECT c.position, c.seq, g.id AS transaction_id, c.prev_hash, c.hash,
       coalesce(c.previous_position, :first - 1) + 1 AS expected_position,
       coalesce(c.previous_hash, :start_prev) AS expected_prev
FROM chained c LEFT JOIN digests g ON g.seq = c.seq
WHERE c.position <> coalesce(c.previous_position, :first - 1) + 1
   OR g.id IS NULL
   OR c.prev_hash <> coalesce(c.previous_hash, :start_prev)
   OR g.digest IS NULL
   OR encode(sha256(convert_to('{LINK_FORMAT}|' || c.position || '|' || c.prev_hash || '|' || g.digest, 'UTF8')),
             'hex') <> c.hash
ORDER BY c.position
""")

_LAST_POSITION = text("SELECT max(position) FROM transaction_hashes WHERE position BETWEEN :first AND :last")
# Read first, and passed to the statement as values: the planner then knows how many rows the
# seq range holds, and merges the two indexes rather than hashing or sorting wide rows.
_SEQ_SPAN = text("SELECT min(seq), max(seq) FROM transaction_hashes WHERE position BETWEEN :first AND :last")


@dataclass(frozen=True, slots=True)
class Suspect:
    """A link the statement could not pass: Python recomputes its digest and judges it."""

    position: int
    expected_position: int
    seq: int
    transaction_id: str | None
    prev_hash: str
    expected_prev: str
    hash: str


# For this one bulk statement: JIT would spend seconds compiling its long expressions, a nested
# loop over the distinct details would compare every pair, and its sorts fit in memory.
_SETTINGS = {"jit": "off", "enable_nestloop": "off", "work_mem": "64MB"}


def suspects(session: Session | Connection, first: int, last: int, start_prev: str, *, batch: int = 500) -> Iterator[Suspect]:
    """The links at positions ``first``..``last`` that fail or need Python, in position order;
    read through a server-side cursor, so memory stays flat however many there are."""
    connection = session.connection() if isinstance(session, Session) else session
    low, high = connection.execute(_SEQ_SPAN, {"first": first, "last": last}).one()
    if low is None:
        return  # nothing chained there: last_position says what is missing
    for name, value in _SETTINGS.items():
        connection.execute(text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value})
    result = connection.execute(_SUSPECTS, {"first": first, "last": last, "start_prev": start_prev,
                                            "low": low, "high": high},
                                execution_options={"stream_results": True, "max_row_buffer": batch})
    try:
        for row in result:
            yield Suspect(row.position, row.expected_position, row.seq, row.transaction_id, row.prev_hash,
                          row.expected_prev, row.hash)
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
    recomputed = {seq: digest for seq, _, digest in digests_of(
        session, [s.seq for s in pending if s.transaction_id is not None])}
    for s in pending:
        digest = recomputed.get(s.seq) if s.transaction_id is not None else None
        link = StoredLink(s.position, s.seq, s.transaction_id, s.prev_hash, s.hash, digest)
        broken, _ = first_broken([link], start_position=s.expected_position, start_prev=s.expected_prev)
        if broken is not None:
            return broken
    return None

"""Verifying the hash chain at database speed: the chain's canonical JSON, written by PostgreSQL.

``wallet_canonical_json`` gives a stored ``json`` value exactly as ``domain.hashing.canonical``
would write it after reading it back (keys sorted by code point, no spaces, strings escaped the
same way, non-ASCII kept as UTF-8), so verification can recompute every content digest in one
set-based statement with the built-in ``sha256`` (``persistence/chain_verification.py`` writes the
first levels of ``details`` in the statement itself and calls this for anything deeper). Where the two could disagree it returns NULL
and the verifier recomputes that transaction in Python instead: a number that is not a plain
integer (Python re-prints floats its own way), an object with a key twice (Python keeps the last),
and ``\\u0000`` (which PostgreSQL cannot unescape). SQLite has no such function; it verifies in Python.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _piece(value: str) -> str:
    """A member's canonical text; containers recurse, scalars are written in place."""
    return (f"CASE json_typeof({value}) "
            f"WHEN 'string' THEN to_json({value} #>> '{{}}')::text "
            f"WHEN 'number' THEN CASE WHEN {value}::text ~ '^(0|-?[1-9][0-9]*)$' THEN {value}::text END "
            f"WHEN 'object' THEN wallet_canonical_json({value}) "
            f"WHEN 'array' THEN wallet_canonical_json({value}) "
            f"ELSE {value}::text END")


CANONICAL_JSON = f"""
CREATE FUNCTION wallet_canonical_json(j json) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT CASE
    WHEN strpos(j::text, '\\u0000') > 0 THEN NULL
    WHEN json_typeof(j) = 'object' THEN (
        SELECT CASE WHEN count(*) = count(o.piece) AND count(*) = count(DISTINCT o.key)
                    THEN '{{' || coalesce(string_agg(to_json(o.key)::text || ':' || o.piece, ','
                                                     ORDER BY o.key COLLATE "C"), '') || '}}' END
        FROM (SELECT e.key, {_piece('e.value')} AS piece FROM json_each(j) AS e) AS o)
    WHEN json_typeof(j) = 'array' THEN (
        SELECT CASE WHEN count(*) = count(a.piece)
                    THEN '[' || coalesce(string_agg(a.piece, ',' ORDER BY a.n), '') || ']' END
        FROM (SELECT e.n, {_piece('e.value')} AS piece
              FROM json_array_elements(j) WITH ORDINALITY AS e(value, n)) AS a)
    ELSE {_piece('j')}
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CANONICAL_JSON)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION wallet_canonical_json(json)")

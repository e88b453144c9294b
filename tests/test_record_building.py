"""How stored rows become records and new rows get their ids, in bulk: the fast ways give exactly
what the plain ones give."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import create_engine, text

from wallet.persistence.repository import new_ids, record_from


@dataclass(frozen=True, slots=True)
class Pair:
    left: int
    right: str


def _rows(sql: str):  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        return connection.execute(text(sql)).all()


def test_new_ids_are_distinct_version_4_uuids_in_their_usual_text():
    ids = new_ids(5_000)
    assert len(set(ids)) == 5_000
    for made in ids:
        parsed = uuid.UUID(made)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == made
    assert new_ids(0) == []


def test_records_are_built_by_name_whatever_the_column_order():
    rows = _rows("SELECT 'b' AS right, 1 AS left, 'x' AS extra UNION ALL SELECT 'c', 2, 'y'")
    assert [record_from(Pair, row) for row in rows] == [Pair(1, "b"), Pair(2, "c")]
    assert record_from(Pair, rows[1], right="given") == Pair(2, "given")
    # Another result with the columns the other way round: its own positions, not the last ones.
    (other,) = _rows("SELECT 7 AS left, 'z' AS right")
    assert record_from(Pair, other) == Pair(7, "z")


def test_a_field_the_row_lacks_comes_from_the_converted_values():
    (row,) = _rows("SELECT 3 AS left")
    assert record_from(Pair, row, right="made") == Pair(3, "made")

"""What every repository shares: a session it writes through and flushes but never commits, and
the few ways a stored row becomes a record."""

from __future__ import annotations

import functools
import operator
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    BindParameter,
    ColumnElement,
    Select,
    Table,
    any_,
    bindparam,
    cast,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType, TypeEngine

from wallet.persistence.db import is_postgresql

Record = TypeVar("Record")
Query = TypeVar("Query", bound=Select[Any])

# Above this many wallets a read over a whole book names none of them: a statement takes at most
# 65,535 parameters on PostgreSQL (32,766 on SQLite), and what it looks for is few.
MANY_WALLETS = 5_000


def one_of(session: Session, column: ColumnElement[Any], values: Sequence[Any],
           element: TypeEngine[Any]) -> list[ColumnElement[bool]]:
    """``column`` is one of ``values``, as the conditions of reads that together find them all.
    PostgreSQL takes the values as one array, however many: thousands of placeholders cost more
    to render and parse than the read, and past 65,535 a statement is refused. SQLite has no
    arrays, so it gets an ``IN`` of at most ``MANY_WALLETS`` values a read."""
    values = list(values)
    if not values:
        return []
    if is_postgresql(session):
        parameter = (array_parameter(values, element) if len(values) >= ARRAY_AS_TEXT
                     else bindparam(None, values, type_=ARRAY(element)))
        return [column == any_(cast(parameter, ARRAY(element)))]
    return [column.in_(values[first:first + MANY_WALLETS]) for first in range(0, len(values), MANY_WALLETS)]


# From this many values an array goes as its text: the driver builds an array parameter value by
# value in Python (about 3 microseconds each), and a bulk run sends hundreds of thousands.
ARRAY_AS_TEXT = 100


def array_literal(values: Sequence[Any]) -> str | None:
    """PostgreSQL's text form of an array of text or of whole numbers, or ``None`` for anything else."""
    if all(type(v) is str for v in values):
        # Inside double quotes only a double quote and a backslash are escaped.
        return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"
    if all(type(v) is int for v in values):
        return "{" + ",".join(map(str, values)) + "}"
    return None


def array_parameter(values: Sequence[Any], element: TypeEngine[Any]) -> BindParameter[Any]:
    """PostgreSQL: ``values`` as one parameter to cast to an array of ``element``, as the array's
    text when it has one: psycopg's list dumper costs some 4 µs a string (4 ms for a batch's
    thousand wallet ids, several times a batch). The text goes untyped, so under the cast it takes
    the cast's type: the server reads the same array, and the plan sees the same constant."""
    literal = array_literal(values)
    if literal is not None:
        return bindparam(None, literal, type_=NullType())
    return bindparam(None, list(values), type_=ARRAY(element))


def new_id() -> str:
    return new_ids(1)[0]


def new_ids(count: int) -> list[str]:
    """``count`` time-ordered (version 7, RFC 9562) UUIDs, ascending: the Unix time in
    milliseconds, then 74 random bits. Rows made later sort after rows made earlier, so a new
    row's key lands at the right-hand edge of every index on an id (and on an account code, which
    starts with its wallet's id) instead of on a random page: at a 100,000-wallet book, 200,000
    account rows went in 40% faster than with random (version 4) ids, whose index pages had
    to be read back in from the disk. Ids are names, not secrets (keys and links use
    ``secrets``); what an id shows, the moment it was made, its record states anyway.
    One read of the OS's randomness for all of them, the bits set at once, the text cut from one
    hex string: a ``uuid.UUID`` each cost several microseconds, and a bulk opening of 10,000
    wallets makes 30,000."""
    raw = bytearray(os.urandom(16 * count))
    stamp = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    for position, byte in enumerate(stamp):
        raw[position::16] = bytes((byte,)) * count
    raw[6::16] = bytes(b & 0x0F | 0x70 for b in raw[6::16])  # version 7
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # the RFC 9562 variant
    digits = raw.hex()
    made = [f"{digits[i:i + 8]}-{digits[i + 8:i + 12]}-{digits[i + 12:i + 16]}-{digits[i + 16:i + 20]}-"
            f"{digits[i + 20:i + 32]}" for i in range(0, 32 * count, 32)]
    # One millisecond's ids in order too (lower-case hex of one length sorts as its number).
    made.sort()
    return made


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    # ``fields()`` builds its answer afresh on every call: a bulk run reads 100,000 wallets.
    return tuple(f.name for f in fields(cls))


# Per record class, the last result's metadata and where each field sits in its rows. The rows of
# one result share their metadata object, so a bulk read finds each field by name once, not once a
# row (21 columns by name cost some 9 µs a row, by position under 5). Holding the metadata keeps
# the identity check sound; another result's rows simply find their positions again.
_positions: dict[type, tuple[Any, Callable[[Any], Any] | None, dict[str, int]]] = {}


def _positions_of(cls: type, row: Any, parent: Any) -> tuple[Callable[[Any], Any] | None, dict[str, int]]:
    known = _positions.get(cls)
    if known is not None and known[0] is parent:
        return known[1], known[2]
    fields_of_row = row._fields
    columns = {name: index for index, name in enumerate(fields_of_row)}
    names = _field_names(cls)
    if len(names) < 2 or len(columns) < len(fields_of_row) or any(name not in columns for name in names):
        # A field the row does not name (the converted values give it), or a name it has twice
        # (ambiguous by name, as SQLAlchemy says): by name, as before.
        getter = None
    else:
        getter = operator.itemgetter(*(columns[name] for name in names))
    index_of = {name: n for n, name in enumerate(names)}
    _positions[cls] = (parent, getter, index_of)
    return getter, index_of


def record_from(cls: type[Record], row: Any, **converted: Any) -> Record:
    """A record dataclass from a row with a column named after each field; ``converted`` gives the
    fields whose stored value needs turning into something richer (an enum, a fresh dict)."""
    parent = getattr(row, "_parent", None)
    if parent is not None:
        getter, index_of = _positions_of(cls, row, parent)
        if getter is not None:
            if not converted:
                return cls(*getter(row))
            values = list(getter(row))
            for name, value in converted.items():
                values[index_of[name]] = value
            return cls(*values)
    return cls(**{name: converted[name] if name in converted else getattr(row, name)
                  for name in _field_names(cls)})


def page(query: Query, key: ColumnElement[Any], *, after: Any | None, limit: int) -> Query:
    """At most ``limit`` rows in ``key`` order, starting after the key ``after`` when given."""
    query = query.order_by(key).limit(limit)
    return query if after is None else query.where(key > after)


def matching(query: Query, *filters: tuple[ColumnElement[Any], Any | None]) -> Query:
    """``query`` narrowed to ``column == value`` for each filter whose value is given (not None)."""
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return query


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _one(self, query: Select[Any], to_record: Callable[[Any], Record], *,
             lock: bool = False) -> Record | None:
        """The first row as a record, locked ``FOR UPDATE`` when asked (PostgreSQL; SQLite's
        ``BEGIN IMMEDIATE`` already serialises writers)."""
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return to_record(row) if row is not None else None

    def _by_id(self, table: Table, row_id: Any, to_record: Callable[[Any], Record], *,
               lock: bool = False) -> Record | None:
        return self._one(select(table).where(table.c.id == row_id), to_record, lock=lock)

    def _all(self, query: Select[Any], to_record: Callable[[Any], Record]) -> list[Record]:
        # ``all()``: the driver hands the rows over at once, not one call a row (100,000 wallets: 0.2 s).
        return [to_record(row) for row in self.session.execute(query).all()]

    def _insert(self, table: Table, **values: Any) -> None:
        self.session.execute(insert(table).values(**values))
        self.session.flush()

    def _insert_many(self, table: Table, rows: Iterable[dict[str, Any]]) -> None:
        rows = list(rows)
        if rows:
            self.session.execute(insert(table), rows)
            self.session.flush()

    def _update(self, table: Table, *where: ColumnElement[bool], **values: Any) -> int:
        """Update the matching rows; the number changed."""
        result = self.session.execute(update(table).where(*where).values(**values))
        self.session.flush()
        return int(result.rowcount)  # type: ignore[attr-defined]

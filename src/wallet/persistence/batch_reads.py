"""Reads for a batch of a bulk run that stay index lookups on a book PostgreSQL has no statistics
for yet (a fresh one, or autovacuum behind a run that has just written 100,000 rows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, FromClause, Join, Select, String, cast, column, func, text, true
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from wallet.persistence.repository import array_parameter


def for_each(session: Session, values: Sequence[Any], build: Callable[[Callable[[ColumnElement[Any]],
             ColumnElement[bool]]], Select[Any]], element: type[TypeEngine[Any]] = String) -> FromClause:
    """The rows ``build`` selects for each of ``values``: ``build`` is given the condition to put on
    its key column. On PostgreSQL the values are unnested and ``build``'s select is joined to each
    one LATERALly, so each is one index lookup whatever the statistics say. With a plain
    ``IN``/``= ANY`` and a book not yet analysed (a fresh one, or autovacuum behind) the planner
    guessed a fifth of the table and scanned all of it, once a batch: a close of 100,000 wallets
    read every account and every posting a hundred times. SQLite: one ``IN``."""
    if session.get_bind().dialect.name == "postgresql":
        array = ARRAY(element())
        wanted = func.unnest(cast(array_parameter(values, element()), array)).table_valued(
            column("key", element())).render_derived(name="wanted")
        # OFFSET 0 keeps the subquery a subquery: flattened, it became a plain join, hashed.
        found = build(lambda key: key == wanted.c.key).offset(0).lateral("found")
        return wanted.join(found, true())
    return build(lambda key: key.in_(list(values))).subquery("found")


def found_columns(source: FromClause) -> Any:
    """The columns of ``for_each``'s rows."""
    return source.right.c if isinstance(source, Join) else source.c


def without_jit(session: Session) -> None:
    """PostgreSQL: no JIT compilation for the rest of this database transaction. A bulk run's batch
    reads are a thousand index lookups each, which the planner, without statistics, prices high
    enough to compile: some 100 ms of JIT for a read of 30 ms, once a batch."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))

"""Sealing: the journal's hash chain and the event feed's numbering, both given at commit.

A posting only *stages* its transaction with its content digest, computed from the very values it
wrote; an emitted event is only staged too. Just before the outermost commit the sealer takes the
single journal-head row's lock, links the staged transactions onto the chain, writes the events
with their numbers and moves the head: on PostgreSQL in one statement (``wallet_seal_journal``),
so the lock is held for that statement and the commit. Verification recomputes every digest from
the stored rows, so a digest staged from anything but what was stored would show as a break at once
(the test suite verifies the chain after every test). The head lock is the last lock any writer
takes, so it cannot join a deadlock with the account locks, and it makes chain positions and event
numbers follow commit order: a poller that sees event *n* already sees every event before it.

Writes that did not go through a Session (raw SQL) are not chained; ``verify`` reports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from wallet.domain.hashing import (
    GENESIS,
    StoredLink,
    content_digest,
    link_hash,
    transaction_content,
    transaction_digest,
)
from wallet.domain.json_text import compact_text
from wallet.persistence.db import is_postgresql
from wallet.persistence.driver_statements import CHECKS_NOW, WITH_COMMIT, DriverStatement
from wallet.persistence.repository import array_literal
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.trust_tables import events, journal_head, transaction_hashes
from wallet.persistence.types import utc_now

UNSEALED = "wallet.unsealed_transactions"
UNNUMBERED = "wallet.unwritten_events"
HEAD_ID = 1

TRANSACTION_FIELDS = ("seq", "id", "kind", "effective_date", "recorded_at", "organisation_id", "reference",
                      "description", "reverses_id", "resolves_id", "details")
POSTING_FIELDS = ("id", "currency", "side", "phase", "amount", "memo", "net_posted_after",
                  "debits_pending_after", "credits_pending_after", "recorded_at")


@dataclass(frozen=True, slots=True)
class Head:
    count: int
    hash: str
    last_event_seq: int


def stage_transaction(session: Session, seq: int, digest: str) -> None:
    session.info.setdefault(UNSEALED, []).append((seq, digest))


def content_of(transaction: dict[str, Any], posting_rows: Sequence[dict[str, Any]]) -> str:
    """The digest of a transaction from the values written for it (``TRANSACTION_FIELDS`` of the
    transaction; ``account`` and ``POSTING_FIELDS`` of each posting, in the order written)."""
    return transaction_digest({f: transaction[f] for f in TRANSACTION_FIELDS},
                              [{"account": row["account"], **{f: row[f] for f in POSTING_FIELDS}} for row in posting_rows])


def stage_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Events are written at commit, numbered as they are written, under the head's lock."""
    session.info.setdefault(UNNUMBERED, []).extend(rows)


@event.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    # Releasing a savepoint is not a commit: more locks may still follow in the outer transaction.
    if session.in_nested_transaction():
        return
    staged = session.info.pop(UNSEALED, None)
    events_to_write = session.info.pop(UNNUMBERED, None)
    writes = session.info.pop(WITH_COMMIT, ())
    if staged or events_to_write:
        # The COMMIT rides with the seal (one round trip, the head's lock released at once)
        # unless the session still has ORM changes to flush after this hook.
        seal(session, staged or [], events_to_write or [], writes,
             commit=not (session.new or session.dirty or session.deleted))
        return
    for statement, params in writes:  # nothing to seal: each sent as it is
        statement.write(session, params)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back, or committed: either way nothing is left to seal
        session.info.pop(UNSEALED, None)
        session.info.pop(UNNUMBERED, None)
        session.info.pop(WITH_COMMIT, None)


_SEAL = DriverStatement(text("SELECT * FROM wallet_seal_journal(CAST(:seqs AS bigint[]), CAST(:digests AS text[]), "
             "CAST(:events AS jsonb), :now)"))


def seal(executor: Session | Connection, digests: Sequence[tuple[int, str]],
         event_rows: Sequence[dict[str, Any]] = (),
         writes: Sequence[tuple[DriverStatement, Mapping[str, Any]]] = (), *, commit: bool = False) -> Head:
    """Link ``(seq, digest)`` pairs onto the chain in seq order, write the events with their
    numbers, and move the head. Digests are known before the lock is taken; on PostgreSQL all of
    it is one statement (``wallet_seal_journal``, migration 0011), so the head's lock is held for
    that statement and the commit only. ``writes``, those staged to go with the commit
    (``stage_with_commit``), go in that statement too. ``commit``: the seal is the database
    transaction's last statement (the commit hook's), and its COMMIT may go with it
    (``DriverStatement.all``)."""
    ordered = sorted(digests)
    now = utc_now()
    in_one_statement = _has_seal_function(executor) and len(ordered) + len(event_rows) <= SEAL_IN_ONE_STATEMENT
    if in_one_statement:
        row = _SEAL.one(executor, {
            "seqs": array_literal([seq for seq, _ in ordered]), "digests": array_literal([d for _, d in ordered]),
            "events": compact_text([_event_json(row) for row in event_rows]), "now": now}, writes, commit=commit)
        return Head(row.transaction_count, row.head_hash, row.last_event_seq)
    for statement, params in writes:
        statement.write(executor, params)
    if _has_seal_function(executor):
        return _seal_many(executor, ordered, event_rows, now)
    head = read_head(executor, lock=True)
    links = links_after(head, ordered)
    count, prev = (links[-1][1], links[-1][3]) if links else (head.count, head.hash)
    if links:
        executor.execute(insert(transaction_hashes), [
            {"seq": seq, "position": position, "prev_hash": before, "hash": link, "sealed_at": now}
            for seq, position, before, link in links])
    last_event = head.last_event_seq
    if event_rows:
        executor.execute(insert(events), [{**row, "seq": last_event + n} for n, row in enumerate(event_rows, start=1)])
        last_event += len(event_rows)
    executor.execute(update(journal_head).where(journal_head.c.id == HEAD_ID).values(
        transaction_count=count, head_hash=prev, last_event_seq=last_event, updated_at=now))
    return Head(count, prev, last_event)


# A bulk run seals tens of thousands of transactions (or events) at once: PL/pgSQL hashes a link
# in some 30 microseconds, Python in one. Past this many the deferred checks run first, then the
# statement that locks the head writes the events (one JSON document of arrays, numbered by the
# server as it takes it apart), and the links, made here from the head it read, go with the head in
# a second (``_seal_many``). For 24,000 events the events' statement takes as long as COPY, with
# half the client's processor time (0.13 s against 0.27 s).
SEAL_IN_ONE_STATEMENT = 200

# Two statements, so the events' JSON (a 100,000-wallet run's 240,000 events) is taken apart as the
# first one is bound, before it locks the head, rather than with every other writer waiting.
_SEAL_MANY_EVENTS = text("""
WITH head AS (
    SELECT transaction_count, head_hash, last_event_seq FROM journal_head WHERE id = :id FOR UPDATE
), numbered AS (
    -- Events told to several readers share their data (``_event_groups``): each group's type,
    -- moment and data once, then the number before its first event and each reader's event id.
    INSERT INTO events (seq, event_id, organisation_id, type, occurred_at, data)
    SELECT head.last_event_seq + (g.x ->> 3)::bigint + r.m, r.y ->> 0, r.y ->> 1, g.x ->> 0,
           (g.x ->> 1)::timestamptz, d.data
    FROM head, jsonb_array_elements(CAST(:events AS jsonb)) AS g(x)
         CROSS JOIN LATERAL (SELECT (g.x -> 2)::json AS data) AS d
         CROSS JOIN LATERAL jsonb_array_elements(g.x -> 4) WITH ORDINALITY AS r(y, m)
    RETURNING 1
)
SELECT head.transaction_count, head.head_hash, head.last_event_seq, (SELECT count(*) FROM numbered) AS numbered
FROM head
""")

_SEAL_MANY_LINKS = text("""
WITH links AS (
    -- Each link's position and previous hash follow from its place: not sent, a fifth less to bind.
    INSERT INTO transaction_hashes (seq, position, prev_hash, hash, sealed_at)
    SELECT link.seq, :count_before + link.n, coalesce(lag(link.hash) OVER (ORDER BY link.n), :head_before),
           link.hash, :now
    FROM unnest(CAST(:seqs AS bigint[]), CAST(:hashes AS text[])) WITH ORDINALITY AS link(seq, hash, n)
    RETURNING 1
)
UPDATE journal_head SET transaction_count = :count, head_hash = :head_hash, last_event_seq = :last_event_after,
                        updated_at = :now
WHERE id = :id
RETURNING (SELECT count(*) FROM links) AS linked
""")


def links_after(head: Head, ordered: Sequence[tuple[int, str]]) -> list[tuple[int, int, str, str]]:
    """``(seq, position, previous hash, hash)`` of each ``(seq, digest)`` linked on after ``head``."""
    position, prev = head.count, head.hash
    links = []
    for seq, digest in ordered:
        position += 1
        link = link_hash(prev, position, digest)
        links.append((seq, position, prev, link))
        prev = link
    return links


def _seal_many(session: Session, ordered: Sequence[tuple[int, str]], event_rows: Sequence[dict[str, Any]],
               now: datetime) -> Head:
    """The same links and events as ``wallet_seal_journal`` writes, for a bulk run's many: the
    events numbered by the statement that locks the head, then the links, made here from the head
    it read, and the head in a second."""
    # Made before the lock is taken. Rows as arrays, not objects, as a batch's postings go: a third
    # less to encode and to take apart.
    events_json = compact_text(_event_groups(event_rows))
    # The run's deferred checks (every transaction balanced: one pass, then a trigger call for each
    # of its hundreds of thousands of postings) are run now, as a payment's are: at COMMIT they ran
    # while every other writer waited on the head.
    session.execute(text(CHECKS_NOW))
    row = session.execute(_SEAL_MANY_EVENTS, {"id": HEAD_ID, "events": events_json}).one()
    assert row.numbered == len(event_rows), "every event is written"
    head = Head(row.transaction_count, row.head_hash, row.last_event_seq)
    links = links_after(head, ordered)
    count, prev = (links[-1][1], links[-1][3]) if links else (head.count, head.hash)
    last_event = head.last_event_seq + len(event_rows)
    written = session.execute(_SEAL_MANY_LINKS, {
        "seqs": array_literal([seq for seq, _, _, _ in links]), "hashes": array_literal([h for _, _, _, h in links]),
        "count_before": head.count, "head_before": head.hash, "now": now, "count": count, "head_hash": prev,
        "last_event_after": last_event, "id": HEAD_ID}).one()
    assert written.linked == len(links), "every link is written"
    return Head(count, prev, last_event)


def _event_groups(event_rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Consecutive events of one type, moment and data (one transaction told to its funder and
    its holder) as one group: ``(type, moment, data, events before it, [(event id, reader), ...])``.
    A funding run's 240,000 events are half as much JSON to encode, send and take apart."""
    moments = {moment: moment.isoformat() for moment in {row["occurred_at"] for row in event_rows}}
    groups: list[tuple[Any, ...]] = []
    last: dict[str, Any] | None = None
    for before, row in enumerate(event_rows):
        if last is not None and (row["type"], row["occurred_at"], row["data"]) == (last["type"], last["occurred_at"],
                                                                                   last["data"]):
            groups[-1][4].append((row["event_id"], row["organisation_id"]))
        else:
            groups.append((row["type"], moments[row["occurred_at"]], row["data"], before,
                           [(row["event_id"], row["organisation_id"])]))
        last = row
    return groups


def _has_seal_function(executor: Session | Connection) -> bool:
    # Sessions are the service's; a bare Connection is a migration, which may run before 0011.
    return isinstance(executor, Session) and is_postgresql(executor)


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "occurred_at": row["occurred_at"].isoformat()}


def read_head(executor: Session | Connection, *, lock: bool = False) -> Head:
    query = select(journal_head).where(journal_head.c.id == HEAD_ID)
    row = executor.execute(query.with_for_update() if lock else query).one()
    return Head(row.transaction_count, row.head_hash, row.last_event_seq)


def digests_of(executor: Session | Connection, seqs: Iterable[int]) -> list[tuple[int, str, str]]:
    """(seq, transaction id, content digest) for those of ``seqs`` that exist, in seq order."""
    wanted = sorted(set(seqs))
    if not wanted:
        return []
    rows = executor.execute(select(transactions).where(transactions.c.seq.in_(wanted)).order_by(transactions.c.seq)).all()
    lines: dict[int, list[dict[str, Any]]] = {row.seq: [] for row in rows}
    for line in executor.execute(
        select(postings, accounts.c.code.label("account_code"))
        .join(accounts, accounts.c.id == postings.c.account_id)
        .where(postings.c.transaction_seq.in_(wanted)).order_by(postings.c.id)
    ):
        lines[line.transaction_seq].append(
            {"account": line.account_code, **{f: getattr(line, f) for f in POSTING_FIELDS}})
    return [
        (row.seq, row.id, content_digest(transaction_content(
            {f: getattr(row, f) for f in TRANSACTION_FIELDS}, lines[row.seq])))
        for row in rows
    ]


def stored_links(executor: Session | Connection, first: int, last: int) -> list[StoredLink]:
    """The links at positions ``first``..``last`` with each transaction's digest recomputed now."""
    rows = executor.execute(
        select(transaction_hashes, transactions.c.id.label("transaction_id"))
        .outerjoin(transactions, transactions.c.seq == transaction_hashes.c.seq)
        .where(transaction_hashes.c.position.between(first, last)).order_by(transaction_hashes.c.position)
    ).all()
    recomputed = {seq: digest for seq, _, digest in digests_of(executor, [row.seq for row in rows])}
    return [StoredLink(row.position, row.seq, row.transaction_id, row.prev_hash, row.hash, recomputed.get(row.seq))
            for row in rows]


def hash_at(executor: Session | Connection, position: int) -> str | None:
    if position == 0:
        return GENESIS
    return executor.execute(
        select(transaction_hashes.c.hash).where(transaction_hashes.c.position == position)).scalar_one_or_none()


def unchained_count(executor: Session | Connection) -> int:
    """Committed transactions that are not on the chain: written around the ledger, e.g. by raw SQL."""
    total = executor.execute(select(func.count()).select_from(transactions)).scalar_one()
    chained = executor.execute(select(func.count()).select_from(transaction_hashes)).scalar_one()
    return int(total) - int(chained)


def chain_existing(connection: Connection, batch: int = 500) -> None:
    """Chain every transaction not chained yet, in seq order (the migration that adds the chain)."""
    while True:
        seqs = list(connection.execute(
            select(transactions.c.seq).where(~transactions.c.seq.in_(select(transaction_hashes.c.seq)))
            .order_by(transactions.c.seq).limit(batch)).scalars())
        if not seqs:
            return
        seal(connection, [(seq, digest) for seq, _, digest in digests_of(connection, seqs)])

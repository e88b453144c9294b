"""Sealing: the journal's hash chain and the event feed's numbering, both given at commit.

A posting only *stages* its transaction with its content digest, computed from the very values it
wrote (an emitted event is written without a number). Just before the outermost commit, the sealer
locks the single journal-head row ``FOR UPDATE``, links the staged transactions onto the chain,
numbers the session's events, and moves the head. Verification recomputes every digest from the
stored rows, so a digest staged from anything but what was stored would show as a break at once
(the test suite verifies the chain after every test). The head lock is the last lock any writer takes, so it cannot join a
deadlock with the account locks (an operation may lock a second wallet after posting for the
first: a period close, a holder move, the hold sweep); it is held only for a few statements and
the commit, and it makes chain positions and event numbers follow commit order: a poller that
sees event *n* already sees every event before it.

Writes that did not go through a Session (raw SQL) are not chained; ``verify`` reports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, event, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from wallet.domain.hashing import GENESIS, StoredLink, content_digest, link_hash, transaction_content
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.trust_tables import events, journal_head, transaction_hashes
from wallet.persistence.types import utc_now

UNSEALED = "wallet.unsealed_transactions"
UNNUMBERED = "wallet.unnumbered_events"
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
    return content_digest(transaction_content(
        {f: transaction[f] for f in TRANSACTION_FIELDS},
        [{"account": row["account"], **{f: row[f] for f in POSTING_FIELDS}} for row in posting_rows]))


def stage_events(session: Session) -> None:
    session.info[UNNUMBERED] = True


@event.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    # Releasing a savepoint is not a commit: more locks may still follow in the outer transaction.
    if session.in_nested_transaction():
        return
    staged = session.info.pop(UNSEALED, None)
    numbered = session.info.pop(UNNUMBERED, False)
    if staged or numbered:
        seal(session, staged or [], number_events=numbered)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back, or committed: either way nothing is left to seal
        session.info.pop(UNSEALED, None)
        session.info.pop(UNNUMBERED, None)


def seal(executor: Session | Connection, digests: Sequence[tuple[int, str]], *, number_events: bool) -> None:
    """Link ``(seq, digest)`` pairs onto the chain in seq order, and number unnumbered events.
    Digests are known before the lock is taken: it covers only a few short statements and the commit."""
    if not digests and not number_events:
        return
    head = read_head(executor, lock=True)
    count, prev, now = head.count, head.hash, utc_now()
    rows = []
    for seq, digest in sorted(digests):
        count += 1
        link = link_hash(prev, count, digest)
        rows.append({"seq": seq, "position": count, "prev_hash": prev, "hash": link, "sealed_at": now})
        prev = link
    if rows:
        executor.execute(insert(transaction_hashes), rows)
    last_event = head.last_event_seq
    if number_events:
        ids = list(executor.execute(select(events.c.id).where(events.c.seq.is_(None)).order_by(events.c.id)).scalars())
        if ids:
            executor.execute(
                update(events).where(events.c.id == bindparam("row_id")).values(seq=bindparam("new_seq")),
                [{"row_id": row_id, "new_seq": last_event + n} for n, row_id in enumerate(ids, start=1)],
                **_no_sync(executor),
            )
            last_event += len(ids)
    executor.execute(update(journal_head).where(journal_head.c.id == HEAD_ID).values(
        transaction_count=count, head_hash=prev, last_event_seq=last_event, updated_at=now))


def _no_sync(executor: Session | Connection) -> dict[str, Any]:
    return {"execution_options": {"synchronize_session": False}} if isinstance(executor, Session) else {}


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
        seal(connection, [(seq, digest) for seq, _, digest in digests_of(connection, seqs)], number_events=False)

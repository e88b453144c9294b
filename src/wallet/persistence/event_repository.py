"""The event feed: what happened, for council and provider systems that poll.

An event is written in the same database transaction as what it describes, once per organisation
that may read it and with only what that organisation may see (a pool payment's event tells each
member's funder about its own members). Its ``seq`` is given at commit (see ``journal_chain``),
so a reader that asks for everything after the last ``seq`` it saw never misses or repeats one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wallet.domain.json_text import as_json_gives_back
from wallet.persistence.journal_chain import stage_events, stage_transaction
from wallet.persistence.repository import Repository, new_ids
from wallet.persistence.trust_tables import events
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import wallets

TRANSACTION_POSTED = "transaction.posted"


@dataclass(frozen=True, slots=True)
class EventRecord:
    seq: int
    event_id: str
    type: str
    occurred_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class WalletOwners:
    """Who may read about a wallet: the funder that funds it and the holder that holds it."""

    wallet_id: str
    funder_id: str
    holder_id: str


class EventRepository(Repository):
    def emit(self, type_: str, *, wallets: Sequence[WalletOwners], data: Mapping[str, Any],
             also: Sequence[str] = ()) -> None:
        """Write the event once per reader: each funder and holder of ``wallets`` (told only about the
        wallets it funds or holds, under ``wallet_ids``), and the organisations in ``also``."""
        self.emit_many(type_, [(wallets, data)], also=also)

    def emit_many(self, type_: str, emitted: Sequence[tuple[Sequence[WalletOwners], Mapping[str, Any]]], *,
                  also: Sequence[str] = ()) -> None:
        """Many events of one type, each as ``emit`` describes: a bulk opening emits one a wallet, so
        their ids, their moment and their trip through JSON are made once for all of them."""
        rows: list[dict[str, Any]] = []
        ids = iter(new_ids(len(emitted)))
        now = utc_now()
        # As JSON will give it back (dates as text), once for every reader: only the wallet ids differ.
        plains = as_json_gives_back([data for _, data in emitted])
        for (owned, _), plain in zip(emitted, plains, strict=True):
            # A set a reader: a close of a whole book names 100,000 wallets, and a list's ``in``
            # made this loop quadratic (minutes at 100,000).
            readers: dict[str, set[str]] = {organisation: set() for organisation in also}
            for owners in owned:
                for organisation in (owners.funder_id, owners.holder_id):
                    readers.setdefault(organisation, set()).add(owners.wallet_id)
            if not readers:
                continue
            event_id = next(ids)
            rows.extend({"event_id": event_id, "organisation_id": organisation, "type": type_, "occurred_at": now,
                         "data": {**plain, "wallet_ids": sorted(seen)} if owned else dict(plain)}
                        for organisation, seen in sorted(readers.items()))
        # Written at commit with their numbers (journal_chain.seal): one round trip fewer, and
        # never an unnumbered row.
        if rows:
            stage_events(self.session, rows)

    def after(self, organisation_id: str, after_seq: int, limit: int) -> list[EventRecord]:
        return self._all(
            select(events).where(events.c.organisation_id == organisation_id, events.c.seq > after_seq)
            .order_by(events.c.seq).limit(limit),
            lambda row: EventRecord(row.seq, row.event_id, row.type, row.occurred_at, dict(row.data)))


@dataclass(frozen=True, slots=True)
class Posted:
    """A transaction written, to be chained and announced (``record_many_posted``)."""

    transaction_id: str
    seq: int
    kind: str
    effective_date: date
    digest: str
    wallet_ids: Collection[str]
    organisation_ids: Collection[str]
    known_owners: Sequence[WalletOwners] = ()
    # Named in the event when set.
    pool_id: str | None = None
    reverses_id: str | None = None
    resolves_id: str | None = None


def record_many_posted(session: Session, posted: Sequence[Posted], *, may_read: bool = True) -> None:
    """Every transaction the ledger writes, in order: staged for the chain with its content
    digest, and announced to whoever funds or holds the wallets it touches (and to the
    organisations whose own accounts it touches). The ledger passes what it already read when it
    locked the accounts, and the caller the owners of the wallets it loaded; owners not given are
    read in one statement, and none is read when all are given. A batch's events are made
    together, a run of them a call: their ids, their moment and their trip through JSON once.
    ``may_read=False``: the caller has a write in flight (``write_behind``), so an owner not given
    is refused rather than read."""
    known: dict[str, WalletOwners] = {}
    for item in posted:
        known.update((owners.wallet_id, owners) for owners in item.known_owners)
    unknown = sorted({wallet_id for item in posted for wallet_id in item.wallet_ids} - set(known))
    if unknown and not may_read:
        raise RuntimeError(f"owners of {unknown} not given: announcing would read them")
    if unknown:
        known.update({row.id: WalletOwners(row.id, row.funder_id, row.holder_id) for row in session.execute(
            select(wallets.c.id, wallets.c.funder_id, wallets.c.holder_id).where(wallets.c.id.in_(unknown)))})
    # Consecutive events told to the same organisations go in one call, so they stay in order.
    runs: list[tuple[list[str], list[tuple[Sequence[WalletOwners], Mapping[str, Any]]]]] = []
    for item in posted:
        stage_transaction(session, item.seq, item.digest)
        owners = [known[wallet_id] for wallet_id in sorted(item.wallet_ids) if wallet_id in known]
        if not owners and not item.organisation_ids:
            continue
        data = {"transaction_id": item.transaction_id, "kind": item.kind,
                "effective_date": item.effective_date.isoformat(),
                **{k: v for k, v in (("pool_id", item.pool_id), ("reverses_id", item.reverses_id),
                                     ("resolves_id", item.resolves_id)) if v}}
        also = sorted(item.organisation_ids)
        if runs and runs[-1][0] == also:
            runs[-1][1].append((owners, data))
        else:
            runs.append((also, [(owners, data)]))
    repository = EventRepository(session)
    for also, emitted in runs:
        repository.emit_many(TRANSACTION_POSTED, emitted, also=also)

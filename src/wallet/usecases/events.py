"""The event feed for systems that poll: emitting an event, and reading the feed after a cursor.

Transactions announce themselves (the ledger emits ``transaction.posted`` for every one it writes);
use cases emit the rest. A funder reads the events of the wallets it funds, a holder those of the
wallets and pools it holds; each sees only its own wallets' ids in an event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden
from wallet.domain.principals import Principal, Role
from wallet.persistence.event_repository import EventRecord, EventRepository, WalletOwners
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.audit_trail import json_ready
from wallet.usecases.authorisation import allowed

READERS = (Role.FUNDER, Role.HOLDER)


def emit_event(session: Session, type_: str, *, wallets: Sequence[WalletRecord], data: Mapping[str, Any],
               also: Sequence[str] = ()) -> None:
    """Write the event in the caller's database transaction, for each wallet's funder and holder
    and the organisations in ``also``. ``data`` names objects by id; never personal data. Values
    that are ``None`` are left out; dates are written as ISO strings."""
    emit_events(session, type_, [(wallets, data)], also=also)


def emit_events(session: Session, type_: str, emitted: Sequence[tuple[Sequence[WalletRecord], Mapping[str, Any]]],
                *, also: Sequence[str] = ()) -> None:
    """``emit_event`` for many events of one type, each with its wallets and its data."""
    EventRepository(session).emit_many(type_, [
        ([WalletOwners(w.id, w.funder_id, w.holder_id) for w in wallets],
         json_ready({k: v for k, v in data.items() if v is not None})) for wallets, data in emitted], also=also)


@allowed(Role.FUNDER, Role.HOLDER)
def list_events(session: Session, principal: Principal, *, after: int, limit: int) -> list[EventRecord]:
    if principal.role not in READERS:
        raise Forbidden("the event feed is for funders and holders",
                        allowed_roles=[r.value for r in READERS])
    return EventRepository(session).after(principal.organisation_id, after, limit)

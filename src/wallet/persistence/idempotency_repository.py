"""Stored responses for idempotent requests, written in the same transaction as their effect.

A stored response keeps no personal data. The person reference is kept in the wallet's own row
and nowhere else, so where a response shows one beside its wallet's id it is stored as null and
filled in again from the wallet on replay (a wallet's reference never changes): the replay is
exactly the first response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from wallet.persistence.tables import idempotency_records
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import wallets

PERSON_REF = "person_ref"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    fingerprint: str
    status: int
    body: Any


class IdempotencyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def try_claim(self, organisation_id: str, key: str) -> bool:
        """On PostgreSQL, claim the key for this database transaction, or learn that another
        request holds it right now. SQLite serialises writers, so there the claim always holds."""
        if self.session.get_bind().dialect.name != "postgresql":
            return True
        return bool(
            self.session.execute(
                select(func.pg_try_advisory_xact_lock(func.hashtextextended(
                    text(":claim"), 0))),
                {"claim": f"idempotency:{organisation_id}:{key}"},
            ).scalar_one()
        )

    def find(self, organisation_id: str, key: str) -> StoredResponse | None:
        row = self.session.execute(
            select(idempotency_records).where(
                idempotency_records.c.organisation_id == organisation_id,
                idempotency_records.c.key == key,
            )
        ).first()
        if row is None:
            return None
        body = self._restore_person_refs(row.response_body)
        return StoredResponse(row.request_fingerprint, row.response_status, body)

    def save(self, organisation_id: str, key: str, response: StoredResponse) -> None:
        self.session.execute(
            insert(idempotency_records).values(
                organisation_id=organisation_id, key=key,
                request_fingerprint=response.fingerprint, response_status=response.status,
                response_body=_without_person_refs(response.body), created_at=utc_now(),
            )
        )
        self.session.flush()

    def _restore_person_refs(self, body: Any) -> Any:
        redacted: set[str] = set()
        _each_person_ref(body, lambda wallet_id, ref: redacted.add(wallet_id) if ref is None else None)
        if not redacted:
            return body
        rows = self.session.execute(
            select(wallets.c.id, wallets.c.person_ref).where(wallets.c.id.in_(sorted(redacted))))
        refs = {row.id: row.person_ref for row in rows}
        return _each_person_ref(body, lambda wallet_id, ref: refs.get(wallet_id) if ref is None else ref)


def _without_person_refs(body: Any) -> Any:
    return _each_person_ref(body, lambda wallet_id, ref: None)


def _each_person_ref(body: Any, change: Callable[[str, Any], Any]) -> Any:
    """A copy of ``body`` with ``change(wallet_id, person_ref)`` in place of every person reference
    shown beside its wallet's id: a wallet's own ``id``, or a pool member's or statement's ``wallet_id``."""
    if isinstance(body, list):
        return [_each_person_ref(v, change) for v in body]
    if not isinstance(body, dict):
        return body
    wallet_id = body.get("wallet_id") or body.get("id")
    return {k: change(wallet_id, v) if k == PERSON_REF and isinstance(wallet_id, str) else _each_person_ref(v, change)
            for k, v in body.items()}

"""Stored responses for idempotent requests, written in the same transaction as their effect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from wallet.persistence.tables import idempotency_records
from wallet.persistence.types import utc_now


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
        return StoredResponse(row.request_fingerprint, row.response_status, row.response_body)

    def save(self, organisation_id: str, key: str, response: StoredResponse) -> None:
        self.session.execute(
            insert(idempotency_records).values(
                organisation_id=organisation_id, key=key,
                request_fingerprint=response.fingerprint, response_status=response.status,
                response_body=response.body, created_at=utc_now(),
            )
        )
        self.session.flush()

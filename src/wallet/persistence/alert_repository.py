"""Alerts for funders and holders. Raising one is idempotent: its dedupe key is unique."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import alerts


@dataclass(frozen=True, slots=True)
class AlertRecord:
    id: str
    kind: str
    funder_id: str
    holder_id: str
    wallet_id: str | None
    dedupe_key: str
    message: str
    details: dict[str, Any]
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None


def _alert(row: Any) -> AlertRecord:
    return AlertRecord(**{f: getattr(row, f) for f in AlertRecord.__dataclass_fields__})


class AlertRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def raise_once(self, *, kind: str, funder_id: str, holder_id: str, wallet_id: str | None,
                   dedupe_key: str, message: str, details: dict[str, Any]) -> tuple[AlertRecord, bool]:
        """Raise an alert unless one with the same key exists; say whether it is new."""
        existing = self.session.execute(select(alerts).where(alerts.c.dedupe_key == dedupe_key)).first()
        if existing is not None:
            return _alert(existing), False
        alert_id = str(uuid.uuid4())
        self.session.execute(insert(alerts).values(
            id=alert_id, kind=kind, funder_id=funder_id, holder_id=holder_id, wallet_id=wallet_id,
            dedupe_key=dedupe_key, message=message, details=details, raised_at=utc_now()))
        self.session.flush()
        return self.get(alert_id), True  # type: ignore[return-value]

    def get(self, alert_id: str) -> AlertRecord | None:
        row = self.session.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        return _alert(row) if row else None

    def acknowledge(self, alert_id: str, by: str) -> tuple[AlertRecord, bool]:
        """The alert, and whether this call acknowledged it: of two at the same moment, the
        conditional update lets exactly one through (the other waits, then matches no row)."""
        result = self.session.execute(
            update(alerts).where(alerts.c.id == alert_id, alerts.c.acknowledged_at.is_(None))
            .values(acknowledged_at=utc_now(), acknowledged_by=by))
        self.session.flush()
        return self.get(alert_id), result.rowcount == 1  # type: ignore[return-value]

    def list(self, *, funder_id: str | None = None, holder_id: str | None = None,
             kind: str | None = None, unacknowledged: bool = False, wallet_id: str | None = None,
             after: tuple[datetime, str] | None = None, limit: int = 50) -> list[AlertRecord]:
        query = select(alerts).order_by(alerts.c.raised_at, alerts.c.id).limit(limit)
        if funder_id is not None:
            query = query.where(alerts.c.funder_id == funder_id)
        if holder_id is not None:
            query = query.where(alerts.c.holder_id == holder_id)
        if kind is not None:
            query = query.where(alerts.c.kind == kind)
        if wallet_id is not None:
            query = query.where(alerts.c.wallet_id == wallet_id)
        if unacknowledged:
            query = query.where(alerts.c.acknowledged_at.is_(None))
        if after is not None:
            raised_at, alert_id = after
            query = query.where((alerts.c.raised_at > raised_at)
                                | ((alerts.c.raised_at == raised_at) & (alerts.c.id > alert_id)))
        return [_alert(row) for row in self.session.execute(query)]

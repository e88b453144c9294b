"""Alerts for funders and holders. Raising one is idempotent: its dedupe key is unique."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from wallet.persistence.repository import Repository, matching, new_id, record_from
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
    return record_from(AlertRecord, row)


class AlertRepository(Repository):
    def raise_once(self, *, kind: str, funder_id: str, holder_id: str, wallet_id: str | None,
                   dedupe_key: str, message: str, details: dict[str, Any]) -> tuple[AlertRecord, bool]:
        """Raise an alert unless one with the same key exists; say whether it is new."""
        existing = self._one(select(alerts).where(alerts.c.dedupe_key == dedupe_key), _alert)
        if existing is not None:
            return existing, False
        alert_id = new_id()
        self._insert(alerts, id=alert_id, kind=kind, funder_id=funder_id, holder_id=holder_id, wallet_id=wallet_id,
                     dedupe_key=dedupe_key, message=message, details=details, raised_at=utc_now())
        return self.get(alert_id), True  # type: ignore[return-value]

    def get(self, alert_id: str) -> AlertRecord | None:
        return self._by_id(alerts, alert_id, _alert)

    def acknowledge(self, alert_id: str, by: str) -> tuple[AlertRecord, bool]:
        """The alert, and whether this call acknowledged it: of two at the same moment, the
        conditional update lets exactly one through (the other waits, then matches no row)."""
        changed = self._update(alerts, alerts.c.id == alert_id, alerts.c.acknowledged_at.is_(None),
                               acknowledged_at=utc_now(), acknowledged_by=by)
        return self.get(alert_id), changed == 1  # type: ignore[return-value]

    def list(self, *, funder_id: str | None = None, holder_id: str | None = None,
             kind: str | None = None, unacknowledged: bool = False, wallet_id: str | None = None,
             after: tuple[datetime, str] | None = None, limit: int = 50) -> list[AlertRecord]:
        query = matching(select(alerts).order_by(alerts.c.raised_at, alerts.c.id).limit(limit),
                         (alerts.c.funder_id, funder_id), (alerts.c.holder_id, holder_id), (alerts.c.kind, kind),
                         (alerts.c.wallet_id, wallet_id))
        if unacknowledged:
            query = query.where(alerts.c.acknowledged_at.is_(None))
        if after is not None:
            raised_at, alert_id = after
            query = query.where((alerts.c.raised_at > raised_at)
                                | ((alerts.c.raised_at == raised_at) & (alerts.c.id > alert_id)))
        return self._all(query, _alert)

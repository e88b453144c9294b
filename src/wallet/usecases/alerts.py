"""Reading and acknowledging alerts. Funders see the alerts of the wallets they fund, holders
those of the wallets they hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from wallet.domain.errors import NotFound
from wallet.domain.principals import Principal, Role
from wallet.persistence.alert_repository import AlertRecord, AlertRepository


class AlertNotFound(NotFound):
    type = "alert-not-found"
    title = "Alert not found"


def _scope(principal: Principal) -> dict[str, str]:
    if principal.role is Role.FUNDER:
        return {"funder_id": principal.organisation_id}
    if principal.role is Role.HOLDER:
        return {"holder_id": principal.organisation_id}
    return {}


def list_alerts(session: Session, principal: Principal, *, kind: str | None, wallet_id: str | None,
                unacknowledged: bool, after: tuple[datetime, str] | None, limit: int) -> list[AlertRecord]:
    scope = _scope(principal)
    if not scope:
        return []
    return AlertRepository(session).list(kind=kind, wallet_id=wallet_id, unacknowledged=unacknowledged,
                                         after=after, limit=limit, **scope)


def acknowledge_alert(session: Session, principal: Principal, alert_id: str) -> AlertRecord:
    repository = AlertRepository(session)
    alert = repository.get(alert_id)
    scope = _scope(principal)
    if alert is None or not scope or any(getattr(alert, k) != v for k, v in scope.items()):
        raise AlertNotFound(f"no alert {alert_id}", alert_id=alert_id)
    return repository.acknowledge(alert_id, principal.organisation_id)

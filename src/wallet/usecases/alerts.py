"""Reading and acknowledging alerts. Funders see the alerts of the wallets they fund, holders
those of the wallets they hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from wallet.domain.errors import NotFound
from wallet.domain.principals import Principal, Role
from wallet.persistence.alert_repository import AlertRecord, AlertRepository
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed


class AlertNotFound(NotFound):
    type = "alert-not-found"
    title = "Alert not found"


def _scope(principal: Principal) -> dict[str, str]:
    if principal.role is Role.FUNDER:
        return {"funder_id": principal.organisation_id}
    if principal.role is Role.HOLDER:
        return {"holder_id": principal.organisation_id}
    return {}


@allowed(Role.FUNDER, Role.HOLDER)
def list_alerts(session: Session, principal: Principal, *, kind: str | None, wallet_id: str | None,
                unacknowledged: bool, after: tuple[datetime, str] | None, limit: int) -> list[AlertRecord]:
    scope = _scope(principal)
    if not scope:
        return []
    return AlertRepository(session).list(kind=kind, wallet_id=wallet_id, unacknowledged=unacknowledged,
                                         after=after, limit=limit, **scope)


@allowed(Role.FUNDER, Role.HOLDER)
def acknowledge_alert(session: Session, principal: Principal, alert_id: str) -> AlertRecord:
    repository = AlertRepository(session)
    alert = repository.get(alert_id)
    scope = _scope(principal)
    if alert is None or not scope or any(getattr(alert, k) != v for k, v in scope.items()):
        raise AlertNotFound(f"no alert {alert_id}", alert_id=alert_id)
    acknowledged, first_time = repository.acknowledge(alert_id, principal.organisation_id)
    if first_time:  # acknowledging again changes nothing, so records nothing
        wallet = WalletRepository(session).get(alert.wallet_id) if alert.wallet_id else None
        record_change(session, principal, "alert.acknowledged", object_type="alert", object_id=alert_id,
                      wallet=wallet, funder_id=alert.funder_id, holder_id=alert.holder_id, kind=alert.kind)
    return acknowledged

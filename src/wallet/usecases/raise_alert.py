"""Alerts raised by the operations that cause them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.wallets import format_pounds
from wallet.persistence.alert_repository import AlertRecord, AlertRepository
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.audit_trail import record_change
from wallet.usecases.events import emit_event


def raise_alert(session: Session, wallet: WalletRecord, *, kind: str, dedupe_key: str, message: str,
                **details: Any) -> AlertRecord:
    alert, new = AlertRepository(session).raise_once(
        kind=kind, funder_id=wallet.funder_id, holder_id=wallet.holder_id, wallet_id=wallet.id,
        dedupe_key=dedupe_key, message=message, details=details,
    )
    if new:
        # The service raises alerts, not the caller whose request led to one: no principal, but
        # the entry still carries that request's id.
        record_change(session, None, "alert.raised", object_type="alert", object_id=alert.id, wallet=wallet,
                      kind=kind, **details)
        emit_event(session, "alert.raised", wallets=[wallet], data={"alert_id": alert.id, "kind": kind, **details})
    return alert


def raise_overspend(session: Session, wallet: WalletRecord, transaction_id: str, reserve: int) -> AlertRecord:
    return raise_alert(
        session, wallet, kind="overspend", dedupe_key=f"overspend:{transaction_id}",
        message=f"the holder's reserve covered {format_pounds(reserve)} the wallet could not pay",
        transaction_id=transaction_id, reserve_drawn=reserve,
    )

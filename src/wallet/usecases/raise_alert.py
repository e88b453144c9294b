"""Alerts raised by the operations that cause them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.wallets import format_pounds
from wallet.persistence.alert_repository import AlertRecord, AlertRepository
from wallet.persistence.wallet_repository import WalletRecord


def raise_alert(session: Session, wallet: WalletRecord, *, kind: str, dedupe_key: str, message: str,
                **details: Any) -> AlertRecord:
    alert, _ = AlertRepository(session).raise_once(
        kind=kind, funder_id=wallet.funder_id, holder_id=wallet.holder_id, wallet_id=wallet.id,
        dedupe_key=dedupe_key, message=message, details=details,
    )
    return alert


def raise_overspend(session: Session, wallet: WalletRecord, transaction_id: str, reserve: int) -> AlertRecord:
    return raise_alert(
        session, wallet, kind="overspend", dedupe_key=f"overspend:{transaction_id}",
        message=f"the holder's reserve covered {format_pounds(reserve)} the wallet could not pay",
        transaction_id=transaction_id, reserve_drawn=reserve,
    )

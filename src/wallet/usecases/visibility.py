"""What a principal may see. Everything that reads or changes a tenant's object asks here, and
an object the caller may not see is reported as not found, never as forbidden."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wallet.domain.principals import Principal
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.tables import accounts


def wallet_visible(session: Session, principal: Principal, wallet_id: str, *,
                   organisation_id: str | None = None) -> bool:
    """Wallets arrive with the wallets capability; until then no wallet exists to be seen."""
    return False


def transaction_visible(session: Session, principal: Principal, record: TransactionRecord) -> bool:
    if principal.is_admin or record.organisation_id == principal.organisation_id:
        return True
    account_ids = [p.account_id for p in record.postings]
    owners = session.execute(
        select(accounts.c.organisation_id, accounts.c.wallet_id).where(accounts.c.id.in_(account_ids))
    ).all()
    return any(
        organisation_id == principal.organisation_id
        or (wallet_id is not None and wallet_visible(session, principal, wallet_id))
        for organisation_id, wallet_id in owners
    )

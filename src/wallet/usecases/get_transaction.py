"""Read one journal transaction with all its postings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.errors import TransactionNotFound
from wallet.domain.principals import Principal
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import redact_for, transaction_visible


def load_transaction(session: Session, principal: Principal, transaction_id: str) -> TransactionRecord:
    """The whole transaction, if the principal may see any of it. Not for display: see below."""
    record = LedgerRepository(session).transaction(transaction_id)
    if not transaction_visible(session, principal, record):
        raise TransactionNotFound(f"no transaction {transaction_id}", transaction_id=transaction_id)
    return record


@allowed(*EVERY_ROLE)
def get_transaction(session: Session, principal: Principal, transaction_id: str) -> TransactionRecord:
    """The transaction as this principal may see it: other pool members' lines are left out."""
    return redact_for(session, principal, load_transaction(session, principal, transaction_id))

"""Read one journal transaction with all its postings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.errors import TransactionNotFound
from wallet.domain.principals import Principal
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.usecases.visibility import transaction_visible


def get_transaction(session: Session, principal: Principal, transaction_id: str) -> TransactionRecord:
    record = LedgerRepository(session).transaction(transaction_id)
    if not transaction_visible(session, principal, record):
        raise TransactionNotFound(f"no transaction {transaction_id}", transaction_id=transaction_id)
    return record

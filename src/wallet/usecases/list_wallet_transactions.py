"""A wallet's journal: every transaction that touched its accounts, oldest first, page by page."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal
from wallet.domain.statements import check_period
from wallet.persistence.journal_repository import JournalRepository
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.persistence.statement_repository import StatementRepository
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import load_wallet, redact_all


@allowed(*EVERY_ROLE)
def list_wallet_transactions(session: Session, principal: Principal, wallet_id: str, *, after_seq: int | None,
                             limit: int, first_day: date | None = None,
                             last_day: date | None = None) -> list[TransactionRecord]:
    """Up to ``limit`` transactions after the journal position ``after_seq``, each with every
    posting the principal may see (another pool member's lines are left out)."""
    if first_day is not None and last_day is not None:
        check_period(first_day, last_day)
    wallet = load_wallet(session, principal, wallet_id)
    ledger = LedgerRepository(session)
    account_ids = [state.id for state in ledger.accounts_of_wallet(wallet.id).values()]
    if first_day is None and last_day is None:
        seqs = JournalRepository(session).transaction_seqs(account_ids, after_seq=after_seq, limit=limit)
    else:  # a period's page from each account's index by value date, whatever the history before it
        seqs = StatementRepository(session).period_transaction_seqs(account_ids, first_day, last_day,
                                                                    after_seq=after_seq, limit=limit)
    return redact_all(session, principal, ledger.transactions_by_seq(seqs))

"""Post a balanced transaction to the ledger.

Internal: callers are other use cases (funding, payments, pools) that build the postings the
rules allow. The HTTP API never accepts free-form postings, so restricted money cannot be sent
anywhere a rule does not name.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.postings import TransactionDraft
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord


def post_transaction(session: Session, draft: TransactionDraft, *,
                     organisation_id: str | None) -> TransactionRecord:
    return LedgerRepository(session).post(draft, organisation_id=organisation_id)

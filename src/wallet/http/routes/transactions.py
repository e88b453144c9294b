from __future__ import annotations

from fastapi import APIRouter

from wallet.domain.principals import Role
from wallet.http.dependencies import MOVES_MONEY, CallerDep, IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.ledger import ReversalIn, TransactionOut
from wallet.usecases.get_transaction import get_transaction
from wallet.usecases.reverse_transaction import reverse_transaction

router = APIRouter(prefix="/v1", tags=["journal"])


@router.get("/transactions/{transaction_id}", response_model=TransactionOut,
            summary="One journal transaction with every posting")
def read_transaction(transaction_id: str, principal: CallerDep, session: SessionDep) -> TransactionOut:
    return TransactionOut.of(get_transaction(session, principal, transaction_id))


@router.post("/transactions/{transaction_id}/reversals", status_code=201, response_model=TransactionOut,
             summary="Correct a transaction with its exact opposite", openapi_extra=MOVES_MONEY)
def post_reversal(transaction_id: str, body: ReversalIn, session: SessionDep,
                  idempotency: IdempotentRequest = idempotent(*Role)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal  # any key: the use case decides who may reverse what
    return idempotency.respond(session, 201, lambda: TransactionOut.of(reverse_transaction(
        session, principal, transaction_id, effective_date=body.effective_date, reason=body.reason,
    )))

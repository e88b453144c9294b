"""Money in and out of a wallet: fundings, payments, approvals and holds."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import MOVES_MONEY, IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.ledger import TransactionOut
from wallet.http.schemas.pools import PoolApprovalOut, PoolDecisionOut, PoolPaymentOut
from wallet.http.schemas.spending import (
    ApprovalOut,
    CaptureOut,
    DecisionOut,
    HoldMovementOut,
    HoldOut,
    PaymentOut,
)
from wallet.http.schemas.wallets import CaptureIn, DecisionIn, FundingIn, HoldIn, PaymentIn
from wallet.usecases.approvals import decide_any_approval
from wallet.usecases.holds import capture_hold, place_hold, release_hold
from wallet.usecases.make_payment import make_payment
from wallet.usecases.pools.decide_pool_approval import PoolDecision
from wallet.usecases.record_funding import record_funding

router = APIRouter(prefix="/v1", tags=["money"])
# Who may pay from a wallet: its holder (the use case checks it again, make_payment's ``allowed``).
PAYERS = frozenset({Role.HOLDER})


@router.post("/wallets/{wallet_id}/fundings", status_code=201, response_model=TransactionOut,
             summary="One-off money in", openapi_extra=MOVES_MONEY)
def post_funding(wallet_id: str, body: FundingIn, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: TransactionOut.of(record_funding(
        session, principal, wallet_id, amount=body.amount, source=body.source,
        effective_date=body.effective_date, reference=body.reference)))


@router.post("/wallets/{wallet_id}/payments", status_code=201, response_model=PaymentOut,
             summary="Money out for the person's support: 201 posted, 202 awaiting approval",
             responses={202: {"model": PaymentOut, "description": "set aside, awaiting approval"}},
             openapi_extra=MOVES_MONEY)
def post_payment(wallet_id: str, body: PaymentIn, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(*PAYERS)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond_with(session, lambda: pay(session, principal, wallet_id, body), payment_status)


def pay(session: Session, principal: Principal, wallet_id: str, body: PaymentIn) -> PaymentOut:
    """The payment and its answer, for this route and for its lean path (http/payment_path.py)."""
    return PaymentOut.of(make_payment(
        session, principal, wallet_id, amount=body.amount, category=body.category, payee=body.payee,
        effective_date=body.effective_date, reference=body.reference, description=body.description,
        service_from=body.service_from, service_to=body.service_to))


def payment_status(out: PaymentOut) -> int:
    return 201 if out.status == "posted" else 202


@router.post("/approvals/{approval_id}/approve", response_model=DecisionOut | PoolDecisionOut,
             summary="Approve a payment that waited: it is posted", openapi_extra=MOVES_MONEY)
def approve(approval_id: str, body: DecisionIn, session: SessionDep,
            idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: _decision(session, principal, approval_id, True, body.reason))


@router.post("/approvals/{approval_id}/reject", response_model=DecisionOut | PoolDecisionOut,
             summary="Reject a payment that waited: its money returns", openapi_extra=MOVES_MONEY)
def reject(approval_id: str, body: DecisionIn, session: SessionDep,
           idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: _decision(session, principal, approval_id, False, body.reason))


def _decision(session, principal, approval_id: str, approve: bool,  # type: ignore[no-untyped-def]
              reason: str | None) -> DecisionOut | PoolDecisionOut:
    decision = decide_any_approval(session, principal, approval_id, approve=approve, reason=reason)
    if isinstance(decision, PoolDecision):
        transaction = TransactionOut.of(decision.transaction) if decision.transaction else None
        return PoolDecisionOut(approval=PoolApprovalOut.of(decision.approval),
                               pool_payment=PoolPaymentOut.of(decision.payment, transaction, []))
    return DecisionOut(approval=ApprovalOut.of(decision.approval), transaction=TransactionOut.of(decision.transaction))


@router.post("/wallets/{wallet_id}/holds", status_code=201, response_model=HoldMovementOut,
             summary="Reserve money for a known cost", openapi_extra=MOVES_MONEY)
def post_hold(wallet_id: str, body: HoldIn, session: SessionDep,
              idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def hold() -> HoldMovementOut:
        record, transaction = place_hold(session, principal, wallet_id, amount=body.amount, category=body.category,
                                         payee=body.payee, reference=body.reference, description=body.description,
                                         expires_on=body.expires_on)
        return HoldMovementOut(hold=HoldOut.of(record), transaction=TransactionOut.of(transaction))

    return idempotency.respond(session, 201, hold)


@router.post("/holds/{hold_id}/capture", response_model=CaptureOut,
             summary="Pay all or part of a hold; the rest returns to the wallet",
             responses={202: {"model": CaptureOut, "description": "captured into awaiting approval"}},
             openapi_extra=MOVES_MONEY)
def post_capture(hold_id: str, body: CaptureIn, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def capture() -> CaptureOut:
        outcome = capture_hold(session, principal, hold_id, amount=body.amount,
                               effective_date=body.effective_date, reference=body.reference,
                               service_from=body.service_from, service_to=body.service_to)
        return CaptureOut(hold=HoldOut.of(outcome.hold), payment=PaymentOut.of(outcome.payment))

    return idempotency.respond_with(session, capture, lambda out: 200 if out.payment.status == "posted" else 202)


@router.post("/holds/{hold_id}/release", response_model=HoldMovementOut,
             summary="Give a hold's money back to the wallet", openapi_extra=MOVES_MONEY)
def post_release(hold_id: str, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def release() -> HoldMovementOut:
        record, transaction = release_hold(session, principal, hold_id)
        return HoldMovementOut(hold=HoldOut.of(record), transaction=TransactionOut.of(transaction))

    return idempotency.respond(session, 200, release)

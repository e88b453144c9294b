"""A funder's decision on its member's part of a pool payment. The payment posts once every
part that needed a decision is approved; one rejection returns everyone's money."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from wallet.domain.errors import ApprovalAlreadyDecided, Forbidden
from wallet.domain.kinds import Kind
from wallet.domain.pools import pool_settlement_postings
from wallet.domain.principals import Principal, Role
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.pool_repository import PoolApprovalRecord, PoolPaymentRecord, PoolRepository
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.decide_approval import CARRIED_FACTS
from wallet.usecases.events import emit_event
from wallet.usecases.pools.context import settlement_context


@dataclass(frozen=True, slots=True)
class PoolDecision:
    approval: PoolApprovalRecord
    payment: PoolPaymentRecord
    transaction: TransactionRecord | None


def find_pool_approval(session: Session, principal: Principal, approval_id: str) -> PoolApprovalRecord | None:
    approval = PoolRepository(session).approval(approval_id, lock=True)
    if approval is None or principal.role is not Role.FUNDER or approval.funder_id != principal.organisation_id:
        return None
    return approval


@allowed(Role.FUNDER)
def decide_pool_approval(session: Session, principal: Principal, approval: PoolApprovalRecord, *,
                         approve: bool, reason: str | None) -> PoolDecision:
    if principal.role is not Role.FUNDER:
        raise Forbidden("only the member's funder decides", allowed_roles=["funder"])
    repository = PoolRepository(session)
    payment = repository.payment(approval.pool_payment_id, lock=True)
    assert payment is not None
    if approval.status != "awaiting" or payment.status != "awaiting_approval":
        raise ApprovalAlreadyDecided(f"approval {approval.id} was already {approval.status}",
                                     approval_id=approval.id, state=approval.status)
    repository.decide(approval.id, status="approved" if approve else "rejected", reason=reason)
    transaction = None
    if not approve:
        repository.withdraw_awaiting(payment.id)
        transaction = _settle(session, principal, payment, post=False, reason=reason)
    elif all(a.status == "approved" for a in repository.approvals_of(payment.id)):
        transaction = _settle(session, principal, payment, post=True, reason=reason)
    decided, settled = repository.approval(approval.id), repository.payment(payment.id)
    assert decided is not None and settled is not None
    _announce(session, principal, decided, settled, transaction, reason)
    return PoolDecision(decided, settled, transaction)


def _announce(session: Session, principal: Principal, approval: PoolApprovalRecord, payment: PoolPaymentRecord,
              transaction: TransactionRecord | None, reason: str | None) -> None:
    wallet = WalletRepository(session).get(approval.wallet_id)
    assert wallet is not None
    # payment_status says whether this decision settled the pool payment or it still waits for others.
    facts = {"decision": approval.status, "pool_id": payment.pool_id, "pool_payment_id": payment.id,
             "amount": approval.amount, "category": payment.category, "effective_date": payment.effective_date,
             "payment_status": payment.status, "transaction_id": transaction.id if transaction else None}
    record_change(session, principal, f"approval.{approval.status}", object_type="pool_approval",
                  object_id=approval.id, wallet=wallet, reason=reason, **facts)
    emit_event(session, "approval.decided", wallets=[wallet], data={"approval_id": approval.id, **facts})


def _settle(session: Session, principal: Principal, payment: PoolPaymentRecord, *, post: bool,
            reason: str | None) -> TransactionRecord:
    """Release the reservation; if posting, pay the same shares out to the holder's bank."""
    assert payment.pending_transaction_id is not None
    context = settlement_context(session, principal, payment.pool_id, list(payment.parts))
    requested = context.ledger.transaction(payment.pending_transaction_id)
    pending = requested.as_postings()
    postings = pool_settlement_postings(context.accounts, pending, context.cash, payment.category, pay=post,
                                        currency=context.pool.currency)
    transaction = context.post(
        Kind.POOL_PAYMENT if post else Kind.POOL_PAYMENT_REJECTED, postings, effective_date=payment.effective_date,
        wallet_ids=list(payment.parts), reference=payment.reference, resolves_id=payment.pending_transaction_id,
        category=payment.category, payee=payment.payee, parts=payment.parts, decision_reason=reason,
        **{k: requested.details[k] for k in CARRIED_FACTS if k in requested.details},
    )
    PoolRepository(session).settle_payment(payment.id, status="posted" if post else "rejected",
                                           transaction_id=transaction.id)
    return transaction

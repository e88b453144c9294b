"""The funder's decision on a payment that waited for approval: post it, or give the money back."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from wallet.domain.errors import ApprovalAlreadyDecided, ApprovalNotFound
from wallet.domain.kinds import Kind
from wallet.domain.principals import Principal, Role
from wallet.domain.wallet_postings import reserved_cover, settle_reservation
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.spending_repository import ApprovalRecord, ApprovalRepository
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.raise_alert import raise_overspend
from wallet.usecases.visibility import can_see_wallet
from wallet.usecases.wallet_context import wallet_context

# What the request said about the support it pays for, kept on the payment the decision makes.
CARRIED_FACTS = ("service_from", "service_to", "timesheet")


@dataclass(frozen=True, slots=True)
class Decision:
    approval: ApprovalRecord
    transaction: TransactionRecord


def load_approval(session: Session, principal: Principal, approval_id: str, *, lock: bool = False) -> ApprovalRecord:
    approval = ApprovalRepository(session).get(approval_id, lock=lock)
    wallet = WalletRepository(session).get(approval.wallet_id) if approval else None
    if approval is None or wallet is None or not can_see_wallet(principal, wallet):
        raise ApprovalNotFound(f"no approval {approval_id}", approval_id=approval_id)
    return approval


@allowed(Role.FUNDER)
def decide_approval(session: Session, principal: Principal, approval_id: str, *, approve: bool,
                    reason: str | None) -> Decision:
    approval = load_approval(session, principal, approval_id, lock=True)
    context = wallet_context(session, principal, approval.wallet_id, roles=(Role.FUNDER,), require_open=False)
    if approval.status != "awaiting":
        raise ApprovalAlreadyDecided(f"approval {approval_id} was already {approval.status}",
                                     approval_id=approval_id, state=approval.status)
    requested = context.ledger.transaction(approval.pending_transaction_id)
    pending = requested.as_postings()
    postings = settle_reservation(context.accounts, pending, approval.amount if approve else 0,
                                  approval.category, context.wallet.currency)
    transaction = context.post(
        Kind.PAYMENT if approve else Kind.PAYMENT_REJECTED, postings, effective_date=approval.effective_date,
        reference=approval.reference, description=approval.description,
        resolves_id=approval.pending_transaction_id, category=approval.category, payee=approval.payee,
        approval_id=approval.id, decision_reason=reason,
        **{k: requested.details[k] for k in CARRIED_FACTS if k in requested.details},
    )
    decided = ApprovalRepository(session).decide(
        approval_id, status="approved" if approve else "rejected", decided_by=principal.organisation_id,
        reason=reason, transaction_id=transaction.id,
    )
    facts = {"decision": decided.status, "amount": approval.amount, "category": approval.category,
             "effective_date": approval.effective_date, "transaction_id": transaction.id}
    record_change(session, principal, f"approval.{decided.status}", object_type="approval", object_id=approval_id,
                  wallet=context.wallet, reason=reason, **facts)
    emit_event(session, "approval.decided", wallets=[context.wallet], data={"approval_id": approval_id, **facts})
    reserve = reserved_cover(context.accounts, pending).reserve
    if approve and reserve:
        raise_overspend(session, context.wallet, transaction.id, reserve)
    return Decision(decided, transaction)

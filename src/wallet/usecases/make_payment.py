"""Money out for the person's support: posted now, or set aside to wait for approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.kinds import Kind
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import ServiceDates, Spend, SpendKind, decide_spend
from wallet.domain.wallet_postings import Cover, payment_postings, reservation_postings
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.spending_repository import ApprovalRecord, ApprovalRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.raise_alert import raise_overspend
from wallet.usecases.wallet_context import WalletContext, wallet_context


@dataclass(frozen=True, slots=True)
class PaymentOutcome:
    status: str  # "posted" or "awaiting_approval"
    transaction: TransactionRecord
    approval: ApprovalRecord | None
    reserve_drawn: int


@allowed(Role.HOLDER)
def make_payment(session: Session, principal: Principal, wallet_id: str, *, amount: int, category: str,
                 payee: str | None, effective_date: date, reference: str | None,
                 description: str | None, service_from: date | None = None,
                 service_to: date | None = None) -> PaymentOutcome:
    context = wallet_context(session, principal, wallet_id, roles=(Role.HOLDER,))
    service = service_dates(service_from, service_to)
    decision = decide_spend(context.policy.rules, context.state(),
                            Spend(SpendKind.PAYMENT, amount, category, effective_date, service=service))
    details = dict(category=decision.category, payee=payee, effective_date=effective_date, reference=reference,
                   description=description, **service_details(service))
    if decision.approval:
        return request_approval(context, decision.cover, why=decision.approval.why, **details)
    return post_payment(context, decision.cover, **details)


def service_dates(service_from: date | None, service_to: date | None) -> ServiceDates | None:
    """The days the support was given: both, or one for a single day, or neither."""
    if service_from is None and service_to is None:
        return None
    return ServiceDates(service_from or service_to, service_to or service_from)  # type: ignore[arg-type]


def service_details(service: ServiceDates | None) -> dict[str, str]:
    """Service dates as the transaction's details keep them (and statements show them)."""
    if service is None:
        return {}
    return {"service_from": service.service_from.isoformat(), "service_to": service.service_to.isoformat()}


def post_payment(context: WalletContext, covered: Cover, *, category: str, payee: str | None,
                 effective_date: date, reference: str | None, description: str | None,
                 **facts: object) -> PaymentOutcome:
    """``facts``: more the payment says about itself (service dates, a timesheet), kept in its details."""
    transaction = context.post(
        Kind.PAYMENT, payment_postings(context.accounts, covered, category, context.wallet.currency),
        effective_date=effective_date, reference=reference, description=description,
        category=category, payee=payee, reserve_drawn=covered.reserve or None, **facts,
    )
    if covered.reserve:
        raise_overspend(context.session, context.wallet, transaction.id, covered.reserve)
    return PaymentOutcome("posted", transaction, None, covered.reserve)


def request_approval(context: WalletContext, covered: Cover, *, why: str, category: str, payee: str | None,
                     effective_date: date, reference: str | None, description: str | None,
                     extra_postings: tuple = (), resolves_id: str | None = None, **facts: object) -> PaymentOutcome:
    postings = [*extra_postings, *reservation_postings(
        context.accounts, covered, context.accounts.awaiting_approval, category, context.wallet.currency)]
    transaction = context.post(
        Kind.APPROVAL_REQUEST, postings, effective_date=effective_date, reference=reference,
        description=description, resolves_id=resolves_id, category=category, payee=payee, why=why, **facts,
    )
    approval = ApprovalRepository(context.session).add(
        wallet_id=context.wallet.id, pending_transaction_id=transaction.id, amount=covered.total,
        category=category, payee=payee, reference=reference, description=description,
        effective_date=effective_date, why=why, requested_by=context.principal.organisation_id,
    )
    # Not the payee, reference or description: free text that may name a person.
    facts = {"amount": approval.amount, "category": category, "effective_date": effective_date, "why": why,
             "pending_transaction_id": transaction.id}
    record_change(context.session, context.principal, "approval.requested", object_type="approval",
                  object_id=approval.id, wallet=context.wallet, **facts)
    emit_event(context.session, "approval.requested", wallets=[context.wallet],
               data={"approval_id": approval.id, **facts})
    return PaymentOutcome("awaiting_approval", transaction, approval, covered.reserve)

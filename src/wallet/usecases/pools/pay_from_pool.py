"""Spending from a pool: split over the members by the rule, exactly, and debited from each
member's own share in one transaction. Each member's funder's rules apply to their part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.categories import normalise_category
from wallet.domain.errors import InsufficientFunds, InvalidInput
from wallet.domain.kinds import Kind
from wallet.domain.pools import pool_payment_postings, split_amount
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import ServiceDates, Spend, SpendDecision, SpendKind, decide_spend
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.pool_repository import PoolApprovalRecord, PoolPaymentRecord, PoolRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.make_payment import service_dates, service_details
from wallet.usecases.pools.context import PoolContext, pool_context
from wallet.usecases.wallet_context import with_invoice_window


@dataclass(frozen=True, slots=True)
class PoolPaymentOutcome:
    payment: PoolPaymentRecord
    transaction: TransactionRecord
    approvals: list[PoolApprovalRecord]


@allowed(Role.HOLDER)
def pay_from_pool(session: Session, principal: Principal, pool_id: str, *, amount: int, category: str,
                  payee: str | None, effective_date: date, reference: str | None,
                  description: str | None, service_from: date | None = None,
                  service_to: date | None = None) -> PoolPaymentOutcome:
    context = pool_context(session, principal, pool_id)
    category = normalise_category(category)
    active = [m.terms for m in context.members if m.terms.active_on(effective_date)]
    if not active:
        raise InvalidInput(f"the pool has no members on {effective_date}")
    parts = split_amount(amount, context.pool.split, active)
    service = service_dates(service_from, service_to)
    decisions = _decide_every_part(context, parts, category, effective_date, service)
    reasons = {w: d.approval.why for w, d in decisions.items() if d.approval}
    pending = bool(reasons)
    drawn = {w: list(d.cover.parts) for w, d in decisions.items()}
    transaction = context.post(
        Kind.POOL_PAYMENT_REQUEST if pending else Kind.POOL_PAYMENT,
        pool_payment_postings(context.accounts, drawn, context.cash, category, pending=pending,
                              currency=context.pool.currency),
        effective_date=effective_date, wallet_ids=list(parts), reference=reference, description=description,
        category=category, payee=payee, parts=parts, **service_details(service),
    )
    repository = PoolRepository(session)
    payment = repository.add_payment(
        pool_id=pool_id, amount=amount, category=category, payee=payee, reference=reference,
        effective_date=effective_date, parts=parts, status="awaiting_approval" if pending else "posted",
        pending_transaction_id=transaction.id if pending else None,
        transaction_id=None if pending else transaction.id,
    )
    approvals = [
        repository.add_approval(pool_payment_id=payment.id, wallet_id=w, funder_id=context.wallets[w].funder_id,
                                amount=parts[w], why=why)
        for w, why in sorted(reasons.items())
    ]
    for approval in approvals:
        # Each member's funder hears of its own member's part, never of the others'.
        wallet = context.wallets[approval.wallet_id]
        facts = {"pool_id": pool_id, "pool_payment_id": payment.id, "amount": approval.amount, "category": category,
                 "effective_date": effective_date, "why": approval.why, "pending_transaction_id": transaction.id}
        record_change(session, principal, "approval.requested", object_type="pool_approval", object_id=approval.id,
                      wallet=wallet, **facts)
        emit_event(session, "approval.requested", wallets=[wallet], data={"approval_id": approval.id, **facts})
    return PoolPaymentOutcome(payment, transaction, approvals)


def _decide_every_part(context: PoolContext, parts: dict[str, int], category: str,
                       effective_date: date, service: ServiceDates | None) -> dict[str, SpendDecision]:
    """Each member's part decided by their own funder's rules, from their own share; if any fall
    short, name every shortfall."""
    decisions: dict[str, SpendDecision] = {}
    shortfalls: list[dict[str, object]] = []
    for wallet_id, part in parts.items():
        if not part:
            continue
        wallet = context.wallets[wallet_id]
        state = with_invoice_window(context.session, wallet, wallet.spending_state(context.share_by_source(wallet_id)))
        try:
            decisions[wallet_id] = decide_spend(context.policies[wallet_id].rules, state,
                                                Spend(SpendKind.POOL_PART, part, category, effective_date,
                                                      service=service))
        except InsufficientFunds as short:
            shortfalls.append({"wallet_id": wallet_id, "part": part, "shortfall": short.shortfall})
    if shortfalls:
        total = sum(int(s["shortfall"]) for s in shortfalls)  # type: ignore[call-overload]
        raise InsufficientFunds(
            f"{len(shortfalls)} member share(s) cannot cover their part; {total} short in all",
            shortfall=total, shortfalls=shortfalls,
        )
    return decisions

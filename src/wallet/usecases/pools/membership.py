"""Leaving a pool and closing it: each leaver's unspent share goes back to their own wallet, source
by source, in the same transaction that ends the membership. History is never rewritten."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, InvalidInput
from wallet.domain.kinds import Kind
from wallet.domain.pools import refund_postings
from wallet.domain.principals import Principal, Role
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.pool_repository import MemberRecord, PoolRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.pools.context import PoolContext, pool_context


class PoolPaymentPending(Conflict):
    type = "pool-payment-pending"
    title = "A pool payment is waiting for approval; decide it before members leave"


class NotAMember(InvalidInput):
    type = "not-a-member"
    title = "This wallet is not a current member of the pool"


def _refuse_while_pending(context: PoolContext, wallet_ids: set[str]) -> None:
    for payment in PoolRepository(context.session).payments(context.pool.id):
        if payment.status == "awaiting_approval" and wallet_ids & set(payment.parts):
            raise PoolPaymentPending(f"pool payment {payment.id} is waiting for approval",
                                     pool_payment_id=payment.id)


def refund_members(context: PoolContext, members: list[MemberRecord], effective_date: date, *,
                   why: str, action: str, cause: str) -> TransactionRecord | None:
    """Return every listed member's whole share and end their membership; record and announce
    ``action`` for each, to that member's own funder and holder (``cause`` says why, in a word)."""
    postings = []
    refunded: dict[str, int] = {}
    for member in members:
        wallet = context.wallets[member.wallet_id]
        shares = context.share_by_source(member.wallet_id)
        postings += refund_postings(wallet.accounts, context.accounts, shares, context.pool.currency)
        refunded[member.wallet_id] = sum(shares.values())
    transaction = None
    if postings:
        transaction = context.post(Kind.POOL_REFUND, postings, effective_date=effective_date,
                                   wallet_ids=[w for w, v in refunded.items() if v],
                                   description=why, parts={w: v for w, v in refunded.items() if v})
    for member in members:
        PoolRepository(context.session).end_membership(
            member.id, left_on=effective_date, refund_transaction_id=transaction.id if transaction else None)
        facts = {"pool_id": context.pool.id, "member_id": member.id, "left_on": effective_date, "cause": cause,
                 "refunded": refunded[member.wallet_id], "transaction_id": transaction.id if transaction else None}
        wallet = context.wallets[member.wallet_id]
        record_change(context.session, context.principal, action, object_type="pool", object_id=context.pool.id,
                      wallet=wallet, **facts)
        emit_event(context.session, action, wallets=[wallet], data=facts)
    return transaction


@allowed(Role.HOLDER)
def leave_pool(session: Session, principal: Principal, pool_id: str, wallet_id: str,
               effective_date: date) -> TransactionRecord | None:
    context = pool_context(session, principal, pool_id)
    member = next((m for m in context.members if m.wallet_id == wallet_id), None)
    if member is None:
        raise NotAMember(f"wallet {wallet_id} is not a current member of pool {pool_id}", wallet_id=wallet_id)
    if effective_date < member.joined_on:
        raise InvalidInput("a member cannot leave before they joined", wallet_id=wallet_id)
    _refuse_while_pending(context, {wallet_id})
    return refund_members(context, [member], effective_date, why=f"left {context.pool.name}",
                          action="pool.member_left", cause="left")


@allowed(Role.HOLDER)
def close_pool(session: Session, principal: Principal, pool_id: str, effective_date: date) -> TransactionRecord | None:
    context = pool_context(session, principal, pool_id)
    _refuse_while_pending(context, set(context.wallets))
    transaction = refund_members(context, context.members, effective_date, why=f"{context.pool.name} closed",
                                 action="pool.closed", cause="pool_closed")
    PoolRepository(session).close(pool_id, effective_date)
    if not context.members:  # no member to file it under: the holder's own record
        record_change(session, principal, "pool.closed", object_type="pool", object_id=pool_id,
                      holder_id=context.pool.holder_id, closed_on=effective_date)
        emit_event(session, "pool.closed", wallets=[], also=[context.pool.holder_id],
                   data={"pool_id": pool_id, "closed_on": effective_date})
    return transaction

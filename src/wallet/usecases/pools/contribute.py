"""Money into a pool: from one member, or from every member by their share, in one transaction.
A contribution is restricted money moving within the same person's funds."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput
from wallet.domain.policies import RestrictedFunds
from wallet.domain.pools import contribution_amounts, contribution_postings
from wallet.domain.principals import Principal
from wallet.domain.wallets import draw_exactly
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.usecases.pools.context import pool_context

POOL_CONTRIBUTION = "pool_contribution"


def contribute(session: Session, principal: Principal, pool_id: str, *, wallet_id: str | None,
               amount: int | None, effective_date: date, reference: str | None = None) -> TransactionRecord:
    context = pool_context(session, principal, pool_id)
    active = [m for m in context.members if m.terms.active_on(effective_date)]
    if wallet_id is not None:
        if amount is None:
            raise InvalidInput("say how much the member contributes", field="amount")
        if wallet_id not in {m.wallet_id for m in active}:
            # A person's money may go only to a pool they belong to.
            raise RestrictedFunds(f"wallet {wallet_id} is not a member of this pool on {effective_date}",
                               wallet_id=wallet_id)
        amounts = {wallet_id: amount}
    else:
        if not active:
            raise InvalidInput(f"the pool has no members on {effective_date}")
        amounts = contribution_amounts(context.pool.split, [m.terms for m in active], amount)
    postings = []
    for member_wallet, member_amount in sorted(amounts.items()):
        if member_amount <= 0:
            continue
        wallet = context.wallets[member_wallet]
        if effective_date < wallet.opened_on:
            raise InvalidInput("a contribution cannot be dated before the wallet opened", wallet_id=member_wallet)
        parts = draw_exactly(context.available_by_source(member_wallet), member_amount,
                             context.policies[member_wallet].rules.spend_order)
        postings += contribution_postings(wallet.accounts, context.accounts, parts, context.pool.currency)
    if not postings:
        raise InvalidInput("nothing to contribute", field="amount")
    return context.post(POOL_CONTRIBUTION, postings, effective_date=effective_date, wallet_ids=list(amounts),
                        reference=reference, description=f"contribution to {context.pool.name}",
                        parts={k: v for k, v in amounts.items() if v > 0})

"""Money into a pool: from one member, or from every member by their share, in one transaction.
A contribution is restricted money moving within the same person's funds.

The steps are shared with scheduled contributions (``scheduled_contributions``): who puts in how
much on a day, each member's part drawn from their wallet, and the one kind of transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput
from wallet.domain.kinds import Kind
from wallet.domain.policies import RestrictedFunds
from wallet.domain.pools import contribution_amounts, contribution_postings
from wallet.domain.postings import Posting, TransactionDraft
from wallet.domain.principals import Principal, Role
from wallet.domain.wallets import draw_exactly
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.pool_repository import MemberRecord
from wallet.usecases.authorisation import allowed
from wallet.usecases.pools.context import PoolContext, pool_context


def amounts_on(context: PoolContext, members: Sequence[MemberRecord], *, wallet_id: str | None,
               amount: int | None, on: date) -> dict[str, int]:
    """What each member puts in on ``on``: the one named member's amount, or every member's share."""
    active = [m for m in members if m.terms.active_on(on)]
    if wallet_id is not None:
        if amount is None:
            raise InvalidInput("say how much the member contributes", field="amount")
        if wallet_id not in {m.wallet_id for m in active}:
            # A person's money may go only to a pool they belong to.
            raise RestrictedFunds(f"wallet {wallet_id} is not a member of this pool on {on}", wallet_id=wallet_id)
        return {wallet_id: amount}
    if not active:
        raise InvalidInput(f"the pool has no members on {on}")
    return contribution_amounts(context.pool.split, [m.terms for m in active], amount)


def draw_contributions(context: PoolContext, amounts: Mapping[str, int], effective_date: date) -> list[Posting]:
    """Each member's part drawn from their own wallet, in its spend order. Every refusal is raised
    here, from the locked balances, before anything is written."""
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
    return postings


def post_contribution(context: PoolContext, amounts: Mapping[str, int], postings: Sequence[Posting], *,
                      effective_date: date, reference: str | None = None, **details: Any) -> TransactionRecord:
    draft = contribution_draft(context, amounts, postings, effective_date=effective_date, reference=reference,
                               **details)
    return context.ledger.post(draft, organisation_id=context.principal.organisation_id, owners=context.owners)


def contribution_draft(context: PoolContext, amounts: Mapping[str, int], postings: Sequence[Posting], *,
                       effective_date: date, reference: str | None = None, **details: Any) -> TransactionDraft:
    return context.draft(Kind.POOL_CONTRIBUTION, postings, effective_date=effective_date, wallet_ids=list(amounts),
                         reference=reference, description=f"contribution to {context.pool.name}",
                         parts={k: v for k, v in amounts.items() if v > 0}, **details)


@allowed(Role.HOLDER)
def contribute(session: Session, principal: Principal, pool_id: str, *, wallet_id: str | None,
               amount: int | None, effective_date: date, reference: str | None = None) -> TransactionRecord:
    context = pool_context(session, principal, pool_id)
    amounts = amounts_on(context, context.members, wallet_id=wallet_id, amount=amount, on=effective_date)
    postings = draw_contributions(context, amounts, effective_date)
    return post_contribution(context, amounts, postings, effective_date=effective_date, reference=reference)

"""A holder creates a pool of wallets it holds, with a split rule; and people join it later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, Forbidden, InvalidInput, WalletClosed, WalletNotFound
from wallet.domain.pools import Member, Split, check_member_terms
from wallet.domain.principals import Principal, Role
from wallet.persistence.pool_repository import MemberRecord, PoolRecord, PoolRepository
from wallet.persistence.wallet_repository import WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.pools.context import open_share_accounts, pool_context


class AlreadyAMember(Conflict):
    type = "already-a-member"
    title = "This wallet is already a member of the pool"


@dataclass(frozen=True, slots=True)
class MemberTerms:
    wallet_id: str
    weight: int | None = None
    amount: int | None = None


def _member_wallet(session: Session, principal: Principal, pool: PoolRecord, terms: MemberTerms) -> WalletRecord:
    wallet = WalletRepository(session).get(terms.wallet_id)
    # Only the person's own holder may put their money in a pool it runs.
    if wallet is None or wallet.holder_id != principal.organisation_id:
        raise WalletNotFound(f"no wallet {terms.wallet_id}", wallet_id=terms.wallet_id)
    if not wallet.is_open:
        raise WalletClosed(f"wallet {wallet.id} is closed", wallet_id=wallet.id)
    if wallet.currency != pool.currency:
        raise InvalidInput("a pool's members all keep the same currency", wallet_id=wallet.id)
    check_member_terms(pool.split, terms.weight, terms.amount)
    return wallet


def _add(session: Session, principal: Principal, pool: PoolRecord, terms: MemberTerms, joined_on: date,
         action: str) -> tuple[MemberRecord, WalletRecord]:
    wallet = _member_wallet(session, principal, pool, terms)
    if any(m.wallet_id == wallet.id for m in PoolRepository(session).members(pool.id, current_only=True)):
        raise AlreadyAMember(f"wallet {wallet.id} is already in pool {pool.id}", wallet_id=wallet.id)
    if joined_on < wallet.opened_on:
        raise InvalidInput("a wallet cannot join a pool before it opened", wallet_id=wallet.id)
    open_share_accounts(session, pool, wallet)
    member = PoolRepository(session).add_member(pool.id, Member(wallet.id, terms.weight, terms.amount, joined_on))
    # One entry per member, so each member's funder (and its auditors) read about their own person.
    # Never the pool's name: holders often name a pool after the people in it.
    record_change(session, principal, action, object_type="pool", object_id=pool.id, wallet=wallet,
                  member_id=member.id, split=pool.split.value, weight=terms.weight, amount=terms.amount,
                  joined_on=joined_on)
    return member, wallet


@allowed(Role.HOLDER)
def create_pool(session: Session, principal: Principal, *, name: str, split: Split,
                members: Sequence[MemberTerms], joined_on: date) -> PoolRecord:
    if principal.role is not Role.HOLDER:
        raise Forbidden("only a holder creates pools", allowed_roles=["holder"])
    if not name.strip():
        raise InvalidInput("a pool needs a name", field="name")
    if len({m.wallet_id for m in members}) != len(members):
        raise InvalidInput("a wallet is named twice among the members", field="members")
    pool = PoolRepository(session).add(holder_id=principal.organisation_id, name=name.strip(), split=split,
                                       currency="GBP")
    wallets = [_add(session, principal, pool, terms, joined_on, "pool.created")[1] for terms in members]
    if not wallets:
        record_change(session, principal, "pool.created", object_type="pool", object_id=pool.id,
                      holder_id=pool.holder_id, split=pool.split.value)
    emit_event(session, "pool.created", wallets=wallets, also=[pool.holder_id],
               data={"pool_id": pool.id, "split": pool.split.value, "joined_on": joined_on})
    return pool


@allowed(Role.HOLDER)
def join_pool(session: Session, principal: Principal, pool_id: str, terms: MemberTerms,
              joined_on: date) -> MemberRecord:
    context = pool_context(session, principal, pool_id, lock=False)
    member, wallet = _add(session, principal, context.pool, terms, joined_on, "pool.member_joined")
    emit_event(session, "pool.member_joined", wallets=[wallet],
               data={"pool_id": pool_id, "member_id": member.id, "joined_on": joined_on})
    return member

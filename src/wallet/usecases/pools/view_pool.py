"""What a pool looks like to each reader. The holder sees everything in its pools; a funder sees
the members it funds; a person sees their own share and the pool's totals, never another
member's person reference or share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.pools import PoolAccounts
from wallet.domain.principals import Principal, Role
from wallet.domain.wallets import Source
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.pool_repository import PoolRecord, PoolRepository, share_movements
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.pools.context import load_pool, visible_member_ids


@dataclass(frozen=True, slots=True)
class MemberView:
    wallet_id: str
    person_ref: str
    weight: int | None
    fixed_amount: int | None
    joined_on: date
    left_on: date | None
    share: int
    share_by_source: dict[str, int]
    contributed: int
    spent: int
    refunded: int


@dataclass(frozen=True, slots=True)
class PaymentView:
    id: str
    amount: int
    category: str
    effective_date: date
    status: str
    parts: dict[str, int]


@dataclass(frozen=True, slots=True)
class PoolView:
    pool: PoolRecord
    balance: int
    member_count: int
    members: list[MemberView] = field(default_factory=list)
    payments: list[PaymentView] = field(default_factory=list)


@allowed(*EVERY_ROLE)
def view_pool(session: Session, principal: Principal, pool_id: str) -> PoolView:
    pool = load_pool(session, principal, pool_id)
    repository = PoolRepository(session)
    visible = visible_member_ids(session, principal, pool_id)
    codes = [PoolAccounts(pool_id).share(m.wallet_id, s) for m in repository.members(pool_id) for s in Source]
    states = LedgerRepository(session).accounts_by_code(codes)
    movements = share_movements(session, pool_id)
    wallets = WalletRepository(session)
    members = []
    # A wallet that left and rejoined has several membership records but one share: show its latest.
    latest = {m.wallet_id: m for m in repository.members(pool_id)}
    for member in latest.values():
        if member.wallet_id not in visible:
            continue
        by_source = {s.value: states[PoolAccounts(pool_id).share(member.wallet_id, s)].balance
                     for s in Source if PoolAccounts(pool_id).share(member.wallet_id, s) in states}
        wallet = wallets.get(member.wallet_id)
        members.append(MemberView(
            wallet_id=member.wallet_id, person_ref=wallet.person_ref if wallet else "",
            weight=member.weight, fixed_amount=member.fixed_amount, joined_on=member.joined_on,
            left_on=member.left_on, share=sum(by_source.values()), share_by_source=by_source,
            contributed=movements.get((member.wallet_id, "pool_contribution"), 0),
            spent=-movements.get((member.wallet_id, "pool_payment"), 0),
            refunded=-movements.get((member.wallet_id, "pool_refund"), 0),
        ))
    payments = [
        PaymentView(p.id, p.amount, p.category, p.effective_date, p.status,
                    {w: part for w, part in p.parts.items() if w in visible})
        for p in repository.payments(pool_id)
    ]
    everyone_visible = principal.is_admin or principal.role is Role.HOLDER
    return PoolView(
        pool=pool,
        balance=sum(s.balance for s in states.values()),
        member_count=len(repository.members(pool_id, current_only=True)),
        members=members,
        payments=payments if everyone_visible or visible else [],
    )


@allowed(*EVERY_ROLE)
def list_pools(session: Session, principal: Principal, *, after_id: str | None, limit: int) -> list[PoolRecord]:
    return PoolRepository(session).visible_to(principal, after_id=after_id, limit=limit)

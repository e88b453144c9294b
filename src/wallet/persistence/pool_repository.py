"""Pools, members, pool payments and their per-member approvals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from wallet.domain.pools import Member, Split
from wallet.domain.principals import Principal
from wallet.persistence.pool_tables import pool_members, pool_payment_approvals, pool_payments, pools
from wallet.persistence.repository import MANY_WALLETS, Repository, new_id, page, record_from
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.types import utc_now
from wallet.persistence.visibility_sql import visible_pools_condition


@dataclass(frozen=True, slots=True)
class PoolRecord:
    id: str
    holder_id: str
    name: str
    split: Split
    currency: str
    status: str
    created_at: datetime
    closed_on: date | None


@dataclass(frozen=True, slots=True)
class MemberRecord:
    id: str
    pool_id: str
    wallet_id: str
    weight: int | None
    fixed_amount: int | None
    joined_on: date
    left_on: date | None
    refund_transaction_id: str | None

    @property
    def terms(self) -> Member:
        return Member(self.wallet_id, self.weight, self.fixed_amount, self.joined_on, self.left_on)


@dataclass(frozen=True, slots=True)
class PoolPaymentRecord:
    id: str
    pool_id: str
    amount: int
    category: str
    payee: str | None
    reference: str | None
    effective_date: date
    parts: dict[str, int]
    status: str
    pending_transaction_id: str | None
    transaction_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PoolApprovalRecord:
    id: str
    pool_payment_id: str
    wallet_id: str
    funder_id: str
    amount: int
    why: str
    status: str
    decided_at: datetime | None
    decision_reason: str | None
    created_at: datetime


def _pool(row: Any) -> PoolRecord:
    return record_from(PoolRecord, row, split=Split(row.split))


def _member(row: Any) -> MemberRecord:
    return record_from(MemberRecord, row)


def _payment(row: Any) -> PoolPaymentRecord:
    return record_from(PoolPaymentRecord, row, parts=dict(row.parts))


def _approval(row: Any) -> PoolApprovalRecord:
    return record_from(PoolApprovalRecord, row)


class PoolRepository(Repository):
    # --- pools ----------------------------------------------------------------------------

    def add(self, *, holder_id: str, name: str, split: Split, currency: str) -> PoolRecord:
        pool_id = new_id()
        self._insert(pools, id=pool_id, holder_id=holder_id, name=name, split=split.value, currency=currency,
                     status="open", created_at=utc_now())
        return self.get(pool_id)  # type: ignore[return-value]

    def get(self, pool_id: str, *, lock: bool = False) -> PoolRecord | None:
        return self._by_id(pools, pool_id, _pool, lock=lock)

    def close(self, pool_id: str, closed_on: date) -> None:
        self._update(pools, pools.c.id == pool_id, status="closed", closed_on=closed_on)

    def list(self, *, where: ColumnElement[bool] | None = None, after_id: str | None = None,
             limit: int = 50) -> list[PoolRecord]:
        query = page(select(pools), pools.c.id, after=after_id, limit=limit)
        return self._all(query if where is None else query.where(where), _pool)

    def visible_to(self, principal: Principal, *, after_id: str | None = None, limit: int = 50) -> list[PoolRecord]:
        return self.list(where=visible_pools_condition(principal), after_id=after_id, limit=limit)

    # --- members --------------------------------------------------------------------------

    def add_member(self, pool_id: str, member: Member) -> MemberRecord:
        member_id = new_id()
        self._insert(pool_members, id=member_id, pool_id=pool_id, wallet_id=member.wallet_id, weight=member.weight,
                     fixed_amount=member.fixed_amount, joined_on=member.joined_on, created_at=utc_now())
        return self._by_id(pool_members, member_id, _member)  # type: ignore[return-value]

    def members(self, pool_id: str, *, current_only: bool = False) -> list[MemberRecord]:
        query = select(pool_members).where(pool_members.c.pool_id == pool_id).order_by(
            pool_members.c.joined_on, pool_members.c.created_at)
        if current_only:
            query = query.where(pool_members.c.left_on.is_(None))
        return self._all(query, _member)

    def lock_pools_of(self, wallet_ids: Sequence[str]) -> None:
        """Lock, in id order, every pool these wallets are members of. Pool operations lock their
        pool before any account; an operation that may leave pools after locking a wallet's
        accounts (a final close, a move) takes these locks first too, so the two never wait on each
        other in a circle."""
        if not wallet_ids:
            return
        current = pool_members.c.left_on.is_(None)
        if len(wallet_ids) > MANY_WALLETS:
            # A whole book names more wallets than a statement takes parameters: find the pools
            # first (members are few beside the book), then lock them in one ordered statement.
            wanted = set(wallet_ids)
            pool_ids = sorted({pool_id for pool_id, wallet_id in self.session.execute(
                select(pool_members.c.pool_id, pool_members.c.wallet_id).where(current)) if wallet_id in wanted})
            if pool_ids:
                self.session.execute(select(pools.c.id).where(pools.c.id.in_(pool_ids))
                                     .order_by(pools.c.id).with_for_update())
            return
        self.session.execute(
            select(pools.c.id).where(pools.c.id.in_(
                select(pool_members.c.pool_id).where(pool_members.c.wallet_id.in_(sorted(set(wallet_ids))), current)))
            .order_by(pools.c.id).with_for_update())

    def memberships_of(self, wallet_id: str, *, current_only: bool = True) -> list[MemberRecord]:
        query = select(pool_members).where(pool_members.c.wallet_id == wallet_id)
        if current_only:
            query = query.where(pool_members.c.left_on.is_(None))
        return self._all(query, _member)

    def end_membership(self, member_id: str, *, left_on: date, refund_transaction_id: str | None) -> None:
        self._update(pool_members, pool_members.c.id == member_id, left_on=left_on,
                     refund_transaction_id=refund_transaction_id)

    # --- payments and their approvals -----------------------------------------------------

    def add_payment(self, **values: Any) -> PoolPaymentRecord:
        payment_id = new_id()
        self._insert(pool_payments, id=payment_id, created_at=utc_now(), **values)
        return self.payment(payment_id)  # type: ignore[return-value]

    def payment(self, payment_id: str, *, lock: bool = False) -> PoolPaymentRecord | None:
        return self._by_id(pool_payments, payment_id, _payment, lock=lock)

    def payments(self, pool_id: str) -> list[PoolPaymentRecord]:
        return self._all(select(pool_payments).where(pool_payments.c.pool_id == pool_id)
                         .order_by(pool_payments.c.created_at, pool_payments.c.id), _payment)

    def settle_payment(self, payment_id: str, *, status: str, transaction_id: str) -> None:
        self._update(pool_payments, pool_payments.c.id == payment_id, status=status, transaction_id=transaction_id)

    def add_approval(self, **values: Any) -> PoolApprovalRecord:
        approval_id = new_id()
        self._insert(pool_payment_approvals, id=approval_id, status="awaiting", created_at=utc_now(), **values)
        return self.approval(approval_id)  # type: ignore[return-value]

    def approval(self, approval_id: str, *, lock: bool = False) -> PoolApprovalRecord | None:
        return self._by_id(pool_payment_approvals, approval_id, _approval, lock=lock)

    def approvals_of(self, payment_id: str) -> list[PoolApprovalRecord]:
        approvals = pool_payment_approvals
        return self._all(select(approvals).where(approvals.c.pool_payment_id == payment_id)
                         .order_by(approvals.c.created_at, approvals.c.id), _approval)

    def decide(self, approval_id: str, *, status: str, reason: str | None) -> None:
        self._update(pool_payment_approvals, pool_payment_approvals.c.id == approval_id, status=status,
                     decided_at=utc_now(), decision_reason=reason)

    def withdraw_awaiting(self, payment_id: str) -> None:
        self._update(pool_payment_approvals, pool_payment_approvals.c.pool_payment_id == payment_id,
                     pool_payment_approvals.c.status == "awaiting", status="withdrawn", decided_at=utc_now())


def share_movements(session: Session, pool_id: str) -> dict[tuple[str, str], int]:
    """Net money into each member's share by kind of transaction: {(wallet_id, kind): credits − debits}."""
    signed = case((postings.c.side == "credit", postings.c.amount), else_=-postings.c.amount)
    rows = session.execute(
        select(accounts.c.wallet_id, transactions.c.kind, func.sum(signed))
        .select_from(postings.join(accounts, accounts.c.id == postings.c.account_id)
                     .join(transactions, transactions.c.seq == postings.c.transaction_seq))
        .where(accounts.c.code.like(f"pool:{pool_id}:share:%"), postings.c.phase == "posted")
        .group_by(accounts.c.wallet_id, transactions.c.kind)
    )
    return {(wallet_id, kind): int(net) for wallet_id, kind, net in rows}

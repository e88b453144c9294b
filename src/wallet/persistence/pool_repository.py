"""Pools, members, pool payments and their per-member approvals."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from wallet.domain.pools import Member, Split
from wallet.persistence.pool_tables import pool_members, pool_payment_approvals, pool_payments, pools
from wallet.persistence.types import utc_now


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


def _record(cls: type, row: Any) -> Any:
    values = {f: getattr(row, f) for f in cls.__dataclass_fields__}
    if "split" in values:
        values["split"] = Split(values["split"])
    if "parts" in values:
        values["parts"] = dict(values["parts"])
    return cls(**values)


def _one(session: Session, query: Any, cls: type, lock: bool) -> Any:
    row = session.execute(query.with_for_update() if lock else query).first()
    return _record(cls, row) if row else None


class PoolRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- pools ----------------------------------------------------------------------------

    def add(self, *, holder_id: str, name: str, split: Split, currency: str) -> PoolRecord:
        pool_id = str(uuid.uuid4())
        self.session.execute(insert(pools).values(id=pool_id, holder_id=holder_id, name=name, split=split.value,
                                                  currency=currency, status="open", created_at=utc_now()))
        self.session.flush()
        return self.get(pool_id)  # type: ignore[return-value]

    def get(self, pool_id: str, *, lock: bool = False) -> PoolRecord | None:
        return _one(self.session, select(pools).where(pools.c.id == pool_id), PoolRecord, lock)  # type: ignore[no-any-return]

    def close(self, pool_id: str, closed_on: date) -> None:
        self.session.execute(update(pools).where(pools.c.id == pool_id).values(status="closed", closed_on=closed_on))
        self.session.flush()

    def list(self, *, holder_id: str | None = None, wallet_ids: Sequence[str] | None = None,
             funder_id: str | None = None, after_id: str | None = None, limit: int = 50) -> list[PoolRecord]:
        from wallet.persistence.wallet_tables import wallets

        query = select(pools).order_by(pools.c.id).limit(limit)
        if funder_id is not None:
            query = query.where(pools.c.id.in_(
                select(pool_members.c.pool_id).join(wallets, wallets.c.id == pool_members.c.wallet_id)
                .where(wallets.c.funder_id == funder_id)))
        if holder_id is not None:
            query = query.where(pools.c.holder_id == holder_id)
        if wallet_ids is not None:
            query = query.where(pools.c.id.in_(
                select(pool_members.c.pool_id).where(pool_members.c.wallet_id.in_(list(wallet_ids)))))
        if after_id is not None:
            query = query.where(pools.c.id > after_id)
        return [_record(PoolRecord, row) for row in self.session.execute(query)]

    # --- members --------------------------------------------------------------------------

    def add_member(self, pool_id: str, member: Member) -> MemberRecord:
        member_id = str(uuid.uuid4())
        self.session.execute(insert(pool_members).values(
            id=member_id, pool_id=pool_id, wallet_id=member.wallet_id, weight=member.weight,
            fixed_amount=member.fixed_amount, joined_on=member.joined_on, created_at=utc_now()))
        self.session.flush()
        return _one(self.session, select(pool_members).where(pool_members.c.id == member_id), MemberRecord, False)  # type: ignore[no-any-return]

    def members(self, pool_id: str, *, current_only: bool = False) -> list[MemberRecord]:
        query = select(pool_members).where(pool_members.c.pool_id == pool_id).order_by(
            pool_members.c.joined_on, pool_members.c.created_at)
        if current_only:
            query = query.where(pool_members.c.left_on.is_(None))
        return [_record(MemberRecord, row) for row in self.session.execute(query)]

    def lock_pools_of(self, wallet_ids: Sequence[str]) -> None:
        """Lock, in id order, every pool these wallets are members of. Pool operations lock their
        pool before any account; an operation that may leave pools after locking a wallet's
        accounts (a final close, a move) takes these locks first too, so the two never wait on each
        other in a circle."""
        if not wallet_ids:
            return
        self.session.execute(
            select(pools.c.id).where(pools.c.id.in_(
                select(pool_members.c.pool_id).where(pool_members.c.wallet_id.in_(sorted(set(wallet_ids))),
                                                     pool_members.c.left_on.is_(None))))
            .order_by(pools.c.id).with_for_update())

    def memberships_of(self, wallet_id: str, *, current_only: bool = True) -> list[MemberRecord]:
        query = select(pool_members).where(pool_members.c.wallet_id == wallet_id)
        if current_only:
            query = query.where(pool_members.c.left_on.is_(None))
        return [_record(MemberRecord, row) for row in self.session.execute(query)]

    def end_membership(self, member_id: str, *, left_on: date, refund_transaction_id: str | None) -> None:
        self.session.execute(update(pool_members).where(pool_members.c.id == member_id).values(
            left_on=left_on, refund_transaction_id=refund_transaction_id))
        self.session.flush()

    # --- payments and their approvals -----------------------------------------------------

    def add_payment(self, **values: Any) -> PoolPaymentRecord:
        payment_id = str(uuid.uuid4())
        self.session.execute(insert(pool_payments).values(id=payment_id, created_at=utc_now(), **values))
        self.session.flush()
        return self.payment(payment_id)  # type: ignore[return-value]

    def payment(self, payment_id: str, *, lock: bool = False) -> PoolPaymentRecord | None:
        return _one(self.session, select(pool_payments).where(pool_payments.c.id == payment_id),  # type: ignore[no-any-return]
                    PoolPaymentRecord, lock)

    def payments(self, pool_id: str) -> list[PoolPaymentRecord]:
        rows = self.session.execute(select(pool_payments).where(pool_payments.c.pool_id == pool_id)
                                    .order_by(pool_payments.c.created_at, pool_payments.c.id))
        return [_record(PoolPaymentRecord, row) for row in rows]

    def settle_payment(self, payment_id: str, *, status: str, transaction_id: str) -> None:
        self.session.execute(update(pool_payments).where(pool_payments.c.id == payment_id)
                             .values(status=status, transaction_id=transaction_id))
        self.session.flush()

    def add_approval(self, **values: Any) -> PoolApprovalRecord:
        approval_id = str(uuid.uuid4())
        self.session.execute(insert(pool_payment_approvals).values(
            id=approval_id, status="awaiting", created_at=utc_now(), **values))
        self.session.flush()
        return self.approval(approval_id)  # type: ignore[return-value]

    def approval(self, approval_id: str, *, lock: bool = False) -> PoolApprovalRecord | None:
        return _one(self.session, select(pool_payment_approvals).where(pool_payment_approvals.c.id == approval_id),  # type: ignore[no-any-return]
                    PoolApprovalRecord, lock)

    def approvals_of(self, payment_id: str) -> list[PoolApprovalRecord]:
        rows = self.session.execute(select(pool_payment_approvals)
                                    .where(pool_payment_approvals.c.pool_payment_id == payment_id)
                                    .order_by(pool_payment_approvals.c.created_at, pool_payment_approvals.c.id))
        return [_record(PoolApprovalRecord, row) for row in rows]

    def decide(self, approval_id: str, *, status: str, reason: str | None) -> None:
        self.session.execute(update(pool_payment_approvals).where(pool_payment_approvals.c.id == approval_id)
                             .values(status=status, decided_at=utc_now(), decision_reason=reason))
        self.session.flush()

    def withdraw_awaiting(self, payment_id: str) -> None:
        self.session.execute(update(pool_payment_approvals).where(
            pool_payment_approvals.c.pool_payment_id == payment_id, pool_payment_approvals.c.status == "awaiting",
        ).values(status="withdrawn", decided_at=utc_now()))
        self.session.flush()


def share_movements(session: Session, pool_id: str) -> dict[tuple[str, str], int]:
    """Net money into each member's share by kind of transaction: {(wallet_id, kind): credits − debits}."""
    from sqlalchemy import case, func

    from wallet.persistence.tables import accounts, postings, transactions

    signed = case((postings.c.side == "credit", postings.c.amount), else_=-postings.c.amount)
    rows = session.execute(
        select(accounts.c.wallet_id, transactions.c.kind, func.sum(signed))
        .select_from(postings.join(accounts, accounts.c.id == postings.c.account_id)
                     .join(transactions, transactions.c.seq == postings.c.transaction_seq))
        .where(accounts.c.code.like(f"pool:{pool_id}:share:%"), postings.c.phase == "posted")
        .group_by(accounts.c.wallet_id, transactions.c.kind)
    )
    return {(wallet_id, kind): int(net) for wallet_id, kind, net in rows}

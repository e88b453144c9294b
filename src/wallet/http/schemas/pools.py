from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from wallet.domain.pools import Split
from wallet.domain.schedules import Every
from wallet.http.schemas.common import PositiveAmount, RequestBody, ShortText
from wallet.http.schemas.ledger import TransactionOut
from wallet.persistence.contribution_schedule_repository import ContributionScheduleRecord
from wallet.persistence.pool_repository import PoolApprovalRecord, PoolPaymentRecord
from wallet.usecases.pools.view_pool import PoolView


class MemberIn(RequestBody):
    wallet_id: str = Field(min_length=1, max_length=36)
    weight: PositiveAmount | None = Field(None, description="for split=weights")
    amount: PositiveAmount | None = Field(None, description="for split=fixed: the member's agreed amount")


class PoolIn(RequestBody):
    name: ShortText
    split: Split
    members: list[MemberIn] = Field(min_length=1, max_length=50)
    joined_on: date


class JoinIn(MemberIn):
    joined_on: date


class ContributionIn(RequestBody):
    wallet_id: str | None = Field(None, max_length=36, description="one member; omit for every member by their share")
    amount: PositiveAmount | None = Field(None, description="one member's amount, or the total to split; "
                                                           "omit for fixed pools to use each member's agreed amount")
    effective_date: date
    reference: str | None = Field(None, max_length=200)


class ContributionScheduleIn(RequestBody):
    every: Every = Field(description="1w, 2w, 4w or 1m (monthly on the same day, or the month's last day)")
    starts_on: date = Field(description="the first period's first day; each period's contribution is due "
                                        "on its first day, made by the funding run of each member's funder")
    ends_on: date | None = Field(None, description="the last day contributed for; a final part-period is "
                                                   "pro-rated by days")
    wallet_id: str | None = Field(None, max_length=36, description="one member; omit for every member by their share")
    amount: PositiveAmount | None = Field(None, description="one member's amount, or the total to split, each "
                                                           "period; omit for fixed pools to use each member's "
                                                           "agreed amount")


class ContributionScheduleEndIn(RequestBody):
    ends_on: date = Field(description="the last day contributed for: no period starting later is contributed, "
                                      "and one running over it is pro-rated by days. An end only ever moves earlier")


class ContributionScheduleOut(BaseModel):
    id: str
    pool_id: str
    wallet_id: str | None = Field(description="the one member contributing; null for every member by share")
    amount: int | None
    every: Every
    starts_on: date
    ends_on: date | None = Field(description="the last day contributed for, as things stand: the earlier of "
                                             "ends_on_as_created and ended_on")
    ends_on_as_created: date | None = Field(description="the end the schedule was set up with")
    ended_on: date | None = Field(description="the end the holder set later (POST …/end); null if never ended")
    ended_at: datetime | None = Field(description="when the holder last ended it")
    created_at: datetime

    @classmethod
    def of(cls, record: ContributionScheduleRecord) -> ContributionScheduleOut:
        terms = record.terms
        return cls(id=record.id, pool_id=record.pool_id, wallet_id=terms.wallet_id, amount=terms.amount,
                   every=terms.every, starts_on=terms.starts_on, ends_on=terms.ends_on,
                   ends_on_as_created=record.ends_on_as_created, ended_on=record.ended_on,
                   ended_at=record.ended_at, created_at=record.created_at)


class PoolPaymentIn(RequestBody):
    amount: PositiveAmount
    category: str = Field(min_length=1, max_length=60)
    payee: str | None = Field(None, max_length=100)
    effective_date: date
    reference: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=500)
    service_from: date | None = Field(None, description="the first day of the support this pays for")
    service_to: date | None = Field(None, description="the last day of that support (service_from if omitted)")


class CloseIn(RequestBody):
    effective_date: date


class PoolMemberOut(BaseModel):
    wallet_id: str
    person_ref: str
    weight: int | None
    amount: int | None
    joined_on: date
    left_on: date | None
    share: int
    share_by_source: dict[str, int]
    contributed: int
    spent: int
    refunded: int


class PoolPaymentSummary(BaseModel):
    id: str
    amount: int
    category: str
    effective_date: date
    status: str
    parts: dict[str, int] = Field(description="each visible member's part")


class PoolOut(BaseModel):
    id: str
    holder_id: str
    name: str
    split: Split
    status: str
    currency: str
    created_at: datetime
    closed_on: date | None
    balance: int = Field(description="the sum of every member's share")
    member_count: int
    members: list[PoolMemberOut] = Field(description="the members this key may see")
    payments: list[PoolPaymentSummary]

    @classmethod
    def of(cls, view: PoolView) -> PoolOut:
        pool = view.pool
        return cls(
            id=pool.id, holder_id=pool.holder_id, name=pool.name, split=pool.split, status=pool.status,
            currency=pool.currency, created_at=pool.created_at, closed_on=pool.closed_on, balance=view.balance,
            member_count=view.member_count,
            members=[PoolMemberOut(wallet_id=m.wallet_id, person_ref=m.person_ref, weight=m.weight,
                                   amount=m.fixed_amount, joined_on=m.joined_on, left_on=m.left_on, share=m.share,
                                   share_by_source=m.share_by_source, contributed=m.contributed, spent=m.spent,
                                   refunded=m.refunded) for m in view.members],
            payments=[PoolPaymentSummary(id=p.id, amount=p.amount, category=p.category,
                                         effective_date=p.effective_date, status=p.status, parts=p.parts)
                      for p in view.payments],
        )


class PoolApprovalOut(BaseModel):
    id: str
    pool_payment_id: str
    wallet_id: str
    amount: int
    why: str
    status: str

    @classmethod
    def of(cls, record: PoolApprovalRecord) -> PoolApprovalOut:
        return cls(**{f: getattr(record, f) for f in cls.model_fields})


class PoolPaymentOut(BaseModel):
    id: str
    pool_id: str
    amount: int
    category: str
    effective_date: date
    status: str
    parts: dict[str, int]
    transaction: TransactionOut | None
    approvals: list[PoolApprovalOut]

    @classmethod
    def of(cls, record: PoolPaymentRecord, transaction: TransactionOut | None,
           approvals: list[PoolApprovalRecord]) -> PoolPaymentOut:
        return cls(id=record.id, pool_id=record.pool_id, amount=record.amount, category=record.category,
                   effective_date=record.effective_date, status=record.status, parts=record.parts,
                   transaction=transaction, approvals=[PoolApprovalOut.of(a) for a in approvals])


class PoolMovementOut(BaseModel):
    transaction: TransactionOut | None = Field(description="absent when there was nothing to move")


class PoolDecisionOut(BaseModel):
    approval: PoolApprovalOut
    pool_payment: PoolPaymentOut = Field(description="posted once every part that needed a decision is approved")

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from wallet.http.schemas.common import RequestBody
from wallet.persistence.close_repository import CloseItemRecord, CloseRecord


class PeriodCloseIn(RequestBody):
    period_end: date
    wallet_ids: list[str] | None = Field(None, max_length=10_000, description="omit for every open wallet")
    itemised: bool = Field(True, description=(
        "list every wallet's item; false answers with the counts and totals only, for a close over a whole "
        "book (`GET /v1/period-closes/{id}` lists the items)"))


class ConfirmIn(RequestBody):
    skip_stale: bool = Field(False, description="confirm the wallets that have not changed; mark the rest stale")
    itemised: bool = Field(True, description=(
        "list every wallet's item; false answers with the counts and totals only, for a close over a whole "
        "book (`GET /v1/period-closes/{id}` lists the items)"))


class CloseItemOut(BaseModel):
    wallet_id: str
    status: str
    final: bool
    available: int
    committed: int = Field(description="live holds and payments awaiting approval")
    in_pools: int
    savings: int
    weekly_budget: int
    contingency_cap: int
    contingency_kept: int
    over_cap: int
    aged: int = Field(description="unspent longer than the policy's maximum age")
    surplus: int
    action: str
    reason: str
    postings: list[dict[str, Any]]
    recovered: int
    refunded_to_person: int
    to_savings: int
    to_holder: int
    to_net_off: int = Field(0, description="recovered by netting it off the wallet's next fundings (net_off)")
    float_held: int = Field(0, description="opening float kept as contingency (opening_float_as_contingency)")
    budget_in_period: int | None = Field(None, description="the planned budget for the period's days, if any")
    transaction_id: str | None

    @classmethod
    def of(cls, item: CloseItemRecord) -> CloseItemOut:
        plan = item.plan
        return cls(wallet_id=item.wallet_id, status=item.status, final=item.final, available=item.available,
                   committed=item.committed, in_pools=item.in_pools, savings=item.savings,
                   weekly_budget=item.weekly_budget, contingency_cap=item.contingency_cap,
                   contingency_kept=item.contingency_kept, over_cap=item.over_cap, aged=item.aged,
                   surplus=item.surplus, action=item.action, reason=item.reason, postings=plan["postings"],
                   recovered=plan["recovered"], refunded_to_person=plan["refunded_to_person"],
                   to_savings=plan["to_savings"], to_holder=plan["to_holder"], to_net_off=plan.get("to_net_off") or 0,
                   float_held=plan.get("float_held") or 0, budget_in_period=plan.get("budget_in_period"),
                   transaction_id=item.transaction_id)


class PeriodCloseOut(BaseModel):
    id: str
    period_end: date
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    counts: dict[str, int] = Field(description="the close's items by status (proposed, confirmed, stale)")
    totals: dict[str, int] = Field(description=(
        "over every item: surplus, recovered, refunded_to_person, to_savings, to_holder, to_net_off"))
    items: list[CloseItemOut] = Field(description="every wallet's item; empty when the request was not itemised")

    @classmethod
    def of(cls, close: CloseRecord, items: list[CloseItemRecord], *, itemised: bool = True) -> PeriodCloseOut:
        counts: dict[str, int] = {}
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
        totals = {"surplus": sum(i.surplus for i in items)}
        for name in ("recovered", "refunded_to_person", "to_savings", "to_holder", "to_net_off"):
            totals[name] = sum(int(i.plan.get(name) or 0) for i in items)
        return cls(id=close.id, period_end=close.period_end, status=close.status, created_at=close.created_at,
                   confirmed_at=close.confirmed_at, counts=counts, totals=totals,
                   items=[CloseItemOut.of(i) for i in items] if itemised else [])


class ClosureIn(RequestBody):
    reason: Literal["ended", "death", "moved"]
    effective_date: date
    new_holder_id: str | None = Field(None, max_length=36, description="for reason=moved")


class MoveIn(RequestBody):
    new_holder_id: str = Field(min_length=1, max_length=36)
    effective_date: date | None = Field(None, description="today if omitted")


class HolderMoveIn(RequestBody):
    from_holder_id: str = Field(min_length=1, max_length=36)
    to_holder_id: str = Field(min_length=1, max_length=36)
    effective_date: date


class MoveOut(BaseModel):
    old_wallet_id: str
    new_wallet_id: str
    transaction_id: str | None


class RefusedMove(BaseModel):
    wallet_id: str
    type: str
    detail: str


class HolderMoveOut(BaseModel):
    moved: list[MoveOut]
    refused: list[RefusedMove]

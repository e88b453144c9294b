from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wallet.domain.planned_budgets import BudgetEvery
from wallet.domain.support_plans import format_hours, hours_affordable
from wallet.domain.wallets import Arrangement, Source, format_pounds, hours_of_support
from wallet.http.schemas.common import PositiveAmount, RequestBody, ShortText
from wallet.persistence.types import utc_now
from wallet.usecases.view_wallet import WalletView


class AccreditationIn(RequestBody):
    holder_id: str = Field(min_length=1, max_length=36)
    status: Literal["accredited", "suspended"]


class AccreditationOut(BaseModel):
    holder_id: str
    status: str


class PolicyIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "ISF", "rules": {
        "management_fee": {"percent_bp": 500}, "approval_threshold": 50000, "blocked_categories": ["gambling"],
        "contingency_weeks": 4, "surplus_action": "recover", "hourly_rate": 1750}}]})
    name: ShortText
    rules: dict[str, Any] = Field(default_factory=dict, description="the funder's rules; see the README")


class PolicyRevisionIn(RequestBody):
    rules: dict[str, Any]


class PolicyOut(BaseModel):
    id: str
    name: str
    version: int
    rules: dict[str, Any]
    created_at: datetime


class PlannedBudgetOpeningIn(RequestBody):
    amount: PositiveAmount = Field(description="minor units each `every`")
    every: BudgetEvery = Field(description="1w, 2w, 4w, 1m or 1y: the support plan's budget period")


class WalletIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "person_ref": "ANY-0042", "holder_id": "5b1e2c3d-0000-4000-8000-000000000002", "arrangement": "isf",
        "policy_id": "5b1e2c3d-0000-4000-8000-000000000003", "opened_on": "2026-10-26"}]})
    person_ref: str = Field(min_length=1, max_length=100,
                            description="the funder's own reference for the person; no names or addresses")
    holder_id: str = Field(min_length=1, max_length=36)
    arrangement: Arrangement
    policy_id: str = Field(min_length=1, max_length=36)
    opened_on: date
    planned_budget: PlannedBudgetOpeningIn | None = Field(
        None, description="the support plan's budget from opened_on; change it later at .../planned-budgets")


class Balances(BaseModel):
    available: int
    by_source: dict[str, int]
    committed: int
    awaiting_approval: int
    contingency: int
    in_pools: int
    savings: int
    reserve_drawn: int
    total: int = Field(description="everything still held for the person")


class PlannedHoursOut(BaseModel):
    service_id: str
    provider_ref: str
    hourly_rate: int = Field(description="the agreed rate, minor units an hour")
    hours_affordable: str = Field(description="hours of this service the available money pays for, rounded down")
class WalletSuspension(BaseModel):
    """The wallet's latest suspension (``GET /v1/wallets/{id}/suspensions`` lists them all)."""

    id: str
    starts_on: date
    resumed_on: date | None = Field(description="the first day live again; null until resumed")
    reason: str
    suspended_today: bool = Field(description="whether it covers today (or the as_of day)")


class WalletOut(BaseModel):
    id: str
    person_ref: str
    funder_id: str
    holder_id: str
    arrangement: Arrangement
    policy_id: str
    policy_version: int
    currency: str
    opened_on: date
    status: str
    closed_on: date | None
    closure_reason: str | None
    moved_to_wallet_id: str | None
    moved_from_wallet_id: str | None
    as_of: datetime | None = Field(None, description="only what had been recorded by this moment counts")
    on: date | None = Field(None, description="the value date: every posting dated on or before it counts")
    weekly_budget: int
    balances: Balances
    display: dict[str, str] = Field(description="the balances in plain money")
    hours: dict[str, float] | None = Field(None, description="the balances as hours of support, where the policy sets an hourly rate")
    suspension: WalletSuspension | None = None
    summary: str
    support_plan: list[PlannedHoursOut] | None = Field(
        None, description="on a single wallet: the hours of each planned service the available money pays for")

    @classmethod
    def of(cls, view: WalletView) -> WalletOut:
        wallet, b = view.wallet, view.balances
        amounts = {"available": b.available, "committed": b.committed, "awaiting_approval": b.awaiting_approval,
                   "contingency": b.contingency, "in_pools": b.in_pools, "savings": b.savings,
                   "total": b.held_for_person}
        rate = view.policy.rules.hourly_rate
        hours = {k: hours_of_support(v, rate) or 0.0 for k, v in amounts.items()} if rate else None
        summary = f"You have {format_pounds(b.available, wallet.currency)} available to spend"
        if rate:
            summary += f": about {hours['available']:g} hours of support at {format_pounds(rate)} an hour"  # type: ignore[index]
        if b.committed:
            summary += f". {format_pounds(b.committed)} is set aside for costs already agreed"
        if b.awaiting_approval:
            summary += f". {format_pounds(b.awaiting_approval)} is waiting for approval"
        suspension = None
        if wallet.suspension_id and wallet.suspended_from:
            today = (view.as_of or utc_now()).date()
            suspension = WalletSuspension(id=wallet.suspension_id, starts_on=wallet.suspended_from,
                                          resumed_on=wallet.suspended_until, reason=wallet.suspension_reason or "other",
                                          suspended_today=wallet.suspended_on(today))
            if suspension.suspended_today:
                refused = view.policy.rules.while_suspended.value == "refuse"
                summary += (f". The wallet is suspended from {wallet.suspended_from}: payments "
                            f"{'are refused' if refused else 'wait for the funder'} until it is resumed")
        return cls(
            id=wallet.id, person_ref=wallet.person_ref, funder_id=wallet.funder_id, holder_id=wallet.holder_id,
            arrangement=wallet.arrangement, policy_id=wallet.policy_id, policy_version=view.policy.version,
            currency=wallet.currency, opened_on=wallet.opened_on, status=wallet.status,
            closed_on=wallet.closed_on, closure_reason=wallet.closure_reason,
            moved_to_wallet_id=wallet.moved_to_wallet_id, moved_from_wallet_id=wallet.moved_from_wallet_id,
            as_of=view.as_of, on=view.on, weekly_budget=view.weekly_budget,
            balances=Balances(available=b.available, by_source=b.by_source, committed=b.committed,
                              awaiting_approval=b.awaiting_approval, contingency=b.contingency,
                              in_pools=b.in_pools, savings=b.savings, reserve_drawn=b.reserve_drawn,
                              total=b.held_for_person),
            display={k: format_pounds(v, wallet.currency) for k, v in amounts.items()},
            hours=hours, suspension=suspension, summary=summary + ".",
            support_plan=None if view.planned_services is None else [
                PlannedHoursOut(service_id=s.id, provider_ref=s.provider_ref, hourly_rate=s.hourly_rate,
                                hours_affordable=format_hours(hours_affordable(b.available, s.hourly_rate)))
                for s in view.planned_services],
        )


class FundingIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "amount": 140000, "source": "funder", "effective_date": "2026-10-26", "reference": "4 weeks from 26 Oct"}]})
    amount: PositiveAmount
    source: Source
    effective_date: date
    reference: str | None = Field(None, max_length=200)


class PaymentIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "amount": 25000, "category": "personal_assistant", "payee": "PA-17", "effective_date": "2026-10-29",
        "reference": "timesheet 44"}]})
    amount: PositiveAmount
    category: str = Field(min_length=1, max_length=60, description="what the money is for, e.g. personal_assistant")
    payee: str | None = Field(None, max_length=100, description="the holder's reference for the payee")
    effective_date: date
    reference: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=500)
    service_from: date | None = Field(None, description="the first day of the support this pays for")
    service_to: date | None = Field(None, description="the last day of that support (service_from if omitted)")


class HoldIn(RequestBody):
    amount: PositiveAmount
    category: str = Field(min_length=1, max_length=60)
    payee: str | None = Field(None, max_length=100)
    reference: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=500)
    expires_on: date | None = None


class CaptureIn(RequestBody):
    amount: PositiveAmount | None = Field(None, description="part of the hold to pay; all of it if omitted")
    effective_date: date | None = None
    reference: str | None = Field(None, max_length=200)
    service_from: date | None = Field(None, description="the first day of the support this pays for")
    service_to: date | None = Field(None, description="the last day of that support (service_from if omitted)")


class DecisionIn(RequestBody):
    reason: str | None = Field(None, max_length=500)

"""Support plans and timesheets: what integrators send and read."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wallet.domain.support_plans import format_hours
from wallet.domain.wallets import format_pounds
from wallet.http.schemas.common import PositiveAmount, RequestBody
from wallet.usecases.support_plans import PlannedServiceView, SupportPlanView

HOURS_PATTERN = r"^\d{1,3}(\.\d{1,2})?$"
Hours = Field(pattern=HOURS_PATTERN, description="hours as a decimal string with at most two places, e.g. \"7.5\"")


class PlannedServiceIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "provider_kind": "pa", "provider_ref": "PA-17", "category": "personal_assistant", "hourly_rate": 1750,
        "weekly_hours": "10", "starts_on": "2026-04-06"}]})
    provider_kind: Literal["pa", "provider"] = Field(description="a personal assistant, or a provider (an agency)")
    provider_ref: str = Field(min_length=1, max_length=100, description="the holder's reference for the PA or provider")
    category: str = Field("personal_assistant", min_length=1, max_length=60)
    hourly_rate: PositiveAmount = Field(description="the agreed rate, minor units an hour")
    weekly_hours: str = Hours
    starts_on: date
    ends_on: date | None = None


class PlannedServiceOut(BaseModel):
    id: str
    provider_kind: str
    provider_ref: str
    category: str
    hourly_rate: int = Field(description="minor units an hour")
    weekly_hours: str
    starts_on: date
    ends_on: date | None
    hours_paid_this_week: str = Field(description="hours paid or waiting for approval in the week of `on`")
    hours_left_this_week: str = Field(description="the agreed weekly hours not yet paid this week (never below 0)")
    hours_affordable: str = Field(description="the hours of this service the wallet's available money pays for, "
                                              "rounded down to the hundredth")

    @classmethod
    def of(cls, view: PlannedServiceView) -> PlannedServiceOut:
        s = view.service
        return cls(id=s.id, provider_kind=s.provider_kind.value, provider_ref=s.provider_ref, category=s.category,
                   hourly_rate=s.hourly_rate, weekly_hours=format_hours(s.weekly_hundredths), starts_on=s.starts_on,
                   ends_on=s.ends_on, hours_paid_this_week=format_hours(view.hours_paid_this_week),
                   hours_left_this_week=format_hours(max(s.weekly_hundredths - view.hours_paid_this_week, 0)),
                   hours_affordable=format_hours(view.hours_affordable))


class SupportPlanOut(BaseModel):
    wallet_id: str
    on: date
    available: int = Field(description="minor units available to spend now")
    services: list[PlannedServiceOut]
    summary: str

    @classmethod
    def of(cls, view: SupportPlanView) -> SupportPlanOut:
        services = [PlannedServiceOut.of(s) for s in view.services]
        words = [f"{format_pounds(view.available, view.wallet.currency)} available"]
        words += [f"{s.hours_affordable} hours of {s.provider_ref} at {format_pounds(s.hourly_rate)} an hour"
                  for s in services]
        return cls(wallet_id=view.wallet.id, on=view.on, available=view.available, services=services,
                   summary=words[0] + (" pays for " + "; or ".join(words[1:]) if words[1:] else ""))


class TimesheetIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "service_id": "7f0c…", "hours": "7.5", "service_from": "2026-10-19", "service_to": "2026-10-25",
        "effective_date": "2026-10-29", "reference": "timesheet 44"}]})
    service_id: str = Field(min_length=1, max_length=36, description="the planned service the hours were given under")
    hours: str = Hours
    rate: PositiveAmount | None = Field(None, description="minor units an hour; the agreed rate if omitted")
    service_from: date = Field(description="the first day of support this timesheet pays for")
    service_to: date = Field(description="the last day, in the same Monday-to-Sunday week")
    effective_date: date
    payee: str | None = Field(None, max_length=100, description="the planned service's provider_ref if omitted")
    reference: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=500)


class InvoicesConfirmedOut(BaseModel):
    wallet_id: str
    confirmed_on: date

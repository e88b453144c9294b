from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, StrictBool

from wallet.http.schemas.common import RequestBody
from wallet.persistence.suspension_repository import SuspensionRecord


class SuspensionIn(RequestBody):
    starts_on: date = Field(description="the first day the wallet is suspended (past, today or to come)")
    reason: Literal["investigation", "hospital_stay", "other"]
    pause_schedules: StrictBool = Field(description="true: scheduled funding is not paid for periods starting "
                                                    "while suspended (resuming says whether they are paid then)")
    note: str | None = Field(None, max_length=500, description="the funder's own note; only the funder reads it back")


class ResumeIn(RequestBody):
    resumed_on: date = Field(description="the first day the wallet is live again")
    pay_paused_periods: StrictBool = Field(False, description="true: the next funding run pays the periods the "
                                                              "suspension paused, dated this day; false: they are "
                                                              "not owed")


class SuspensionOut(BaseModel):
    id: str
    wallet_id: str
    starts_on: date
    reason: str
    pause_schedules: bool
    note: str | None
    suspended_by: str
    created_at: datetime
    resumed_on: date | None
    pay_paused_periods: bool | None
    resumed_by: str | None
    resumed_at: datetime | None
    status: Literal["suspended", "resumed"] = Field(
        description="resumed once a resumption is recorded (resumed_on may still be to come)")

    @classmethod
    def of(cls, record: SuspensionRecord) -> SuspensionOut:
        return cls(id=record.id, wallet_id=record.wallet_id, starts_on=record.starts_on, reason=record.reason.value,
                   pause_schedules=record.pause_schedules, note=record.note, suspended_by=record.suspended_by,
                   created_at=record.created_at, resumed_on=record.resumed_on,
                   pay_paused_periods=record.pay_paused_periods, resumed_by=record.resumed_by,
                   resumed_at=record.resumed_at, status="resumed" if record.resumed_on else "suspended")

"""Bulk batches: up to 10,000 wallet changes or payments in one request, each with its own result."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from wallet.domain.batches import (
    MAX_BATCH_ITEMS,
    BatchMode,
    BatchOutcome,
    ItemResult,
    ItemStatus,
)
from wallet.domain.errors import DomainError
from wallet.domain.wallets import Arrangement
from wallet.http.problems import status_for
from wallet.http.schemas.common import PositiveAmount, RequestBody
from wallet.http.schemas.schedules import ScheduleIn
from wallet.http.schemas.wallets import PaymentIn
from wallet.usecases.payment_batch import PaymentItem
from wallet.usecases.wallet_batch import (
    AddScheduleItem,
    ChangeAmountItem,
    EndScheduleItem,
    NewSchedule,
    OpenWalletItem,
    WalletBatchItem,
)

ItemRef = Annotated[str, Field(min_length=1, max_length=100,
                               description="your reference for this item, unique within the batch; echoed in its "
                                           "result. Not personal data")]
Id = Annotated[str, Field(min_length=1, max_length=36)]
MODE = Field(description="`item_by_item`: each item stands or falls alone; `all_or_nothing`: one refusal and "
                         "nothing is stored (answered `422 batch-refused`, every item's result in `items`)")
ITEMS = {"minItems": 1, "maxItems": MAX_BATCH_ITEMS}


def _new_schedule(schedule: ScheduleIn) -> NewSchedule:
    return NewSchedule(amount=schedule.amount, source=schedule.source, every=schedule.every,
                       in_advance=schedule.in_advance, starts_on=schedule.starts_on, ends_on=schedule.ends_on,
                       opening_float=schedule.opening_float)


class OpenWalletBatchItem(RequestBody):
    action: Literal["open"]
    ref: ItemRef
    person_ref: str = Field(min_length=1, max_length=100,
                            description="the funder's own reference for the person; no names or addresses")
    holder_id: Id
    arrangement: Arrangement
    policy_id: Id
    opened_on: date
    schedules: list[ScheduleIn] = Field(default_factory=list, max_length=20,
                                        description="funding schedules set up with the wallet")

    def item(self) -> OpenWalletItem:
        return OpenWalletItem(self.ref, self.person_ref, self.holder_id, self.arrangement, self.policy_id,
                              self.opened_on, tuple(_new_schedule(s) for s in self.schedules))


class AddScheduleBatchItem(RequestBody):
    action: Literal["add_schedule"]
    ref: ItemRef
    wallet_id: Id
    schedule: ScheduleIn

    def item(self) -> AddScheduleItem:
        return AddScheduleItem(self.ref, self.wallet_id, _new_schedule(self.schedule))


class ChangeAmountBatchItem(RequestBody):
    action: Literal["change_amount"]
    ref: ItemRef
    wallet_id: Id
    schedule_id: Id
    amount: PositiveAmount
    effective_from: date = Field(description="periods starting on or after this date pay the new amount")

    def item(self) -> ChangeAmountItem:
        return ChangeAmountItem(self.ref, self.wallet_id, self.schedule_id, self.amount, self.effective_from)


class EndScheduleBatchItem(RequestBody):
    action: Literal["end_schedule"]
    ref: ItemRef
    wallet_id: Id
    schedule_id: Id
    ends_on: date = Field(description="the last day funded; an end only ever moves earlier")

    def item(self) -> EndScheduleItem:
        return EndScheduleItem(self.ref, self.wallet_id, self.schedule_id, self.ends_on)


def _action(value: Any) -> str | None:
    return value.get("action") if isinstance(value, dict) else getattr(value, "action", None)


# Told apart by `action` (a callable discriminator: the strict before-validators every request
# body runs rule out pydantic's field discriminator).
WalletBatchItemIn = Annotated[
    Annotated[OpenWalletBatchItem, Tag("open")] | Annotated[AddScheduleBatchItem, Tag("add_schedule")]
    | Annotated[ChangeAmountBatchItem, Tag("change_amount")] | Annotated[EndScheduleBatchItem, Tag("end_schedule")],
    Discriminator(_action)]


class WalletBatchIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"mode": "item_by_item", "items": [
        {"action": "open", "ref": "case-0042", "person_ref": "ANY-0042",
         "holder_id": "5b1e2c3d-0000-4000-8000-000000000002", "arrangement": "isf",
         "policy_id": "5b1e2c3d-0000-4000-8000-000000000003", "opened_on": "2026-10-26",
         "schedules": [{"amount": 35000, "source": "funder", "every": "1w", "in_advance": True,
                        "starts_on": "2026-10-26"}]},
        {"action": "change_amount", "ref": "case-0017-uplift", "wallet_id": "5b1e2c3d-0000-4000-8000-000000000010",
         "schedule_id": "5b1e2c3d-0000-4000-8000-000000000011", "amount": 38000, "effective_from": "2026-11-02"},
        {"action": "end_schedule", "ref": "case-0009-end", "wallet_id": "5b1e2c3d-0000-4000-8000-000000000020",
         "schedule_id": "5b1e2c3d-0000-4000-8000-000000000021", "ends_on": "2026-11-30"},
    ]}]})
    mode: BatchMode = MODE
    items: list[WalletBatchItemIn] = Field(json_schema_extra=ITEMS,
                                           description="at most 10,000; each `ref` once")

    def domain_items(self) -> list[WalletBatchItem]:
        return [item.item() for item in self.items]


class PaymentBatchItem(PaymentIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "ref": "payroll-44-PA-17", "wallet_id": "5b1e2c3d-0000-4000-8000-000000000010", "amount": 25000,
        "category": "personal_assistant", "payee": "PA-17", "effective_date": "2026-10-29",
        "reference": "timesheet 44"}]})
    ref: ItemRef
    wallet_id: Id

    def item(self) -> PaymentItem:
        return PaymentItem(self.ref, self.wallet_id, self.amount, self.category, self.effective_date,
                           payee=self.payee, reference=self.reference, description=self.description)


class PaymentBatchIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"mode": "item_by_item", "items": [
        {"ref": "payroll-44-PA-17", "wallet_id": "5b1e2c3d-0000-4000-8000-000000000010", "amount": 25000,
         "category": "personal_assistant", "payee": "PA-17", "effective_date": "2026-10-29",
         "reference": "timesheet 44"},
        {"ref": "invoice-981", "wallet_id": "5b1e2c3d-0000-4000-8000-000000000020", "amount": 60000,
         "category": "equipment", "payee": "SUPPLIER-3", "effective_date": "2026-10-29"},
    ]}]})
    mode: BatchMode = MODE
    items: list[PaymentBatchItem] = Field(json_schema_extra=ITEMS, description="at most 10,000; each `ref` once")

    def domain_items(self) -> list[PaymentItem]:
        return [item.item() for item in self.items]


def problem_of(error: DomainError) -> dict[str, Any]:
    """The problem the item's single call would have answered with (its extension members too)."""
    return {**error.extensions, "type": error.type, "title": error.title, "status": status_for(error),
            "detail": error.detail}


class ItemProblem(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = Field(description="the problem type the single call answers with, e.g. insufficient-funds")
    title: str
    status: int
    detail: str


class WalletBatchItemOut(BaseModel):
    index: int = Field(description="the item's place in the request, from 0")
    ref: str
    status: ItemStatus = Field(description="applied, refused, or (all or nothing) not_applied")
    wallet_id: str | None = Field(None, description="the wallet opened or changed")
    schedule_ids: list[str] = Field(default_factory=list, description="the schedules set up, changed or ended")
    problem: ItemProblem | None = Field(None, description="why it was refused")

    @classmethod
    def of(cls, result: ItemResult) -> WalletBatchItemOut:
        return cls(index=result.index, ref=result.ref, status=result.status, **result.ids,
                   problem=problem_of(result.error) if result.error else None)


class PaymentBatchItemOut(BaseModel):
    index: int = Field(description="the item's place in the request, from 0")
    ref: str
    status: ItemStatus = Field(description="posted, awaiting_approval, refused, or (all or nothing) not_applied")
    wallet_id: str | None = None
    transaction_id: str | None = Field(None, description="the payment, or the reservation awaiting approval")
    approval_id: str | None = Field(None, description="awaiting approval: decide it with POST /v1/approvals/{id}/…")
    problem: ItemProblem | None = Field(None, description="why it was refused")

    @classmethod
    def of(cls, result: ItemResult) -> PaymentBatchItemOut:
        return cls(index=result.index, ref=result.ref, status=result.status, **result.ids,
                   problem=problem_of(result.error) if result.error else None)


COUNTS = Field(description="how many items ended in each status")


class WalletBatchOut(BaseModel):
    mode: BatchMode
    counts: dict[str, int] = COUNTS
    items: list[WalletBatchItemOut] = Field(description="one result per item, in request order")

    @classmethod
    def of(cls, outcome: BatchOutcome) -> WalletBatchOut:
        return cls(mode=outcome.mode, counts=outcome.counts, items=[WalletBatchItemOut.of(r) for r in outcome.items])


class PaymentBatchOut(BaseModel):
    mode: BatchMode
    counts: dict[str, int] = COUNTS
    items: list[PaymentBatchItemOut] = Field(description="one result per item, in request order")

    @classmethod
    def of(cls, outcome: BatchOutcome) -> PaymentBatchOut:
        return cls(mode=outcome.mode, counts=outcome.counts, items=[PaymentBatchItemOut.of(r) for r in outcome.items])

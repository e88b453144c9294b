from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChangeAmountBatchItem")


@_attrs_define
class ChangeAmountBatchItem:
    """
    Attributes:
        action (Literal['change_amount']):
        amount (int): minor units (pence)
        effective_from (datetime.date): periods starting on or after this date pay the new amount
        ref (str): your reference for this item, unique within the batch; echoed in its result. Not personal data
        schedule_id (str):
        wallet_id (str):
    """

    action: Literal["change_amount"]
    amount: int
    effective_from: datetime.date
    ref: str
    schedule_id: str
    wallet_id: str

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        amount = self.amount

        effective_from = self.effective_from.isoformat()

        ref = self.ref

        schedule_id = self.schedule_id

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "amount": amount,
                "effective_from": effective_from,
                "ref": ref,
                "schedule_id": schedule_id,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = cast(Literal["change_amount"], d.pop("action"))
        if action != "change_amount":
            raise ValueError(f"action must match const 'change_amount', got '{action}'")

        amount = d.pop("amount")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        ref = d.pop("ref")

        schedule_id = d.pop("schedule_id")

        wallet_id = d.pop("wallet_id")

        change_amount_batch_item = cls(
            action=action,
            amount=amount,
            effective_from=effective_from,
            ref=ref,
            schedule_id=schedule_id,
            wallet_id=wallet_id,
        )

        return change_amount_batch_item

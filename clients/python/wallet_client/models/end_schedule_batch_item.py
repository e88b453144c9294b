from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="EndScheduleBatchItem")


@_attrs_define
class EndScheduleBatchItem:
    """
    Attributes:
        action (Literal['end_schedule']):
        ends_on (datetime.date): the last day funded; an end only ever moves earlier
        ref (str): your reference for this item, unique within the batch; echoed in its result. Not personal data
        schedule_id (str):
        wallet_id (str):
    """

    action: Literal["end_schedule"]
    ends_on: datetime.date
    ref: str
    schedule_id: str
    wallet_id: str

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        ends_on = self.ends_on.isoformat()

        ref = self.ref

        schedule_id = self.schedule_id

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "ends_on": ends_on,
                "ref": ref,
                "schedule_id": schedule_id,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = cast(Literal["end_schedule"], d.pop("action"))
        if action != "end_schedule":
            raise ValueError(f"action must match const 'end_schedule', got '{action}'")

        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        ref = d.pop("ref")

        schedule_id = d.pop("schedule_id")

        wallet_id = d.pop("wallet_id")

        end_schedule_batch_item = cls(
            action=action,
            ends_on=ends_on,
            ref=ref,
            schedule_id=schedule_id,
            wallet_id=wallet_id,
        )

        return end_schedule_batch_item

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.schedule_in import ScheduleIn


T = TypeVar("T", bound="AddScheduleBatchItem")


@_attrs_define
class AddScheduleBatchItem:
    """
    Attributes:
        action (Literal['add_schedule']):
        ref (str): your reference for this item, unique within the batch; echoed in its result. Not personal data
        schedule (ScheduleIn):
        wallet_id (str):
    """

    action: Literal["add_schedule"]
    ref: str
    schedule: ScheduleIn
    wallet_id: str

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        ref = self.ref

        schedule = self.schedule.to_dict()

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "ref": ref,
                "schedule": schedule,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.schedule_in import ScheduleIn  # noqa: PLC0415

        d = dict(src_dict)
        action = cast(Literal["add_schedule"], d.pop("action"))
        if action != "add_schedule":
            raise ValueError(f"action must match const 'add_schedule', got '{action}'")

        ref = d.pop("ref")

        schedule = ScheduleIn.from_dict(d.pop("schedule"))

        wallet_id = d.pop("wallet_id")

        add_schedule_batch_item = cls(
            action=action,
            ref=ref,
            schedule=schedule,
            wallet_id=wallet_id,
        )

        return add_schedule_batch_item

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.arrangement import Arrangement
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.schedule_in import ScheduleIn


T = TypeVar("T", bound="OpenWalletBatchItem")


@_attrs_define
class OpenWalletBatchItem:
    """
    Attributes:
        action (Literal['open']):
        arrangement (Arrangement):
        holder_id (str):
        opened_on (datetime.date):
        person_ref (str): the funder's own reference for the person; no names or addresses
        policy_id (str):
        ref (str): your reference for this item, unique within the batch; echoed in its result. Not personal data
        schedules (list[ScheduleIn] | Unset): funding schedules set up with the wallet
    """

    action: Literal["open"]
    arrangement: Arrangement
    holder_id: str
    opened_on: datetime.date
    person_ref: str
    policy_id: str
    ref: str
    schedules: list[ScheduleIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        arrangement = self.arrangement.value

        holder_id = self.holder_id

        opened_on = self.opened_on.isoformat()

        person_ref = self.person_ref

        policy_id = self.policy_id

        ref = self.ref

        schedules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.schedules, Unset):
            schedules = []
            for schedules_item_data in self.schedules:
                schedules_item = schedules_item_data.to_dict()
                schedules.append(schedules_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "arrangement": arrangement,
                "holder_id": holder_id,
                "opened_on": opened_on,
                "person_ref": person_ref,
                "policy_id": policy_id,
                "ref": ref,
            }
        )
        if schedules is not UNSET:
            field_dict["schedules"] = schedules

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.schedule_in import ScheduleIn  # noqa: PLC0415

        d = dict(src_dict)
        action = cast(Literal["open"], d.pop("action"))
        if action != "open":
            raise ValueError(f"action must match const 'open', got '{action}'")

        arrangement = Arrangement(d.pop("arrangement"))

        holder_id = d.pop("holder_id")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        person_ref = d.pop("person_ref")

        policy_id = d.pop("policy_id")

        ref = d.pop("ref")

        _schedules = d.pop("schedules", UNSET)
        schedules: list[ScheduleIn] | Unset = UNSET
        if _schedules is not UNSET:
            schedules = []
            for schedules_item_data in _schedules:
                schedules_item = ScheduleIn.from_dict(schedules_item_data)

                schedules.append(schedules_item)

        open_wallet_batch_item = cls(
            action=action,
            arrangement=arrangement,
            holder_id=holder_id,
            opened_on=opened_on,
            person_ref=person_ref,
            policy_id=policy_id,
            ref=ref,
            schedules=schedules,
        )

        return open_wallet_batch_item

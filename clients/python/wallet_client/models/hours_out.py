from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HoursOut")


@_attrs_define
class HoursOut:
    """What the money means in support, at the policy's hourly rate, rounded down.

    Attributes:
        display (str):
        held_at_end (float): hours what was held at the end would pay for
        hourly_rate (int): minor units an hour
        paid_for (float): hours the period's money out paid for
        planned_per_week (float | None | Unset): hours a week the weekly budget pays for (the planned budget's, else the
            schedules')
    """

    display: str
    held_at_end: float
    hourly_rate: int
    paid_for: float
    planned_per_week: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display = self.display

        held_at_end = self.held_at_end

        hourly_rate = self.hourly_rate

        paid_for = self.paid_for

        planned_per_week: float | None | Unset
        if isinstance(self.planned_per_week, Unset):
            planned_per_week = UNSET
        else:
            planned_per_week = self.planned_per_week

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "display": display,
                "held_at_end": held_at_end,
                "hourly_rate": hourly_rate,
                "paid_for": paid_for,
            }
        )
        if planned_per_week is not UNSET:
            field_dict["planned_per_week"] = planned_per_week

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display = d.pop("display")

        held_at_end = d.pop("held_at_end")

        hourly_rate = d.pop("hourly_rate")

        paid_for = d.pop("paid_for")

        def _parse_planned_per_week(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        planned_per_week = _parse_planned_per_week(d.pop("planned_per_week", UNSET))

        hours_out = cls(
            display=display,
            held_at_end=held_at_end,
            hourly_rate=hourly_rate,
            paid_for=paid_for,
            planned_per_week=planned_per_week,
        )

        hours_out.additional_properties = d
        return hours_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

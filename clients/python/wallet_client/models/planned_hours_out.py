from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlannedHoursOut")


@_attrs_define
class PlannedHoursOut:
    """
    Attributes:
        hourly_rate (int): the agreed rate, minor units an hour
        hours_affordable (str): hours of this service the available money pays for, rounded down
        provider_ref (str):
        service_id (str):
    """

    hourly_rate: int
    hours_affordable: str
    provider_ref: str
    service_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hourly_rate = self.hourly_rate

        hours_affordable = self.hours_affordable

        provider_ref = self.provider_ref

        service_id = self.service_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hourly_rate": hourly_rate,
                "hours_affordable": hours_affordable,
                "provider_ref": provider_ref,
                "service_id": service_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hourly_rate = d.pop("hourly_rate")

        hours_affordable = d.pop("hours_affordable")

        provider_ref = d.pop("provider_ref")

        service_id = d.pop("service_id")

        planned_hours_out = cls(
            hourly_rate=hourly_rate,
            hours_affordable=hours_affordable,
            provider_ref=provider_ref,
            service_id=service_id,
        )

        planned_hours_out.additional_properties = d
        return planned_hours_out

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

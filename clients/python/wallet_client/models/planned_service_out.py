from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlannedServiceOut")


@_attrs_define
class PlannedServiceOut:
    """
    Attributes:
        category (str):
        ends_on (datetime.date | None):
        hourly_rate (int): minor units an hour
        hours_affordable (str): the hours of this service the wallet's available money pays for, rounded down to the
            hundredth
        hours_left_this_week (str): the agreed weekly hours not yet paid this week (never below 0)
        hours_paid_this_week (str): hours paid or waiting for approval in the week of `on`
        id (str):
        provider_kind (str):
        provider_ref (str):
        starts_on (datetime.date):
        weekly_hours (str):
    """

    category: str
    ends_on: datetime.date | None
    hourly_rate: int
    hours_affordable: str
    hours_left_this_week: str
    hours_paid_this_week: str
    id: str
    provider_kind: str
    provider_ref: str
    starts_on: datetime.date
    weekly_hours: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        hourly_rate = self.hourly_rate

        hours_affordable = self.hours_affordable

        hours_left_this_week = self.hours_left_this_week

        hours_paid_this_week = self.hours_paid_this_week

        id = self.id

        provider_kind = self.provider_kind

        provider_ref = self.provider_ref

        starts_on = self.starts_on.isoformat()

        weekly_hours = self.weekly_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "ends_on": ends_on,
                "hourly_rate": hourly_rate,
                "hours_affordable": hours_affordable,
                "hours_left_this_week": hours_left_this_week,
                "hours_paid_this_week": hours_paid_this_week,
                "id": id,
                "provider_kind": provider_kind,
                "provider_ref": provider_ref,
                "starts_on": starts_on,
                "weekly_hours": weekly_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))

        hourly_rate = d.pop("hourly_rate")

        hours_affordable = d.pop("hours_affordable")

        hours_left_this_week = d.pop("hours_left_this_week")

        hours_paid_this_week = d.pop("hours_paid_this_week")

        id = d.pop("id")

        provider_kind = d.pop("provider_kind")

        provider_ref = d.pop("provider_ref")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        weekly_hours = d.pop("weekly_hours")

        planned_service_out = cls(
            category=category,
            ends_on=ends_on,
            hourly_rate=hourly_rate,
            hours_affordable=hours_affordable,
            hours_left_this_week=hours_left_this_week,
            hours_paid_this_week=hours_paid_this_week,
            id=id,
            provider_kind=provider_kind,
            provider_ref=provider_ref,
            starts_on=starts_on,
            weekly_hours=weekly_hours,
        )

        planned_service_out.additional_properties = d
        return planned_service_out

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

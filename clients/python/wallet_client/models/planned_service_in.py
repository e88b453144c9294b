from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.planned_service_in_provider_kind import PlannedServiceInProviderKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlannedServiceIn")


@_attrs_define
class PlannedServiceIn:
    """
    Attributes:
        hourly_rate (int): the agreed rate, minor units an hour
        provider_kind (PlannedServiceInProviderKind): a personal assistant, or a provider (an agency)
        provider_ref (str): the holder's reference for the PA or provider
        starts_on (datetime.date):
        weekly_hours (str): hours as a decimal string with at most two places, e.g. "7.5"
        category (str | Unset):  Default: 'personal_assistant'.
        ends_on (datetime.date | None | Unset):
    """

    hourly_rate: int
    provider_kind: PlannedServiceInProviderKind
    provider_ref: str
    starts_on: datetime.date
    weekly_hours: str
    category: str | Unset = "personal_assistant"
    ends_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        hourly_rate = self.hourly_rate

        provider_kind = self.provider_kind.value

        provider_ref = self.provider_ref

        starts_on = self.starts_on.isoformat()

        weekly_hours = self.weekly_hours

        category = self.category

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "hourly_rate": hourly_rate,
                "provider_kind": provider_kind,
                "provider_ref": provider_ref,
                "starts_on": starts_on,
                "weekly_hours": weekly_hours,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hourly_rate = d.pop("hourly_rate")

        provider_kind = PlannedServiceInProviderKind(d.pop("provider_kind"))

        provider_ref = d.pop("provider_ref")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        weekly_hours = d.pop("weekly_hours")

        category = d.pop("category", UNSET)

        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))

        planned_service_in = cls(
            hourly_rate=hourly_rate,
            provider_kind=provider_kind,
            provider_ref=provider_ref,
            starts_on=starts_on,
            weekly_hours=weekly_hours,
            category=category,
            ends_on=ends_on,
        )

        return planned_service_in

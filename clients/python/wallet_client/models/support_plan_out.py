from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.planned_service_out import PlannedServiceOut


T = TypeVar("T", bound="SupportPlanOut")


@_attrs_define
class SupportPlanOut:
    """
    Attributes:
        available (int): minor units available to spend now
        on (datetime.date):
        services (list[PlannedServiceOut]):
        summary (str):
        wallet_id (str):
    """

    available: int
    on: datetime.date
    services: list[PlannedServiceOut]
    summary: str
    wallet_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        on = self.on.isoformat()

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        summary = self.summary

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "on": on,
                "services": services,
                "summary": summary,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.planned_service_out import PlannedServiceOut  # noqa: PLC0415

        d = dict(src_dict)
        available = d.pop("available")

        on = datetime.date.fromisoformat(d.pop("on"))

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = PlannedServiceOut.from_dict(services_item_data)

            services.append(services_item)

        summary = d.pop("summary")

        wallet_id = d.pop("wallet_id")

        support_plan_out = cls(
            available=available,
            on=on,
            services=services,
            summary=summary,
            wallet_id=wallet_id,
        )

        support_plan_out.additional_properties = d
        return support_plan_out

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

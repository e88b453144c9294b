from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WalletSuspension")


@_attrs_define
class WalletSuspension:
    """The wallet's latest suspension (``GET /v1/wallets/{id}/suspensions`` lists them all).

    Attributes:
        id (str):
        reason (str):
        resumed_on (datetime.date | None): the first day live again; null until resumed
        starts_on (datetime.date):
        suspended_today (bool): whether it covers today (or the as_of day)
    """

    id: str
    reason: str
    resumed_on: datetime.date | None
    starts_on: datetime.date
    suspended_today: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reason = self.reason

        resumed_on: None | str
        if isinstance(self.resumed_on, datetime.date):
            resumed_on = self.resumed_on.isoformat()
        else:
            resumed_on = self.resumed_on

        starts_on = self.starts_on.isoformat()

        suspended_today = self.suspended_today

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "reason": reason,
                "resumed_on": resumed_on,
                "starts_on": starts_on,
                "suspended_today": suspended_today,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        reason = d.pop("reason")

        def _parse_resumed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resumed_on_type_0 = datetime.date.fromisoformat(data)

                return resumed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        resumed_on = _parse_resumed_on(d.pop("resumed_on"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        suspended_today = d.pop("suspended_today")

        wallet_suspension = cls(
            id=id,
            reason=reason,
            resumed_on=resumed_on,
            starts_on=starts_on,
            suspended_today=suspended_today,
        )

        wallet_suspension.additional_properties = d
        return wallet_suspension

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

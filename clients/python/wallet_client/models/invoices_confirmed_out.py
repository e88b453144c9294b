from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvoicesConfirmedOut")


@_attrs_define
class InvoicesConfirmedOut:
    """
    Attributes:
        confirmed_on (datetime.date):
        wallet_id (str):
    """

    confirmed_on: datetime.date
    wallet_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmed_on = self.confirmed_on.isoformat()

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confirmed_on": confirmed_on,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        confirmed_on = datetime.date.fromisoformat(d.pop("confirmed_on"))

        wallet_id = d.pop("wallet_id")

        invoices_confirmed_out = cls(
            confirmed_on=confirmed_on,
            wallet_id=wallet_id,
        )

        invoices_confirmed_out.additional_properties = d
        return invoices_confirmed_out

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

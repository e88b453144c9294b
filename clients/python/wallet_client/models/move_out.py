from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MoveOut")


@_attrs_define
class MoveOut:
    """
    Attributes:
        new_wallet_id (str):
        old_wallet_id (str):
        transaction_id (None | str):
    """

    new_wallet_id: str
    old_wallet_id: str
    transaction_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        new_wallet_id = self.new_wallet_id

        old_wallet_id = self.old_wallet_id

        transaction_id: None | str
        transaction_id = self.transaction_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "new_wallet_id": new_wallet_id,
                "old_wallet_id": old_wallet_id,
                "transaction_id": transaction_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        new_wallet_id = d.pop("new_wallet_id")

        old_wallet_id = d.pop("old_wallet_id")

        def _parse_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id"))

        move_out = cls(
            new_wallet_id=new_wallet_id,
            old_wallet_id=old_wallet_id,
            transaction_id=transaction_id,
        )

        move_out.additional_properties = d
        return move_out

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

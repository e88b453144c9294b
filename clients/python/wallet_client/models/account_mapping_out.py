from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mapped_account_out import MappedAccountOut


T = TypeVar("T", bound="AccountMappingOut")


@_attrs_define
class AccountMappingOut:
    """
    Attributes:
        accounts (list[MappedAccountOut]):
        holder_id (str):
    """

    accounts: list[MappedAccountOut]
    holder_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)

        holder_id = self.holder_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accounts": accounts,
                "holder_id": holder_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mapped_account_out import MappedAccountOut  # noqa: PLC0415

        d = dict(src_dict)
        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in _accounts:
            accounts_item = MappedAccountOut.from_dict(accounts_item_data)

            accounts.append(accounts_item)

        holder_id = d.pop("holder_id")

        account_mapping_out = cls(
            accounts=accounts,
            holder_id=holder_id,
        )

        account_mapping_out.additional_properties = d
        return account_mapping_out

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

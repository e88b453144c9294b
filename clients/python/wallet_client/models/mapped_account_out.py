from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ledger_account import LedgerAccount

T = TypeVar("T", bound="MappedAccountOut")


@_attrs_define
class MappedAccountOut:
    """
    Attributes:
        account (LedgerAccount): The kinds of ledger account a holder maps to its own nominal codes.
        code (str): the holder's nominal code, or the default when it has set none
        default_code (str):
        is_default (bool):
        name (str): what it holds, in plain words
    """

    account: LedgerAccount
    code: str
    default_code: str
    is_default: bool
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account.value

        code = self.code

        default_code = self.default_code

        is_default = self.is_default

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "code": code,
                "default_code": default_code,
                "is_default": is_default,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = LedgerAccount(d.pop("account"))

        code = d.pop("code")

        default_code = d.pop("default_code")

        is_default = d.pop("is_default")

        name = d.pop("name")

        mapped_account_out = cls(
            account=account,
            code=code,
            default_code=default_code,
            is_default=is_default,
            name=name,
        )

        mapped_account_out.additional_properties = d
        return mapped_account_out

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

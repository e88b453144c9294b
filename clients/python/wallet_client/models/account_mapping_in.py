from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.account_mapping_in_codes import AccountMappingInCodes


T = TypeVar("T", bound="AccountMappingIn")


@_attrs_define
class AccountMappingIn:
    """
    Attributes:
        codes (AccountMappingInCodes): {kind of ledger account: nominal code} for the kinds to map; every kind left out
            takes its default code. Codes are 1 to 10 letters or digits.
    """

    codes: AccountMappingInCodes

    def to_dict(self) -> dict[str, Any]:
        codes = self.codes.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "codes": codes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_mapping_in_codes import AccountMappingInCodes  # noqa: PLC0415

        d = dict(src_dict)
        codes = AccountMappingInCodes.from_dict(d.pop("codes"))

        account_mapping_in = cls(
            codes=codes,
        )

        return account_mapping_in

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeyIn")


@_attrs_define
class ApiKeyIn:
    """
    Attributes:
        organisation_id (str):
        role (Role):
        wallet_id (None | str | Unset):
    """

    organisation_id: str
    role: Role
    wallet_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        organisation_id = self.organisation_id

        role = self.role.value

        wallet_id: None | str | Unset
        if isinstance(self.wallet_id, Unset):
            wallet_id = UNSET
        else:
            wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organisation_id": organisation_id,
                "role": role,
            }
        )
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation_id = d.pop("organisation_id")

        role = Role(d.pop("role"))

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))

        api_key_in = cls(
            organisation_id=organisation_id,
            role=role,
            wallet_id=wallet_id,
        )

        return api_key_in

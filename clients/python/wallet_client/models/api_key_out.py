from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

T = TypeVar("T", bound="ApiKeyOut")


@_attrs_define
class ApiKeyOut:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        key (str): the secret key; shown once and never stored
        organisation_id (str):
        prefix (str):
        role (Role):
        wallet_id (None | str):
    """

    created_at: datetime.datetime
    id: str
    key: str
    organisation_id: str
    prefix: str
    role: Role
    wallet_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        key = self.key

        organisation_id = self.organisation_id

        prefix = self.prefix

        role = self.role.value

        wallet_id: None | str
        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "key": key,
                "organisation_id": organisation_id,
                "prefix": prefix,
                "role": role,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        key = d.pop("key")

        organisation_id = d.pop("organisation_id")

        prefix = d.pop("prefix")

        role = Role(d.pop("role"))

        def _parse_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id"))

        api_key_out = cls(
            created_at=created_at,
            id=id,
            key=key,
            organisation_id=organisation_id,
            prefix=prefix,
            role=role,
            wallet_id=wallet_id,
        )

        api_key_out.additional_properties = d
        return api_key_out

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

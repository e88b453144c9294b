from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PersonLinkOut")


@_attrs_define
class PersonLinkOut:
    """
    Attributes:
        created_at (datetime.datetime):
        expires_at (datetime.datetime): the link stops working at this moment if it has not been used
        id (str):
        url (str): the one-time sign-in address to give the person; shown in this response only (a retry with the same
            Idempotency-Key gets a fresh one, and the first stops working)
        wallet_id (str):
    """

    created_at: datetime.datetime
    expires_at: datetime.datetime
    id: str
    url: str
    wallet_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        id = self.id

        url = self.url

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "expires_at": expires_at,
                "id": id,
                "url": url,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        url = d.pop("url")

        wallet_id = d.pop("wallet_id")

        person_link_out = cls(
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            url=url,
            wallet_id=wallet_id,
        )

        person_link_out.additional_properties = d
        return person_link_out

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

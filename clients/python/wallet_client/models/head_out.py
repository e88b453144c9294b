from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HeadOut")


@_attrs_define
class HeadOut:
    """
    Attributes:
        algorithm (None | str): Ed25519, or null when the deployment has no signing key
        count (int): transactions on the chain
        hash_ (str): the hash of the last link (sha256, hex); 64 zeros for an empty journal
        message (str): the exact text signed, UTF-8
        public_key (None | str): raw Ed25519 public key, base64
        signature (None | str): signature over `message`, base64
        signed_at (datetime.datetime):
    """

    algorithm: None | str
    count: int
    hash_: str
    message: str
    public_key: None | str
    signature: None | str
    signed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        algorithm: None | str
        algorithm = self.algorithm

        count = self.count

        hash_ = self.hash_

        message = self.message

        public_key: None | str
        public_key = self.public_key

        signature: None | str
        signature = self.signature

        signed_at = self.signed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "algorithm": algorithm,
                "count": count,
                "hash": hash_,
                "message": message,
                "public_key": public_key,
                "signature": signature,
                "signed_at": signed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_algorithm(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        algorithm = _parse_algorithm(d.pop("algorithm"))

        count = d.pop("count")

        hash_ = d.pop("hash")

        message = d.pop("message")

        def _parse_public_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        public_key = _parse_public_key(d.pop("public_key"))

        def _parse_signature(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        signature = _parse_signature(d.pop("signature"))

        signed_at = datetime.datetime.fromisoformat(d.pop("signed_at"))

        head_out = cls(
            algorithm=algorithm,
            count=count,
            hash_=hash_,
            message=message,
            public_key=public_key,
            signature=signature,
            signed_at=signed_at,
        )

        head_out.additional_properties = d
        return head_out

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

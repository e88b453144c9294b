from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuditGrantOut")


@_attrs_define
class AuditGrantOut:
    """
    Attributes:
        all_wallets (bool):
        auditor_id (str):
        created_at (datetime.datetime):
        funder_id (str):
        id (str):
        revoked_at (datetime.datetime | None):
        wallet_ids (list[str]):
    """

    all_wallets: bool
    auditor_id: str
    created_at: datetime.datetime
    funder_id: str
    id: str
    revoked_at: datetime.datetime | None
    wallet_ids: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        all_wallets = self.all_wallets

        auditor_id = self.auditor_id

        created_at = self.created_at.isoformat()

        funder_id = self.funder_id

        id = self.id

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        wallet_ids = self.wallet_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "all_wallets": all_wallets,
                "auditor_id": auditor_id,
                "created_at": created_at,
                "funder_id": funder_id,
                "id": id,
                "revoked_at": revoked_at,
                "wallet_ids": wallet_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        all_wallets = d.pop("all_wallets")

        auditor_id = d.pop("auditor_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        funder_id = d.pop("funder_id")

        id = d.pop("id")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        wallet_ids = cast(list[str], d.pop("wallet_ids"))

        audit_grant_out = cls(
            all_wallets=all_wallets,
            auditor_id=auditor_id,
            created_at=created_at,
            funder_id=funder_id,
            id=id,
            revoked_at=revoked_at,
            wallet_ids=wallet_ids,
        )

        audit_grant_out.additional_properties = d
        return audit_grant_out

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

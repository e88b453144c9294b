from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_entry_out_details import AuditEntryOutDetails


T = TypeVar("T", bound="AuditEntryOut")


@_attrs_define
class AuditEntryOut:
    """
    Attributes:
        action (str):
        details (AuditEntryOutDetails):
        funder_id (None | str):
        holder_id (None | str):
        id (int):
        key_id (None | str):
        object_id (None | str):
        object_type (str):
        organisation_id (None | str): who: the caller's organisation (null: the system itself)
        recorded_at (datetime.datetime):
        request_id (None | str): the X-Request-ID of the request that made the change
        role (None | str):
        wallet_id (None | str):
    """

    action: str
    details: AuditEntryOutDetails
    funder_id: None | str
    holder_id: None | str
    id: int
    key_id: None | str
    object_id: None | str
    object_type: str
    organisation_id: None | str
    recorded_at: datetime.datetime
    request_id: None | str
    role: None | str
    wallet_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        details = self.details.to_dict()

        funder_id: None | str
        funder_id = self.funder_id

        holder_id: None | str
        holder_id = self.holder_id

        id = self.id

        key_id: None | str
        key_id = self.key_id

        object_id: None | str
        object_id = self.object_id

        object_type = self.object_type

        organisation_id: None | str
        organisation_id = self.organisation_id

        recorded_at = self.recorded_at.isoformat()

        request_id: None | str
        request_id = self.request_id

        role: None | str
        role = self.role

        wallet_id: None | str
        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "details": details,
                "funder_id": funder_id,
                "holder_id": holder_id,
                "id": id,
                "key_id": key_id,
                "object_id": object_id,
                "object_type": object_type,
                "organisation_id": organisation_id,
                "recorded_at": recorded_at,
                "request_id": request_id,
                "role": role,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out_details import AuditEntryOutDetails  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        details = AuditEntryOutDetails.from_dict(d.pop("details"))

        def _parse_funder_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        funder_id = _parse_funder_id(d.pop("funder_id"))

        def _parse_holder_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        holder_id = _parse_holder_id(d.pop("holder_id"))

        id = d.pop("id")

        def _parse_key_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key_id = _parse_key_id(d.pop("key_id"))

        def _parse_object_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        object_id = _parse_object_id(d.pop("object_id"))

        object_type = d.pop("object_type")

        def _parse_organisation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))

        def _parse_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id"))

        audit_entry_out = cls(
            action=action,
            details=details,
            funder_id=funder_id,
            holder_id=holder_id,
            id=id,
            key_id=key_id,
            object_id=object_id,
            object_type=object_type,
            organisation_id=organisation_id,
            recorded_at=recorded_at,
            request_id=request_id,
            role=role,
            wallet_id=wallet_id,
        )

        audit_entry_out.additional_properties = d
        return audit_entry_out

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

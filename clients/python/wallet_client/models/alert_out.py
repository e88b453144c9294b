from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.alert_out_details import AlertOutDetails


T = TypeVar("T", bound="AlertOut")


@_attrs_define
class AlertOut:
    """
    Attributes:
        acknowledged_at (datetime.datetime | None):
        details (AlertOutDetails):
        id (str):
        kind (str):
        message (str):
        raised_at (datetime.datetime):
        wallet_id (None | str):
    """

    acknowledged_at: datetime.datetime | None
    details: AlertOutDetails
    id: str
    kind: str
    message: str
    raised_at: datetime.datetime
    wallet_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acknowledged_at: None | str
        if isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        details = self.details.to_dict()

        id = self.id

        kind = self.kind

        message = self.message

        raised_at = self.raised_at.isoformat()

        wallet_id: None | str
        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged_at": acknowledged_at,
                "details": details,
                "id": id,
                "kind": kind,
                "message": message,
                "raised_at": raised_at,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_out_details import AlertOutDetails  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_acknowledged_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)

                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at"))

        details = AlertOutDetails.from_dict(d.pop("details"))

        id = d.pop("id")

        kind = d.pop("kind")

        message = d.pop("message")

        raised_at = datetime.datetime.fromisoformat(d.pop("raised_at"))

        def _parse_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id"))

        alert_out = cls(
            acknowledged_at=acknowledged_at,
            details=details,
            id=id,
            kind=kind,
            message=message,
            raised_at=raised_at,
            wallet_id=wallet_id,
        )

        alert_out.additional_properties = d
        return alert_out

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

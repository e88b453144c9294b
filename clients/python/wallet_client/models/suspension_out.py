from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.suspension_out_status import SuspensionOutStatus

T = TypeVar("T", bound="SuspensionOut")


@_attrs_define
class SuspensionOut:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        note (None | str):
        pause_schedules (bool):
        pay_paused_periods (bool | None):
        reason (str):
        resumed_at (datetime.datetime | None):
        resumed_by (None | str):
        resumed_on (datetime.date | None):
        starts_on (datetime.date):
        status (SuspensionOutStatus): resumed once a resumption is recorded (resumed_on may still be to come)
        suspended_by (str):
        wallet_id (str):
    """

    created_at: datetime.datetime
    id: str
    note: None | str
    pause_schedules: bool
    pay_paused_periods: bool | None
    reason: str
    resumed_at: datetime.datetime | None
    resumed_by: None | str
    resumed_on: datetime.date | None
    starts_on: datetime.date
    status: SuspensionOutStatus
    suspended_by: str
    wallet_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        note: None | str
        note = self.note

        pause_schedules = self.pause_schedules

        pay_paused_periods: bool | None
        pay_paused_periods = self.pay_paused_periods

        reason = self.reason

        resumed_at: None | str
        if isinstance(self.resumed_at, datetime.datetime):
            resumed_at = self.resumed_at.isoformat()
        else:
            resumed_at = self.resumed_at

        resumed_by: None | str
        resumed_by = self.resumed_by

        resumed_on: None | str
        if isinstance(self.resumed_on, datetime.date):
            resumed_on = self.resumed_on.isoformat()
        else:
            resumed_on = self.resumed_on

        starts_on = self.starts_on.isoformat()

        status = self.status.value

        suspended_by = self.suspended_by

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "note": note,
                "pause_schedules": pause_schedules,
                "pay_paused_periods": pay_paused_periods,
                "reason": reason,
                "resumed_at": resumed_at,
                "resumed_by": resumed_by,
                "resumed_on": resumed_on,
                "starts_on": starts_on,
                "status": status,
                "suspended_by": suspended_by,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        pause_schedules = d.pop("pause_schedules")

        def _parse_pay_paused_periods(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        pay_paused_periods = _parse_pay_paused_periods(d.pop("pay_paused_periods"))

        reason = d.pop("reason")

        def _parse_resumed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resumed_at_type_0 = datetime.datetime.fromisoformat(data)

                return resumed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resumed_at = _parse_resumed_at(d.pop("resumed_at"))

        def _parse_resumed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resumed_by = _parse_resumed_by(d.pop("resumed_by"))

        def _parse_resumed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resumed_on_type_0 = datetime.date.fromisoformat(data)

                return resumed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        resumed_on = _parse_resumed_on(d.pop("resumed_on"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        status = SuspensionOutStatus(d.pop("status"))

        suspended_by = d.pop("suspended_by")

        wallet_id = d.pop("wallet_id")

        suspension_out = cls(
            created_at=created_at,
            id=id,
            note=note,
            pause_schedules=pause_schedules,
            pay_paused_periods=pay_paused_periods,
            reason=reason,
            resumed_at=resumed_at,
            resumed_by=resumed_by,
            resumed_on=resumed_on,
            starts_on=starts_on,
            status=status,
            suspended_by=suspended_by,
            wallet_id=wallet_id,
        )

        suspension_out.additional_properties = d
        return suspension_out

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

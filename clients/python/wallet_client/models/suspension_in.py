from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.suspension_in_reason import SuspensionInReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="SuspensionIn")


@_attrs_define
class SuspensionIn:
    """
    Attributes:
        pause_schedules (bool): true: scheduled funding is not paid for periods starting while suspended (resuming says
            whether they are paid then)
        reason (SuspensionInReason):
        starts_on (datetime.date): the first day the wallet is suspended (past, today or to come)
        note (None | str | Unset): the funder's own note; only the funder reads it back
    """

    pause_schedules: bool
    reason: SuspensionInReason
    starts_on: datetime.date
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pause_schedules = self.pause_schedules

        reason = self.reason.value

        starts_on = self.starts_on.isoformat()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pause_schedules": pause_schedules,
                "reason": reason,
                "starts_on": starts_on,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pause_schedules = d.pop("pause_schedules")

        reason = SuspensionInReason(d.pop("reason"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        suspension_in = cls(
            pause_schedules=pause_schedules,
            reason=reason,
            starts_on=starts_on,
            note=note,
        )

        return suspension_in

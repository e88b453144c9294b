from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.closure_in_reason import ClosureInReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClosureIn")


@_attrs_define
class ClosureIn:
    """
    Attributes:
        effective_date (datetime.date):
        reason (ClosureInReason):
        new_holder_id (None | str | Unset): for reason=moved
    """

    effective_date: datetime.date
    reason: ClosureInReason
    new_holder_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        effective_date = self.effective_date.isoformat()

        reason = self.reason.value

        new_holder_id: None | str | Unset
        if isinstance(self.new_holder_id, Unset):
            new_holder_id = UNSET
        else:
            new_holder_id = self.new_holder_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_date": effective_date,
                "reason": reason,
            }
        )
        if new_holder_id is not UNSET:
            field_dict["new_holder_id"] = new_holder_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        reason = ClosureInReason(d.pop("reason"))

        def _parse_new_holder_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        new_holder_id = _parse_new_holder_id(d.pop("new_holder_id", UNSET))

        closure_in = cls(
            effective_date=effective_date,
            reason=reason,
            new_holder_id=new_holder_id,
        )

        return closure_in

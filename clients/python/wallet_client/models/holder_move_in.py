from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HolderMoveIn")


@_attrs_define
class HolderMoveIn:
    """
    Attributes:
        effective_date (datetime.date):
        from_holder_id (str):
        to_holder_id (str):
    """

    effective_date: datetime.date
    from_holder_id: str
    to_holder_id: str

    def to_dict(self) -> dict[str, Any]:
        effective_date = self.effective_date.isoformat()

        from_holder_id = self.from_holder_id

        to_holder_id = self.to_holder_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_date": effective_date,
                "from_holder_id": from_holder_id,
                "to_holder_id": to_holder_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        from_holder_id = d.pop("from_holder_id")

        to_holder_id = d.pop("to_holder_id")

        holder_move_in = cls(
            effective_date=effective_date,
            from_holder_id=from_holder_id,
            to_holder_id=to_holder_id,
        )

        return holder_move_in

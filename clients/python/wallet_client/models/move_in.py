from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MoveIn")


@_attrs_define
class MoveIn:
    """
    Attributes:
        new_holder_id (str):
        effective_date (datetime.date | None | Unset): today if omitted
    """

    new_holder_id: str
    effective_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        new_holder_id = self.new_holder_id

        effective_date: None | str | Unset
        if isinstance(self.effective_date, Unset):
            effective_date = UNSET
        elif isinstance(self.effective_date, datetime.date):
            effective_date = self.effective_date.isoformat()
        else:
            effective_date = self.effective_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "new_holder_id": new_holder_id,
            }
        )
        if effective_date is not UNSET:
            field_dict["effective_date"] = effective_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        new_holder_id = d.pop("new_holder_id")

        def _parse_effective_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_date_type_0 = datetime.date.fromisoformat(data)

                return effective_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_date = _parse_effective_date(d.pop("effective_date", UNSET))

        move_in = cls(
            new_holder_id=new_holder_id,
            effective_date=effective_date,
        )

        return move_in

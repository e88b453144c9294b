from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CloseIn")


@_attrs_define
class CloseIn:
    """
    Attributes:
        effective_date (datetime.date):
    """

    effective_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        effective_date = self.effective_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_date": effective_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        close_in = cls(
            effective_date=effective_date,
        )

        return close_in

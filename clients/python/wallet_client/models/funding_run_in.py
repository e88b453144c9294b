from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FundingRunIn")


@_attrs_define
class FundingRunIn:
    """
    Attributes:
        as_of (datetime.date): pay every period due on or before this date
    """

    as_of: datetime.date

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        funding_run_in = cls(
            as_of=as_of,
        )

        return funding_run_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ScheduleEndIn")


@_attrs_define
class ScheduleEndIn:
    """
    Attributes:
        ends_on (datetime.date): the last day funded: no period starting later is paid, and one running over it is pro-
            rated by days. An end only ever moves earlier
    """

    ends_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        ends_on = self.ends_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ends_on": ends_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        schedule_end_in = cls(
            ends_on=ends_on,
        )

        return schedule_end_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResumeIn")


@_attrs_define
class ResumeIn:
    """
    Attributes:
        resumed_on (datetime.date): the first day the wallet is live again
        pay_paused_periods (bool | Unset): true: the next funding run pays the periods the suspension paused, dated this
            day; false: they are not owed Default: False.
    """

    resumed_on: datetime.date
    pay_paused_periods: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        resumed_on = self.resumed_on.isoformat()

        pay_paused_periods = self.pay_paused_periods

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "resumed_on": resumed_on,
            }
        )
        if pay_paused_periods is not UNSET:
            field_dict["pay_paused_periods"] = pay_paused_periods

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        resumed_on = datetime.date.fromisoformat(d.pop("resumed_on"))

        pay_paused_periods = d.pop("pay_paused_periods", UNSET)

        resume_in = cls(
            resumed_on=resumed_on,
            pay_paused_periods=pay_paused_periods,
        )

        return resume_in

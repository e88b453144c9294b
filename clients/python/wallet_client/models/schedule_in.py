from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.every import Every
from ..models.source import Source
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduleIn")


@_attrs_define
class ScheduleIn:
    """
    Attributes:
        amount (int): minor units paid each period
        every (Every):
        in_advance (bool): paid on each period's first day (true) or its last day (false)
        source (Source):
        starts_on (datetime.date): the first period's first day; not before the wallet opened
        ends_on (datetime.date | None | Unset): the last day funded; a final part-period is pro-rated by days
        opening_float (int | None | Unset): paid once, on the first run from starts_on
    """

    amount: int
    every: Every
    in_advance: bool
    source: Source
    starts_on: datetime.date
    ends_on: datetime.date | None | Unset = UNSET
    opening_float: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        every = self.every.value

        in_advance = self.in_advance

        source = self.source.value

        starts_on = self.starts_on.isoformat()

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        opening_float: int | None | Unset
        if isinstance(self.opening_float, Unset):
            opening_float = UNSET
        else:
            opening_float = self.opening_float

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "every": every,
                "in_advance": in_advance,
                "source": source,
                "starts_on": starts_on,
            }
        )
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if opening_float is not UNSET:
            field_dict["opening_float"] = opening_float

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        every = Every(d.pop("every"))

        in_advance = d.pop("in_advance")

        source = Source(d.pop("source"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))

        def _parse_opening_float(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        opening_float = _parse_opening_float(d.pop("opening_float", UNSET))

        schedule_in = cls(
            amount=amount,
            every=every,
            in_advance=in_advance,
            source=source,
            starts_on=starts_on,
            ends_on=ends_on,
            opening_float=opening_float,
        )

        return schedule_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FundingRunIn")


@_attrs_define
class FundingRunIn:
    """
    Attributes:
        as_of (datetime.date): pay every period due on or before this date
        itemised (bool | Unset): list every period paid and every contribution made; false answers with the counts and
            totals only, for a run over a whole book (each period is still its own transaction in the journal) Default:
            True.
    """

    as_of: datetime.date
    itemised: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        itemised = self.itemised

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "as_of": as_of,
            }
        )
        if itemised is not UNSET:
            field_dict["itemised"] = itemised

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        itemised = d.pop("itemised", UNSET)

        funding_run_in = cls(
            as_of=as_of,
            itemised=itemised,
        )

        return funding_run_in

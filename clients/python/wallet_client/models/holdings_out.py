from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.holdings_out_by_source import HoldingsOutBySource
    from ..models.holdings_out_display import HoldingsOutDisplay


T = TypeVar("T", bound="HoldingsOut")


@_attrs_define
class HoldingsOut:
    """
    Attributes:
        at_end_of (datetime.date): balances include everything dated on or before this day
        available (int): posted, so it includes money set aside by holds and approvals
        by_source (HoldingsOutBySource):
        display (HoldingsOutDisplay):
        in_pools (int):
        savings (int):
        total (int): everything held for the person: available + savings + in_pools (posted)
    """

    at_end_of: datetime.date
    available: int
    by_source: HoldingsOutBySource
    display: HoldingsOutDisplay
    in_pools: int
    savings: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at_end_of = self.at_end_of.isoformat()

        available = self.available

        by_source = self.by_source.to_dict()

        display = self.display.to_dict()

        in_pools = self.in_pools

        savings = self.savings

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at_end_of": at_end_of,
                "available": available,
                "by_source": by_source,
                "display": display,
                "in_pools": in_pools,
                "savings": savings,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.holdings_out_by_source import HoldingsOutBySource  # noqa: PLC0415
        from ..models.holdings_out_display import HoldingsOutDisplay  # noqa: PLC0415

        d = dict(src_dict)
        at_end_of = datetime.date.fromisoformat(d.pop("at_end_of"))

        available = d.pop("available")

        by_source = HoldingsOutBySource.from_dict(d.pop("by_source"))

        display = HoldingsOutDisplay.from_dict(d.pop("display"))

        in_pools = d.pop("in_pools")

        savings = d.pop("savings")

        total = d.pop("total")

        holdings_out = cls(
            at_end_of=at_end_of,
            available=available,
            by_source=by_source,
            display=display,
            in_pools=in_pools,
            savings=savings,
            total=total,
        )

        holdings_out.additional_properties = d
        return holdings_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

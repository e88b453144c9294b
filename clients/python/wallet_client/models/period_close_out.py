from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.close_item_out import CloseItemOut
    from ..models.period_close_out_counts import PeriodCloseOutCounts
    from ..models.period_close_out_totals import PeriodCloseOutTotals


T = TypeVar("T", bound="PeriodCloseOut")


@_attrs_define
class PeriodCloseOut:
    """
    Attributes:
        confirmed_at (datetime.datetime | None):
        counts (PeriodCloseOutCounts): the close's items by status (proposed, confirmed, stale)
        created_at (datetime.datetime):
        id (str):
        items (list[CloseItemOut]): every wallet's item; empty when the request was not itemised
        period_end (datetime.date):
        status (str):
        totals (PeriodCloseOutTotals): over every item: surplus, recovered, refunded_to_person, to_savings, to_holder,
            to_net_off
    """

    confirmed_at: datetime.datetime | None
    counts: PeriodCloseOutCounts
    created_at: datetime.datetime
    id: str
    items: list[CloseItemOut]
    period_end: datetime.date
    status: str
    totals: PeriodCloseOutTotals
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        counts = self.counts.to_dict()

        created_at = self.created_at.isoformat()

        id = self.id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        period_end = self.period_end.isoformat()

        status = self.status

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confirmed_at": confirmed_at,
                "counts": counts,
                "created_at": created_at,
                "id": id,
                "items": items,
                "period_end": period_end,
                "status": status,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.close_item_out import CloseItemOut  # noqa: PLC0415
        from ..models.period_close_out_counts import PeriodCloseOutCounts  # noqa: PLC0415
        from ..models.period_close_out_totals import PeriodCloseOutTotals  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at"))

        counts = PeriodCloseOutCounts.from_dict(d.pop("counts"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CloseItemOut.from_dict(items_item_data)

            items.append(items_item)

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        status = d.pop("status")

        totals = PeriodCloseOutTotals.from_dict(d.pop("totals"))

        period_close_out = cls(
            confirmed_at=confirmed_at,
            counts=counts,
            created_at=created_at,
            id=id,
            items=items,
            period_end=period_end,
            status=status,
            totals=totals,
        )

        period_close_out.additional_properties = d
        return period_close_out

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

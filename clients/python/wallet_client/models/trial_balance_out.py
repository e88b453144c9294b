from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.total_out import TotalOut
    from ..models.trial_balance_line_out import TrialBalanceLineOut


T = TypeVar("T", bound="TrialBalanceOut")


@_attrs_define
class TrialBalanceOut:
    """
    Attributes:
        as_of (datetime.datetime | None): only postings recorded by this moment count (everything recorded so far when
            null)
        ledger_balanced (bool): debits equal credits over the whole ledger
        lines (list[TrialBalanceLineOut]):
        next_cursor (None | str):
        on (datetime.date | None): the value date counted up to: every posting dated on or before it (every day when
            null)
        outside_your_grants (list[TrialBalanceLineOut]): auditors: one line per currency standing for every account they
            may not see
        totals (list[TotalOut]): over every line, on every page
    """

    as_of: datetime.datetime | None
    ledger_balanced: bool
    lines: list[TrialBalanceLineOut]
    next_cursor: None | str
    on: datetime.date | None
    outside_your_grants: list[TrialBalanceLineOut]
    totals: list[TotalOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of: None | str
        if isinstance(self.as_of, datetime.datetime):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        ledger_balanced = self.ledger_balanced

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        on: None | str
        if isinstance(self.on, datetime.date):
            on = self.on.isoformat()
        else:
            on = self.on

        outside_your_grants = []
        for outside_your_grants_item_data in self.outside_your_grants:
            outside_your_grants_item = outside_your_grants_item_data.to_dict()
            outside_your_grants.append(outside_your_grants_item)

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "ledger_balanced": ledger_balanced,
                "lines": lines,
                "next_cursor": next_cursor,
                "on": on,
                "outside_your_grants": outside_your_grants,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.total_out import TotalOut  # noqa: PLC0415
        from ..models.trial_balance_line_out import TrialBalanceLineOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_as_of(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.datetime.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        ledger_balanced = d.pop("ledger_balanced")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = TrialBalanceLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        def _parse_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_type_0 = datetime.date.fromisoformat(data)

                return on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        on = _parse_on(d.pop("on"))

        outside_your_grants = []
        _outside_your_grants = d.pop("outside_your_grants")
        for outside_your_grants_item_data in _outside_your_grants:
            outside_your_grants_item = TrialBalanceLineOut.from_dict(outside_your_grants_item_data)

            outside_your_grants.append(outside_your_grants_item)

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = TotalOut.from_dict(totals_item_data)

            totals.append(totals_item)

        trial_balance_out = cls(
            as_of=as_of,
            ledger_balanced=ledger_balanced,
            lines=lines,
            next_cursor=next_cursor,
            on=on,
            outside_your_grants=outside_your_grants,
            totals=totals,
        )

        trial_balance_out.additional_properties = d
        return trial_balance_out

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

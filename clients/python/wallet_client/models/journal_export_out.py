from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.journal_row_out import JournalRowOut
    from ..models.journal_totals_out import JournalTotalsOut


T = TypeVar("T", bound="JournalExportOut")


@_attrs_define
class JournalExportOut:
    """
    Attributes:
        balanced (bool): debits equal credits over the period; a funder's or auditor's part need not
        currency (str):
        from_ (datetime.date):
        holder_id (str):
        next_cursor (None | str):
        rows (list[JournalRowOut]):
        to (datetime.date):
        totals (JournalTotalsOut):
        whole_book (bool): the holder's whole book (the holder and the operator); otherwise the part a funder or auditor
            may see
    """

    balanced: bool
    currency: str
    from_: datetime.date
    holder_id: str
    next_cursor: None | str
    rows: list[JournalRowOut]
    to: datetime.date
    totals: JournalTotalsOut
    whole_book: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balanced = self.balanced

        currency = self.currency

        from_ = self.from_.isoformat()

        holder_id = self.holder_id

        next_cursor: None | str
        next_cursor = self.next_cursor

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        to = self.to.isoformat()

        totals = self.totals.to_dict()

        whole_book = self.whole_book

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balanced": balanced,
                "currency": currency,
                "from": from_,
                "holder_id": holder_id,
                "next_cursor": next_cursor,
                "rows": rows,
                "to": to,
                "totals": totals,
                "whole_book": whole_book,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journal_row_out import JournalRowOut  # noqa: PLC0415
        from ..models.journal_totals_out import JournalTotalsOut  # noqa: PLC0415

        d = dict(src_dict)
        balanced = d.pop("balanced")

        currency = d.pop("currency")

        from_ = datetime.date.fromisoformat(d.pop("from"))

        holder_id = d.pop("holder_id")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = JournalRowOut.from_dict(rows_item_data)

            rows.append(rows_item)

        to = datetime.date.fromisoformat(d.pop("to"))

        totals = JournalTotalsOut.from_dict(d.pop("totals"))

        whole_book = d.pop("whole_book")

        journal_export_out = cls(
            balanced=balanced,
            currency=currency,
            from_=from_,
            holder_id=holder_id,
            next_cursor=next_cursor,
            rows=rows,
            to=to,
            totals=totals,
            whole_book=whole_book,
        )

        journal_export_out.additional_properties = d
        return journal_export_out

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

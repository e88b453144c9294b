from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NettedPeriodOut")


@_attrs_define
class NettedPeriodOut:
    """A funding period the funder paid less on, to settle a close's surplus (``net_off``): the
    period's whole budget still reached the person; the funder kept back ``netted`` of the cash.

        Attributes:
            display (str):
            funding_transaction_id (str):
            netted (int):
            period_end (datetime.date):
            period_start (datetime.date):
            status (str): netted, or restored when the close was reversed
            transaction_id (str):
    """

    display: str
    funding_transaction_id: str
    netted: int
    period_end: datetime.date
    period_start: datetime.date
    status: str
    transaction_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display = self.display

        funding_transaction_id = self.funding_transaction_id

        netted = self.netted

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        status = self.status

        transaction_id = self.transaction_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "display": display,
                "funding_transaction_id": funding_transaction_id,
                "netted": netted,
                "period_end": period_end,
                "period_start": period_start,
                "status": status,
                "transaction_id": transaction_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display = d.pop("display")

        funding_transaction_id = d.pop("funding_transaction_id")

        netted = d.pop("netted")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        status = d.pop("status")

        transaction_id = d.pop("transaction_id")

        netted_period_out = cls(
            display=display,
            funding_transaction_id=funding_transaction_id,
            netted=netted,
            period_end=period_end,
            period_start=period_start,
            status=status,
            transaction_id=transaction_id,
        )

        netted_period_out.additional_properties = d
        return netted_period_out

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

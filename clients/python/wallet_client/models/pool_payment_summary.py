from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pool_payment_summary_parts import PoolPaymentSummaryParts


T = TypeVar("T", bound="PoolPaymentSummary")


@_attrs_define
class PoolPaymentSummary:
    """
    Attributes:
        amount (int):
        category (str):
        effective_date (datetime.date):
        id (str):
        parts (PoolPaymentSummaryParts): each visible member's part
        status (str):
    """

    amount: int
    category: str
    effective_date: datetime.date
    id: str
    parts: PoolPaymentSummaryParts
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        category = self.category

        effective_date = self.effective_date.isoformat()

        id = self.id

        parts = self.parts.to_dict()

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "effective_date": effective_date,
                "id": id,
                "parts": parts,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_payment_summary_parts import PoolPaymentSummaryParts  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        category = d.pop("category")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        id = d.pop("id")

        parts = PoolPaymentSummaryParts.from_dict(d.pop("parts"))

        status = d.pop("status")

        pool_payment_summary = cls(
            amount=amount,
            category=category,
            effective_date=effective_date,
            id=id,
            parts=parts,
            status=status,
        )

        pool_payment_summary.additional_properties = d
        return pool_payment_summary

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

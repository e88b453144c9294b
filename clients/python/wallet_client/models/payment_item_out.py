from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.section import Section

T = TypeVar("T", bound="PaymentItemOut")


@_attrs_define
class PaymentItemOut:
    """One payment (or the correction of one): the lines of money out add up from these.

    Attributes:
        amount (int): signed minor units: negative took money from the person
        category (str):
        category_label (str):
        display (str):
        effective_date (datetime.date):
        kind (str):
        kind_label (str):
        payee (None | str): the holder's reference for whom it was paid to
        pool_id (None | str):
        pool_name (None | str):
        section (Section): In the order a statement shows them.
        transaction_id (str):
    """

    amount: int
    category: str
    category_label: str
    display: str
    effective_date: datetime.date
    kind: str
    kind_label: str
    payee: None | str
    pool_id: None | str
    pool_name: None | str
    section: Section
    transaction_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        category = self.category

        category_label = self.category_label

        display = self.display

        effective_date = self.effective_date.isoformat()

        kind = self.kind

        kind_label = self.kind_label

        payee: None | str
        payee = self.payee

        pool_id: None | str
        pool_id = self.pool_id

        pool_name: None | str
        pool_name = self.pool_name

        section = self.section.value

        transaction_id = self.transaction_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "category_label": category_label,
                "display": display,
                "effective_date": effective_date,
                "kind": kind,
                "kind_label": kind_label,
                "payee": payee,
                "pool_id": pool_id,
                "pool_name": pool_name,
                "section": section,
                "transaction_id": transaction_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        category = d.pop("category")

        category_label = d.pop("category_label")

        display = d.pop("display")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        kind = d.pop("kind")

        kind_label = d.pop("kind_label")

        def _parse_payee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payee = _parse_payee(d.pop("payee"))

        def _parse_pool_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pool_id = _parse_pool_id(d.pop("pool_id"))

        def _parse_pool_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pool_name = _parse_pool_name(d.pop("pool_name"))

        section = Section(d.pop("section"))

        transaction_id = d.pop("transaction_id")

        payment_item_out = cls(
            amount=amount,
            category=category,
            category_label=category_label,
            display=display,
            effective_date=effective_date,
            kind=kind,
            kind_label=kind_label,
            payee=payee,
            pool_id=pool_id,
            pool_name=pool_name,
            section=section,
            transaction_id=transaction_id,
        )

        payment_item_out.additional_properties = d
        return payment_item_out

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

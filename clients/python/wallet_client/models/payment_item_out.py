from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.section import Section
from ..types import UNSET, Unset

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
        hours (None | str | Unset): a timesheet's hours, e.g. "7.50"
        rate (int | None | Unset): a timesheet's rate, minor units an hour
        service_from (datetime.date | None | Unset): the first day of the support it paid for, when given
        service_to (datetime.date | None | Unset): the last day of that support
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
    hours: None | str | Unset = UNSET
    rate: int | None | Unset = UNSET
    service_from: datetime.date | None | Unset = UNSET
    service_to: datetime.date | None | Unset = UNSET
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

        hours: None | str | Unset
        if isinstance(self.hours, Unset):
            hours = UNSET
        else:
            hours = self.hours

        rate: int | None | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        service_from: None | str | Unset
        if isinstance(self.service_from, Unset):
            service_from = UNSET
        elif isinstance(self.service_from, datetime.date):
            service_from = self.service_from.isoformat()
        else:
            service_from = self.service_from

        service_to: None | str | Unset
        if isinstance(self.service_to, Unset):
            service_to = UNSET
        elif isinstance(self.service_to, datetime.date):
            service_to = self.service_to.isoformat()
        else:
            service_to = self.service_to

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
        if hours is not UNSET:
            field_dict["hours"] = hours
        if rate is not UNSET:
            field_dict["rate"] = rate
        if service_from is not UNSET:
            field_dict["service_from"] = service_from
        if service_to is not UNSET:
            field_dict["service_to"] = service_to

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

        def _parse_hours(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hours = _parse_hours(d.pop("hours", UNSET))

        def _parse_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))

        def _parse_service_from(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_from_type_0 = datetime.date.fromisoformat(data)

                return service_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        service_from = _parse_service_from(d.pop("service_from", UNSET))

        def _parse_service_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_to_type_0 = datetime.date.fromisoformat(data)

                return service_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        service_to = _parse_service_to(d.pop("service_to", UNSET))

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
            hours=hours,
            rate=rate,
            service_from=service_from,
            service_to=service_to,
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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentBatchItem")


@_attrs_define
class PaymentBatchItem:
    """
    Attributes:
        amount (int): minor units (pence)
        category (str): what the money is for, e.g. personal_assistant
        effective_date (datetime.date):
        ref (str): your reference for this item, unique within the batch; echoed in its result. Not personal data
        wallet_id (str):
        description (None | str | Unset):
        payee (None | str | Unset): the holder's reference for the payee
        reference (None | str | Unset):
        service_from (datetime.date | None | Unset): the first day of the support this pays for
        service_to (datetime.date | None | Unset): the last day of that support (service_from if omitted)
    """

    amount: int
    category: str
    effective_date: datetime.date
    ref: str
    wallet_id: str
    description: None | str | Unset = UNSET
    payee: None | str | Unset = UNSET
    reference: None | str | Unset = UNSET
    service_from: datetime.date | None | Unset = UNSET
    service_to: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        category = self.category

        effective_date = self.effective_date.isoformat()

        ref = self.ref

        wallet_id = self.wallet_id

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        payee: None | str | Unset
        if isinstance(self.payee, Unset):
            payee = UNSET
        else:
            payee = self.payee

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

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

        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "effective_date": effective_date,
                "ref": ref,
                "wallet_id": wallet_id,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if payee is not UNSET:
            field_dict["payee"] = payee
        if reference is not UNSET:
            field_dict["reference"] = reference
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

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        ref = d.pop("ref")

        wallet_id = d.pop("wallet_id")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_payee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payee = _parse_payee(d.pop("payee", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

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

        payment_batch_item = cls(
            amount=amount,
            category=category,
            effective_date=effective_date,
            ref=ref,
            wallet_id=wallet_id,
            description=description,
            payee=payee,
            reference=reference,
            service_from=service_from,
            service_to=service_to,
        )

        return payment_batch_item

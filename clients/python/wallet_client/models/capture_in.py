from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CaptureIn")


@_attrs_define
class CaptureIn:
    """
    Attributes:
        amount (int | None | Unset): part of the hold to pay; all of it if omitted
        effective_date (datetime.date | None | Unset):
        reference (None | str | Unset):
        service_from (datetime.date | None | Unset): the first day of the support this pays for
        service_to (datetime.date | None | Unset): the last day of that support (service_from if omitted)
    """

    amount: int | None | Unset = UNSET
    effective_date: datetime.date | None | Unset = UNSET
    reference: None | str | Unset = UNSET
    service_from: datetime.date | None | Unset = UNSET
    service_to: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount: int | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        effective_date: None | str | Unset
        if isinstance(self.effective_date, Unset):
            effective_date = UNSET
        elif isinstance(self.effective_date, datetime.date):
            effective_date = self.effective_date.isoformat()
        else:
            effective_date = self.effective_date

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

        field_dict.update({})
        if amount is not UNSET:
            field_dict["amount"] = amount
        if effective_date is not UNSET:
            field_dict["effective_date"] = effective_date
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

        def _parse_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        def _parse_effective_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_date_type_0 = datetime.date.fromisoformat(data)

                return effective_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_date = _parse_effective_date(d.pop("effective_date", UNSET))

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

        capture_in = cls(
            amount=amount,
            effective_date=effective_date,
            reference=reference,
            service_from=service_from,
            service_to=service_to,
        )

        return capture_in

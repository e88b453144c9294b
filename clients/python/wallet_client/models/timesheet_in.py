from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TimesheetIn")


@_attrs_define
class TimesheetIn:
    """
    Attributes:
        effective_date (datetime.date):
        hours (str): hours as a decimal string with at most two places, e.g. "7.5"
        service_from (datetime.date): the first day of support this timesheet pays for
        service_id (str): the planned service the hours were given under
        service_to (datetime.date): the last day, in the same Monday-to-Sunday week
        description (None | str | Unset):
        payee (None | str | Unset): the planned service's provider_ref if omitted
        rate (int | None | Unset): minor units an hour; the agreed rate if omitted
        reference (None | str | Unset):
    """

    effective_date: datetime.date
    hours: str
    service_from: datetime.date
    service_id: str
    service_to: datetime.date
    description: None | str | Unset = UNSET
    payee: None | str | Unset = UNSET
    rate: int | None | Unset = UNSET
    reference: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        effective_date = self.effective_date.isoformat()

        hours = self.hours

        service_from = self.service_from.isoformat()

        service_id = self.service_id

        service_to = self.service_to.isoformat()

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

        rate: int | None | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_date": effective_date,
                "hours": hours,
                "service_from": service_from,
                "service_id": service_id,
                "service_to": service_to,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if payee is not UNSET:
            field_dict["payee"] = payee
        if rate is not UNSET:
            field_dict["rate"] = rate
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        hours = d.pop("hours")

        service_from = datetime.date.fromisoformat(d.pop("service_from"))

        service_id = d.pop("service_id")

        service_to = datetime.date.fromisoformat(d.pop("service_to"))

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

        def _parse_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        timesheet_in = cls(
            effective_date=effective_date,
            hours=hours,
            service_from=service_from,
            service_id=service_id,
            service_to=service_to,
            description=description,
            payee=payee,
            rate=rate,
            reference=reference,
        )

        return timesheet_in

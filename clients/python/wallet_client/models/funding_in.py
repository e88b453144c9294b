from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source import Source
from ..types import UNSET, Unset

T = TypeVar("T", bound="FundingIn")


@_attrs_define
class FundingIn:
    """
    Attributes:
        amount (int): minor units (pence)
        effective_date (datetime.date):
        source (Source):
        reference (None | str | Unset):
    """

    amount: int
    effective_date: datetime.date
    source: Source
    reference: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        effective_date = self.effective_date.isoformat()

        source = self.source.value

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "effective_date": effective_date,
                "source": source,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        source = Source(d.pop("source"))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        funding_in = cls(
            amount=amount,
            effective_date=effective_date,
            source=source,
            reference=reference,
        )

        return funding_in

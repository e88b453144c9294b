from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AmountChangeIn")


@_attrs_define
class AmountChangeIn:
    """
    Attributes:
        amount (int): minor units (pence)
        effective_from (datetime.date): periods starting on or after this date pay the new amount
    """

    amount: int
    effective_from: datetime.date

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        effective_from = self.effective_from.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "effective_from": effective_from,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        amount_change_in = cls(
            amount=amount,
            effective_from=effective_from,
        )

        return amount_change_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.budget_every import BudgetEvery

T = TypeVar("T", bound="PlannedBudgetIn")


@_attrs_define
class PlannedBudgetIn:
    """
    Attributes:
        amount (int): minor units each `every`
        effective_from (datetime.date): the plan's budget from this day; not before the wallet opened
        every (BudgetEvery):
    """

    amount: int
    effective_from: datetime.date
    every: BudgetEvery

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        effective_from = self.effective_from.isoformat()

        every = self.every.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "effective_from": effective_from,
                "every": every,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        every = BudgetEvery(d.pop("every"))

        planned_budget_in = cls(
            amount=amount,
            effective_from=effective_from,
            every=every,
        )

        return planned_budget_in

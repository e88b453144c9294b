from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.budget_every import BudgetEvery

T = TypeVar("T", bound="PlannedBudgetOpeningIn")


@_attrs_define
class PlannedBudgetOpeningIn:
    """
    Attributes:
        amount (int): minor units each `every`
        every (BudgetEvery):
    """

    amount: int
    every: BudgetEvery

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        every = self.every.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "every": every,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        every = BudgetEvery(d.pop("every"))

        planned_budget_opening_in = cls(
            amount=amount,
            every=every,
        )

        return planned_budget_opening_in

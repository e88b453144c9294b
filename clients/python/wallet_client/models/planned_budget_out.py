from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.budget_every import BudgetEvery

T = TypeVar("T", bound="PlannedBudgetOut")


@_attrs_define
class PlannedBudgetOut:
    """
    Attributes:
        amount (int):
        effective_from (datetime.date):
        every (BudgetEvery):
        weekly (int): per week, rounded down (a month is 52/12 weeks, a year 52)
    """

    amount: int
    effective_from: datetime.date
    every: BudgetEvery
    weekly: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        effective_from = self.effective_from.isoformat()

        every = self.every.value

        weekly = self.weekly

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "effective_from": effective_from,
                "every": every,
                "weekly": weekly,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        every = BudgetEvery(d.pop("every"))

        weekly = d.pop("weekly")

        planned_budget_out = cls(
            amount=amount,
            effective_from=effective_from,
            every=every,
            weekly=weekly,
        )

        planned_budget_out.additional_properties = d
        return planned_budget_out

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.planned_budget_out import PlannedBudgetOut


T = TypeVar("T", bound="PlannedBudgetsOut")


@_attrs_define
class PlannedBudgetsOut:
    """
    Attributes:
        basis (str): planned_budget or schedules
        budgets (list[PlannedBudgetOut]):
        in_force (None | PlannedBudgetOut): the plan's budget on `on`, if any
        on (datetime.date):
        wallet_id (str):
        weekly_budget (int): what contingency and alerts use on `on`: the plan's, else the schedules'
    """

    basis: str
    budgets: list[PlannedBudgetOut]
    in_force: None | PlannedBudgetOut
    on: datetime.date
    wallet_id: str
    weekly_budget: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.planned_budget_out import PlannedBudgetOut  # noqa: PLC0415

        basis = self.basis

        budgets = []
        for budgets_item_data in self.budgets:
            budgets_item = budgets_item_data.to_dict()
            budgets.append(budgets_item)

        in_force: dict[str, Any] | None
        if isinstance(self.in_force, PlannedBudgetOut):
            in_force = self.in_force.to_dict()
        else:
            in_force = self.in_force

        on = self.on.isoformat()

        wallet_id = self.wallet_id

        weekly_budget = self.weekly_budget

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "basis": basis,
                "budgets": budgets,
                "in_force": in_force,
                "on": on,
                "wallet_id": wallet_id,
                "weekly_budget": weekly_budget,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.planned_budget_out import PlannedBudgetOut  # noqa: PLC0415

        d = dict(src_dict)
        basis = d.pop("basis")

        budgets = []
        _budgets = d.pop("budgets")
        for budgets_item_data in _budgets:
            budgets_item = PlannedBudgetOut.from_dict(budgets_item_data)

            budgets.append(budgets_item)

        def _parse_in_force(data: object) -> None | PlannedBudgetOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                in_force_type_0 = PlannedBudgetOut.from_dict(data)

                return in_force_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlannedBudgetOut, data)

        in_force = _parse_in_force(d.pop("in_force"))

        on = datetime.date.fromisoformat(d.pop("on"))

        wallet_id = d.pop("wallet_id")

        weekly_budget = d.pop("weekly_budget")

        planned_budgets_out = cls(
            basis=basis,
            budgets=budgets,
            in_force=in_force,
            on=on,
            wallet_id=wallet_id,
            weekly_budget=weekly_budget,
        )

        planned_budgets_out.additional_properties = d
        return planned_budgets_out

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

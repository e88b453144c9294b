from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.arrangement import Arrangement
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.planned_budget_opening_in import PlannedBudgetOpeningIn


T = TypeVar("T", bound="WalletIn")


@_attrs_define
class WalletIn:
    """
    Attributes:
        arrangement (Arrangement):
        holder_id (str):
        opened_on (datetime.date):
        person_ref (str): the funder's own reference for the person; no names or addresses
        policy_id (str):
        planned_budget (None | PlannedBudgetOpeningIn | Unset): the support plan's budget from opened_on; change it
            later at .../planned-budgets
    """

    arrangement: Arrangement
    holder_id: str
    opened_on: datetime.date
    person_ref: str
    policy_id: str
    planned_budget: None | PlannedBudgetOpeningIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.planned_budget_opening_in import PlannedBudgetOpeningIn  # noqa: PLC0415

        arrangement = self.arrangement.value

        holder_id = self.holder_id

        opened_on = self.opened_on.isoformat()

        person_ref = self.person_ref

        policy_id = self.policy_id

        planned_budget: dict[str, Any] | None | Unset
        if isinstance(self.planned_budget, Unset):
            planned_budget = UNSET
        elif isinstance(self.planned_budget, PlannedBudgetOpeningIn):
            planned_budget = self.planned_budget.to_dict()
        else:
            planned_budget = self.planned_budget

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "arrangement": arrangement,
                "holder_id": holder_id,
                "opened_on": opened_on,
                "person_ref": person_ref,
                "policy_id": policy_id,
            }
        )
        if planned_budget is not UNSET:
            field_dict["planned_budget"] = planned_budget

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.planned_budget_opening_in import PlannedBudgetOpeningIn  # noqa: PLC0415

        d = dict(src_dict)
        arrangement = Arrangement(d.pop("arrangement"))

        holder_id = d.pop("holder_id")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        person_ref = d.pop("person_ref")

        policy_id = d.pop("policy_id")

        def _parse_planned_budget(data: object) -> None | PlannedBudgetOpeningIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                planned_budget_type_0 = PlannedBudgetOpeningIn.from_dict(data)

                return planned_budget_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlannedBudgetOpeningIn | Unset, data)

        planned_budget = _parse_planned_budget(d.pop("planned_budget", UNSET))

        wallet_in = cls(
            arrangement=arrangement,
            holder_id=holder_id,
            opened_on=opened_on,
            person_ref=person_ref,
            policy_id=policy_id,
            planned_budget=planned_budget,
        )

        return wallet_in

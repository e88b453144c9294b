from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.close_item_out_postings_item import CloseItemOutPostingsItem


T = TypeVar("T", bound="CloseItemOut")


@_attrs_define
class CloseItemOut:
    """
    Attributes:
        action (str):
        aged (int): unspent longer than the policy's maximum age
        available (int):
        committed (int): live holds and payments awaiting approval
        contingency_cap (int):
        contingency_kept (int):
        final (bool):
        in_pools (int):
        over_cap (int):
        postings (list[CloseItemOutPostingsItem]):
        reason (str):
        recovered (int):
        refunded_to_person (int):
        savings (int):
        status (str):
        surplus (int):
        to_holder (int):
        to_savings (int):
        transaction_id (None | str):
        wallet_id (str):
        weekly_budget (int):
        budget_in_period (int | None | Unset): the planned budget for the period's days, if any
        float_held (int | Unset): opening float kept as contingency (opening_float_as_contingency) Default: 0.
        to_net_off (int | Unset): recovered by netting it off the wallet's next fundings (net_off) Default: 0.
    """

    action: str
    aged: int
    available: int
    committed: int
    contingency_cap: int
    contingency_kept: int
    final: bool
    in_pools: int
    over_cap: int
    postings: list[CloseItemOutPostingsItem]
    reason: str
    recovered: int
    refunded_to_person: int
    savings: int
    status: str
    surplus: int
    to_holder: int
    to_savings: int
    transaction_id: None | str
    wallet_id: str
    weekly_budget: int
    budget_in_period: int | None | Unset = UNSET
    float_held: int | Unset = 0
    to_net_off: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        aged = self.aged

        available = self.available

        committed = self.committed

        contingency_cap = self.contingency_cap

        contingency_kept = self.contingency_kept

        final = self.final

        in_pools = self.in_pools

        over_cap = self.over_cap

        postings = []
        for postings_item_data in self.postings:
            postings_item = postings_item_data.to_dict()
            postings.append(postings_item)

        reason = self.reason

        recovered = self.recovered

        refunded_to_person = self.refunded_to_person

        savings = self.savings

        status = self.status

        surplus = self.surplus

        to_holder = self.to_holder

        to_savings = self.to_savings

        transaction_id: None | str
        transaction_id = self.transaction_id

        wallet_id = self.wallet_id

        weekly_budget = self.weekly_budget

        budget_in_period: int | None | Unset
        if isinstance(self.budget_in_period, Unset):
            budget_in_period = UNSET
        else:
            budget_in_period = self.budget_in_period

        float_held = self.float_held

        to_net_off = self.to_net_off

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "aged": aged,
                "available": available,
                "committed": committed,
                "contingency_cap": contingency_cap,
                "contingency_kept": contingency_kept,
                "final": final,
                "in_pools": in_pools,
                "over_cap": over_cap,
                "postings": postings,
                "reason": reason,
                "recovered": recovered,
                "refunded_to_person": refunded_to_person,
                "savings": savings,
                "status": status,
                "surplus": surplus,
                "to_holder": to_holder,
                "to_savings": to_savings,
                "transaction_id": transaction_id,
                "wallet_id": wallet_id,
                "weekly_budget": weekly_budget,
            }
        )
        if budget_in_period is not UNSET:
            field_dict["budget_in_period"] = budget_in_period
        if float_held is not UNSET:
            field_dict["float_held"] = float_held
        if to_net_off is not UNSET:
            field_dict["to_net_off"] = to_net_off

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.close_item_out_postings_item import CloseItemOutPostingsItem  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        aged = d.pop("aged")

        available = d.pop("available")

        committed = d.pop("committed")

        contingency_cap = d.pop("contingency_cap")

        contingency_kept = d.pop("contingency_kept")

        final = d.pop("final")

        in_pools = d.pop("in_pools")

        over_cap = d.pop("over_cap")

        postings = []
        _postings = d.pop("postings")
        for postings_item_data in _postings:
            postings_item = CloseItemOutPostingsItem.from_dict(postings_item_data)

            postings.append(postings_item)

        reason = d.pop("reason")

        recovered = d.pop("recovered")

        refunded_to_person = d.pop("refunded_to_person")

        savings = d.pop("savings")

        status = d.pop("status")

        surplus = d.pop("surplus")

        to_holder = d.pop("to_holder")

        to_savings = d.pop("to_savings")

        def _parse_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id"))

        wallet_id = d.pop("wallet_id")

        weekly_budget = d.pop("weekly_budget")

        def _parse_budget_in_period(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        budget_in_period = _parse_budget_in_period(d.pop("budget_in_period", UNSET))

        float_held = d.pop("float_held", UNSET)

        to_net_off = d.pop("to_net_off", UNSET)

        close_item_out = cls(
            action=action,
            aged=aged,
            available=available,
            committed=committed,
            contingency_cap=contingency_cap,
            contingency_kept=contingency_kept,
            final=final,
            in_pools=in_pools,
            over_cap=over_cap,
            postings=postings,
            reason=reason,
            recovered=recovered,
            refunded_to_person=refunded_to_person,
            savings=savings,
            status=status,
            surplus=surplus,
            to_holder=to_holder,
            to_savings=to_savings,
            transaction_id=transaction_id,
            wallet_id=wallet_id,
            weekly_budget=weekly_budget,
            budget_in_period=budget_in_period,
            float_held=float_held,
            to_net_off=to_net_off,
        )

        close_item_out.additional_properties = d
        return close_item_out

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

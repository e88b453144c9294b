from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HolderPositionOut")


@_attrs_define
class HolderPositionOut:
    """
    Attributes:
        efficiency_income (int):
        expected_bank_balance (int): the ledger's view of the client bank account
        fee_income (int):
        other_ledger_items (int): recoveries not yet repaid to funders, money moving between holders
        reserve_drawn (int): overspends the holder's own reserve covered
        unexplained (int): bank_balance − expected_bank_balance: movements one side has not seen
    """

    efficiency_income: int
    expected_bank_balance: int
    fee_income: int
    other_ledger_items: int
    reserve_drawn: int
    unexplained: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        efficiency_income = self.efficiency_income

        expected_bank_balance = self.expected_bank_balance

        fee_income = self.fee_income

        other_ledger_items = self.other_ledger_items

        reserve_drawn = self.reserve_drawn

        unexplained = self.unexplained

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "efficiency_income": efficiency_income,
                "expected_bank_balance": expected_bank_balance,
                "fee_income": fee_income,
                "other_ledger_items": other_ledger_items,
                "reserve_drawn": reserve_drawn,
                "unexplained": unexplained,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        efficiency_income = d.pop("efficiency_income")

        expected_bank_balance = d.pop("expected_bank_balance")

        fee_income = d.pop("fee_income")

        other_ledger_items = d.pop("other_ledger_items")

        reserve_drawn = d.pop("reserve_drawn")

        unexplained = d.pop("unexplained")

        holder_position_out = cls(
            efficiency_income=efficiency_income,
            expected_bank_balance=expected_bank_balance,
            fee_income=fee_income,
            other_ledger_items=other_ledger_items,
            reserve_drawn=reserve_drawn,
            unexplained=unexplained,
        )

        holder_position_out.additional_properties = d
        return holder_position_out

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

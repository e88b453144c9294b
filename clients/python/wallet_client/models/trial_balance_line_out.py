from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TrialBalanceLineOut")


@_attrs_define
class TrialBalanceLineOut:
    """
    Attributes:
        account (str):
        credit (int): the account's balance when it is a credit balance, else 0
        currency (str):
        debit (int): the account's balance when it is a debit balance, else 0
        normal_side (str):
    """

    account: str
    credit: int
    currency: str
    debit: int
    normal_side: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        credit = self.credit

        currency = self.currency

        debit = self.debit

        normal_side = self.normal_side

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "credit": credit,
                "currency": currency,
                "debit": debit,
                "normal_side": normal_side,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        credit = d.pop("credit")

        currency = d.pop("currency")

        debit = d.pop("debit")

        normal_side = d.pop("normal_side")

        trial_balance_line_out = cls(
            account=account,
            credit=credit,
            currency=currency,
            debit=debit,
            normal_side=normal_side,
        )

        trial_balance_line_out.additional_properties = d
        return trial_balance_line_out

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

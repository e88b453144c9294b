from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.funding_kind import FundingKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaidPeriodOut")


@_attrs_define
class PaidPeriodOut:
    """
    Attributes:
        amount (int):
        kind (FundingKind):
        management_fee (int):
        period_end (datetime.date):
        period_start (datetime.date):
        schedule_id (str):
        transaction_id (str):
        wallet_id (str):
        netted (int | Unset): of the amount, what the funder kept back to settle a close's surplus (surplus_action
            net_off): the person still receives the whole amount Default: 0.
    """

    amount: int
    kind: FundingKind
    management_fee: int
    period_end: datetime.date
    period_start: datetime.date
    schedule_id: str
    transaction_id: str
    wallet_id: str
    netted: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        kind = self.kind.value

        management_fee = self.management_fee

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        schedule_id = self.schedule_id

        transaction_id = self.transaction_id

        wallet_id = self.wallet_id

        netted = self.netted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "kind": kind,
                "management_fee": management_fee,
                "period_end": period_end,
                "period_start": period_start,
                "schedule_id": schedule_id,
                "transaction_id": transaction_id,
                "wallet_id": wallet_id,
            }
        )
        if netted is not UNSET:
            field_dict["netted"] = netted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        kind = FundingKind(d.pop("kind"))

        management_fee = d.pop("management_fee")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        schedule_id = d.pop("schedule_id")

        transaction_id = d.pop("transaction_id")

        wallet_id = d.pop("wallet_id")

        netted = d.pop("netted", UNSET)

        paid_period_out = cls(
            amount=amount,
            kind=kind,
            management_fee=management_fee,
            period_end=period_end,
            period_start=period_start,
            schedule_id=schedule_id,
            transaction_id=transaction_id,
            wallet_id=wallet_id,
            netted=netted,
        )

        paid_period_out.additional_properties = d
        return paid_period_out

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContributionPaidOut")


@_attrs_define
class ContributionPaidOut:
    """
    Attributes:
        amount (int):
        period_end (datetime.date):
        period_start (datetime.date):
        pool_id (str):
        schedule_id (str): the pool contribution schedule
        transaction_id (str):
        wallet_id (str):
    """

    amount: int
    period_end: datetime.date
    period_start: datetime.date
    pool_id: str
    schedule_id: str
    transaction_id: str
    wallet_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        pool_id = self.pool_id

        schedule_id = self.schedule_id

        transaction_id = self.transaction_id

        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "period_end": period_end,
                "period_start": period_start,
                "pool_id": pool_id,
                "schedule_id": schedule_id,
                "transaction_id": transaction_id,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        pool_id = d.pop("pool_id")

        schedule_id = d.pop("schedule_id")

        transaction_id = d.pop("transaction_id")

        wallet_id = d.pop("wallet_id")

        contribution_paid_out = cls(
            amount=amount,
            period_end=period_end,
            period_start=period_start,
            pool_id=pool_id,
            schedule_id=schedule_id,
            transaction_id=transaction_id,
            wallet_id=wallet_id,
        )

        contribution_paid_out.additional_properties = d
        return contribution_paid_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PoolApprovalOut")


@_attrs_define
class PoolApprovalOut:
    """
    Attributes:
        amount (int):
        id (str):
        pool_payment_id (str):
        status (str):
        wallet_id (str):
        why (str):
    """

    amount: int
    id: str
    pool_payment_id: str
    status: str
    wallet_id: str
    why: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        id = self.id

        pool_payment_id = self.pool_payment_id

        status = self.status

        wallet_id = self.wallet_id

        why = self.why

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "id": id,
                "pool_payment_id": pool_payment_id,
                "status": status,
                "wallet_id": wallet_id,
                "why": why,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        id = d.pop("id")

        pool_payment_id = d.pop("pool_payment_id")

        status = d.pop("status")

        wallet_id = d.pop("wallet_id")

        why = d.pop("why")

        pool_approval_out = cls(
            amount=amount,
            id=id,
            pool_payment_id=pool_payment_id,
            status=status,
            wallet_id=wallet_id,
            why=why,
        )

        pool_approval_out.additional_properties = d
        return pool_approval_out

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

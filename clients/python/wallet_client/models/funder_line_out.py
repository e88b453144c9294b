from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FunderLineOut")


@_attrs_define
class FunderLineOut:
    """
    Attributes:
        available (int):
        awaiting_approval (int):
        committed (int):
        funder_id (str):
        in_pools (int):
        savings (int):
        total (int):
        wallets (int):
    """

    available: int
    awaiting_approval: int
    committed: int
    funder_id: str
    in_pools: int
    savings: int
    total: int
    wallets: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        awaiting_approval = self.awaiting_approval

        committed = self.committed

        funder_id = self.funder_id

        in_pools = self.in_pools

        savings = self.savings

        total = self.total

        wallets = self.wallets

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "awaiting_approval": awaiting_approval,
                "committed": committed,
                "funder_id": funder_id,
                "in_pools": in_pools,
                "savings": savings,
                "total": total,
                "wallets": wallets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available = d.pop("available")

        awaiting_approval = d.pop("awaiting_approval")

        committed = d.pop("committed")

        funder_id = d.pop("funder_id")

        in_pools = d.pop("in_pools")

        savings = d.pop("savings")

        total = d.pop("total")

        wallets = d.pop("wallets")

        funder_line_out = cls(
            available=available,
            awaiting_approval=awaiting_approval,
            committed=committed,
            funder_id=funder_id,
            in_pools=in_pools,
            savings=savings,
            total=total,
            wallets=wallets,
        )

        funder_line_out.additional_properties = d
        return funder_line_out

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

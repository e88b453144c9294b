from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.balances_by_source import BalancesBySource


T = TypeVar("T", bound="Balances")


@_attrs_define
class Balances:
    """
    Attributes:
        available (int):
        awaiting_approval (int):
        by_source (BalancesBySource):
        committed (int):
        contingency (int):
        in_pools (int):
        reserve_drawn (int):
        savings (int):
        total (int): everything still held for the person
    """

    available: int
    awaiting_approval: int
    by_source: BalancesBySource
    committed: int
    contingency: int
    in_pools: int
    reserve_drawn: int
    savings: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        awaiting_approval = self.awaiting_approval

        by_source = self.by_source.to_dict()

        committed = self.committed

        contingency = self.contingency

        in_pools = self.in_pools

        reserve_drawn = self.reserve_drawn

        savings = self.savings

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "awaiting_approval": awaiting_approval,
                "by_source": by_source,
                "committed": committed,
                "contingency": contingency,
                "in_pools": in_pools,
                "reserve_drawn": reserve_drawn,
                "savings": savings,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balances_by_source import BalancesBySource  # noqa: PLC0415

        d = dict(src_dict)
        available = d.pop("available")

        awaiting_approval = d.pop("awaiting_approval")

        by_source = BalancesBySource.from_dict(d.pop("by_source"))

        committed = d.pop("committed")

        contingency = d.pop("contingency")

        in_pools = d.pop("in_pools")

        reserve_drawn = d.pop("reserve_drawn")

        savings = d.pop("savings")

        total = d.pop("total")

        balances = cls(
            available=available,
            awaiting_approval=awaiting_approval,
            by_source=by_source,
            committed=committed,
            contingency=contingency,
            in_pools=in_pools,
            reserve_drawn=reserve_drawn,
            savings=savings,
            total=total,
        )

        balances.additional_properties = d
        return balances

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

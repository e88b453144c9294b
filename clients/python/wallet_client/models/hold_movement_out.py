from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.hold_out import HoldOut
    from ..models.transaction_out import TransactionOut


T = TypeVar("T", bound="HoldMovementOut")


@_attrs_define
class HoldMovementOut:
    """
    Attributes:
        hold (HoldOut):
        transaction (TransactionOut):
    """

    hold: HoldOut
    transaction: TransactionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hold = self.hold.to_dict()

        transaction = self.transaction.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hold": hold,
                "transaction": transaction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hold_out import HoldOut  # noqa: PLC0415
        from ..models.transaction_out import TransactionOut  # noqa: PLC0415

        d = dict(src_dict)
        hold = HoldOut.from_dict(d.pop("hold"))

        transaction = TransactionOut.from_dict(d.pop("transaction"))

        hold_movement_out = cls(
            hold=hold,
            transaction=transaction,
        )

        hold_movement_out.additional_properties = d
        return hold_movement_out

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

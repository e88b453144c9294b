from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.transaction_out import TransactionOut


T = TypeVar("T", bound="PoolMovementOut")


@_attrs_define
class PoolMovementOut:
    """
    Attributes:
        transaction (None | TransactionOut): absent when there was nothing to move
    """

    transaction: None | TransactionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.transaction_out import TransactionOut  # noqa: PLC0415

        transaction: dict[str, Any] | None
        if isinstance(self.transaction, TransactionOut):
            transaction = self.transaction.to_dict()
        else:
            transaction = self.transaction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transaction": transaction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transaction_out import TransactionOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_transaction(data: object) -> None | TransactionOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transaction_type_0 = TransactionOut.from_dict(data)

                return transaction_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransactionOut, data)

        transaction = _parse_transaction(d.pop("transaction"))

        pool_movement_out = cls(
            transaction=transaction,
        )

        pool_movement_out.additional_properties = d
        return pool_movement_out

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

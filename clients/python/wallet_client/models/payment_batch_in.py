from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.batch_mode import BatchMode

if TYPE_CHECKING:
    from ..models.payment_batch_item import PaymentBatchItem


T = TypeVar("T", bound="PaymentBatchIn")


@_attrs_define
class PaymentBatchIn:
    """
    Attributes:
        items (list[PaymentBatchItem]): at most 10,000; each `ref` once
        mode (BatchMode):
    """

    items: list[PaymentBatchItem]
    mode: BatchMode

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_batch_item import PaymentBatchItem  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = PaymentBatchItem.from_dict(items_item_data)

            items.append(items_item)

        mode = BatchMode(d.pop("mode"))

        payment_batch_in = cls(
            items=items,
            mode=mode,
        )

        return payment_batch_in

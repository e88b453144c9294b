from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_mode import BatchMode

if TYPE_CHECKING:
    from ..models.payment_batch_item_out import PaymentBatchItemOut
    from ..models.payment_batch_out_counts import PaymentBatchOutCounts


T = TypeVar("T", bound="PaymentBatchOut")


@_attrs_define
class PaymentBatchOut:
    """
    Attributes:
        counts (PaymentBatchOutCounts): how many items ended in each status
        items (list[PaymentBatchItemOut]): one result per item, in request order
        mode (BatchMode):
    """

    counts: PaymentBatchOutCounts
    items: list[PaymentBatchItemOut]
    mode: BatchMode
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        mode = self.mode.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counts": counts,
                "items": items,
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_batch_item_out import PaymentBatchItemOut  # noqa: PLC0415
        from ..models.payment_batch_out_counts import PaymentBatchOutCounts  # noqa: PLC0415

        d = dict(src_dict)
        counts = PaymentBatchOutCounts.from_dict(d.pop("counts"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = PaymentBatchItemOut.from_dict(items_item_data)

            items.append(items_item)

        mode = BatchMode(d.pop("mode"))

        payment_batch_out = cls(
            counts=counts,
            items=items,
            mode=mode,
        )

        payment_batch_out.additional_properties = d
        return payment_batch_out

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

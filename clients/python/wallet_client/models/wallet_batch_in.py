from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.batch_mode import BatchMode

if TYPE_CHECKING:
    from ..models.add_schedule_batch_item import AddScheduleBatchItem
    from ..models.change_amount_batch_item import ChangeAmountBatchItem
    from ..models.end_schedule_batch_item import EndScheduleBatchItem
    from ..models.open_wallet_batch_item import OpenWalletBatchItem


T = TypeVar("T", bound="WalletBatchIn")


@_attrs_define
class WalletBatchIn:
    """
    Attributes:
        items (list[AddScheduleBatchItem | ChangeAmountBatchItem | EndScheduleBatchItem | OpenWalletBatchItem]): at most
            10,000; each `ref` once
        mode (BatchMode):
    """

    items: list[AddScheduleBatchItem | ChangeAmountBatchItem | EndScheduleBatchItem | OpenWalletBatchItem]
    mode: BatchMode

    def to_dict(self) -> dict[str, Any]:
        from ..models.add_schedule_batch_item import AddScheduleBatchItem  # noqa: PLC0415
        from ..models.change_amount_batch_item import ChangeAmountBatchItem  # noqa: PLC0415
        from ..models.open_wallet_batch_item import OpenWalletBatchItem  # noqa: PLC0415

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, OpenWalletBatchItem):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, AddScheduleBatchItem):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, ChangeAmountBatchItem):
                items_item = items_item_data.to_dict()
            else:
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
        from ..models.add_schedule_batch_item import AddScheduleBatchItem  # noqa: PLC0415
        from ..models.change_amount_batch_item import ChangeAmountBatchItem  # noqa: PLC0415
        from ..models.end_schedule_batch_item import EndScheduleBatchItem  # noqa: PLC0415
        from ..models.open_wallet_batch_item import OpenWalletBatchItem  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(
                data: object,
            ) -> AddScheduleBatchItem | ChangeAmountBatchItem | EndScheduleBatchItem | OpenWalletBatchItem:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    items_item_type_0 = OpenWalletBatchItem.from_dict(data)

                    return items_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    items_item_type_1 = AddScheduleBatchItem.from_dict(data)

                    return items_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    items_item_type_2 = ChangeAmountBatchItem.from_dict(data)

                    return items_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                items_item_type_3 = EndScheduleBatchItem.from_dict(data)

                return items_item_type_3

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        mode = BatchMode(d.pop("mode"))

        wallet_batch_in = cls(
            items=items,
            mode=mode,
        )

        return wallet_batch_in

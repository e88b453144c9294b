from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pool_approval_out import PoolApprovalOut
    from ..models.pool_payment_out_parts import PoolPaymentOutParts
    from ..models.transaction_out import TransactionOut


T = TypeVar("T", bound="PoolPaymentOut")


@_attrs_define
class PoolPaymentOut:
    """
    Attributes:
        amount (int):
        approvals (list[PoolApprovalOut]):
        category (str):
        effective_date (datetime.date):
        id (str):
        parts (PoolPaymentOutParts):
        pool_id (str):
        status (str):
        transaction (None | TransactionOut):
    """

    amount: int
    approvals: list[PoolApprovalOut]
    category: str
    effective_date: datetime.date
    id: str
    parts: PoolPaymentOutParts
    pool_id: str
    status: str
    transaction: None | TransactionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.transaction_out import TransactionOut  # noqa: PLC0415

        amount = self.amount

        approvals = []
        for approvals_item_data in self.approvals:
            approvals_item = approvals_item_data.to_dict()
            approvals.append(approvals_item)

        category = self.category

        effective_date = self.effective_date.isoformat()

        id = self.id

        parts = self.parts.to_dict()

        pool_id = self.pool_id

        status = self.status

        transaction: dict[str, Any] | None
        if isinstance(self.transaction, TransactionOut):
            transaction = self.transaction.to_dict()
        else:
            transaction = self.transaction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "approvals": approvals,
                "category": category,
                "effective_date": effective_date,
                "id": id,
                "parts": parts,
                "pool_id": pool_id,
                "status": status,
                "transaction": transaction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_approval_out import PoolApprovalOut  # noqa: PLC0415
        from ..models.pool_payment_out_parts import PoolPaymentOutParts  # noqa: PLC0415
        from ..models.transaction_out import TransactionOut  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        approvals = []
        _approvals = d.pop("approvals")
        for approvals_item_data in _approvals:
            approvals_item = PoolApprovalOut.from_dict(approvals_item_data)

            approvals.append(approvals_item)

        category = d.pop("category")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        id = d.pop("id")

        parts = PoolPaymentOutParts.from_dict(d.pop("parts"))

        pool_id = d.pop("pool_id")

        status = d.pop("status")

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

        pool_payment_out = cls(
            amount=amount,
            approvals=approvals,
            category=category,
            effective_date=effective_date,
            id=id,
            parts=parts,
            pool_id=pool_id,
            status=status,
            transaction=transaction,
        )

        pool_payment_out.additional_properties = d
        return pool_payment_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.approval_out import ApprovalOut
    from ..models.transaction_out import TransactionOut


T = TypeVar("T", bound="PaymentOut")


@_attrs_define
class PaymentOut:
    """
    Attributes:
        approval (ApprovalOut | None):
        reserve_drawn (int):
        status (str):
        transaction (TransactionOut):
    """

    approval: ApprovalOut | None
    reserve_drawn: int
    status: str
    transaction: TransactionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.approval_out import ApprovalOut  # noqa: PLC0415

        approval: dict[str, Any] | None
        if isinstance(self.approval, ApprovalOut):
            approval = self.approval.to_dict()
        else:
            approval = self.approval

        reserve_drawn = self.reserve_drawn

        status = self.status

        transaction = self.transaction.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approval": approval,
                "reserve_drawn": reserve_drawn,
                "status": status,
                "transaction": transaction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_out import ApprovalOut  # noqa: PLC0415
        from ..models.transaction_out import TransactionOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_approval(data: object) -> ApprovalOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                approval_type_0 = ApprovalOut.from_dict(data)

                return approval_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApprovalOut | None, data)

        approval = _parse_approval(d.pop("approval"))

        reserve_drawn = d.pop("reserve_drawn")

        status = d.pop("status")

        transaction = TransactionOut.from_dict(d.pop("transaction"))

        payment_out = cls(
            approval=approval,
            reserve_drawn=reserve_drawn,
            status=status,
            transaction=transaction,
        )

        payment_out.additional_properties = d
        return payment_out

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

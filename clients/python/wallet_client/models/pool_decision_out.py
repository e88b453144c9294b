from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pool_approval_out import PoolApprovalOut
    from ..models.pool_payment_out import PoolPaymentOut


T = TypeVar("T", bound="PoolDecisionOut")


@_attrs_define
class PoolDecisionOut:
    """
    Attributes:
        approval (PoolApprovalOut):
        pool_payment (PoolPaymentOut):
    """

    approval: PoolApprovalOut
    pool_payment: PoolPaymentOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approval = self.approval.to_dict()

        pool_payment = self.pool_payment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approval": approval,
                "pool_payment": pool_payment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_approval_out import PoolApprovalOut  # noqa: PLC0415
        from ..models.pool_payment_out import PoolPaymentOut  # noqa: PLC0415

        d = dict(src_dict)
        approval = PoolApprovalOut.from_dict(d.pop("approval"))

        pool_payment = PoolPaymentOut.from_dict(d.pop("pool_payment"))

        pool_decision_out = cls(
            approval=approval,
            pool_payment=pool_payment,
        )

        pool_decision_out.additional_properties = d
        return pool_decision_out

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

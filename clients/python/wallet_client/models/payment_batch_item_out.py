from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.item_status import ItemStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.item_problem import ItemProblem


T = TypeVar("T", bound="PaymentBatchItemOut")


@_attrs_define
class PaymentBatchItemOut:
    """
    Attributes:
        index (int): the item's place in the request, from 0
        ref (str):
        status (ItemStatus):
        approval_id (None | str | Unset): awaiting approval: decide it with POST /v1/approvals/{id}/…
        problem (ItemProblem | None | Unset): why it was refused
        transaction_id (None | str | Unset): the payment, or the reservation awaiting approval
        wallet_id (None | str | Unset):
    """

    index: int
    ref: str
    status: ItemStatus
    approval_id: None | str | Unset = UNSET
    problem: ItemProblem | None | Unset = UNSET
    transaction_id: None | str | Unset = UNSET
    wallet_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.item_problem import ItemProblem  # noqa: PLC0415

        index = self.index

        ref = self.ref

        status = self.status.value

        approval_id: None | str | Unset
        if isinstance(self.approval_id, Unset):
            approval_id = UNSET
        else:
            approval_id = self.approval_id

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, ItemProblem):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        transaction_id: None | str | Unset
        if isinstance(self.transaction_id, Unset):
            transaction_id = UNSET
        else:
            transaction_id = self.transaction_id

        wallet_id: None | str | Unset
        if isinstance(self.wallet_id, Unset):
            wallet_id = UNSET
        else:
            wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "ref": ref,
                "status": status,
            }
        )
        if approval_id is not UNSET:
            field_dict["approval_id"] = approval_id
        if problem is not UNSET:
            field_dict["problem"] = problem
        if transaction_id is not UNSET:
            field_dict["transaction_id"] = transaction_id
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.item_problem import ItemProblem  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        ref = d.pop("ref")

        status = ItemStatus(d.pop("status"))

        def _parse_approval_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        approval_id = _parse_approval_id(d.pop("approval_id", UNSET))

        def _parse_problem(data: object) -> ItemProblem | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = ItemProblem.from_dict(data)

                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ItemProblem | None | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))

        def _parse_transaction_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id", UNSET))

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))

        payment_batch_item_out = cls(
            index=index,
            ref=ref,
            status=status,
            approval_id=approval_id,
            problem=problem,
            transaction_id=transaction_id,
            wallet_id=wallet_id,
        )

        payment_batch_item_out.additional_properties = d
        return payment_batch_item_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.item_status import ItemStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.item_problem import ItemProblem


T = TypeVar("T", bound="WalletBatchItemOut")


@_attrs_define
class WalletBatchItemOut:
    """
    Attributes:
        index (int): the item's place in the request, from 0
        ref (str):
        status (ItemStatus):
        problem (ItemProblem | None | Unset): why it was refused
        schedule_ids (list[str] | Unset): the schedules set up, changed or ended
        wallet_id (None | str | Unset): the wallet opened or changed
    """

    index: int
    ref: str
    status: ItemStatus
    problem: ItemProblem | None | Unset = UNSET
    schedule_ids: list[str] | Unset = UNSET
    wallet_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.item_problem import ItemProblem  # noqa: PLC0415

        index = self.index

        ref = self.ref

        status = self.status.value

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, ItemProblem):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        schedule_ids: list[str] | Unset = UNSET
        if not isinstance(self.schedule_ids, Unset):
            schedule_ids = self.schedule_ids

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
        if problem is not UNSET:
            field_dict["problem"] = problem
        if schedule_ids is not UNSET:
            field_dict["schedule_ids"] = schedule_ids
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

        schedule_ids = cast(list[str], d.pop("schedule_ids", UNSET))

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))

        wallet_batch_item_out = cls(
            index=index,
            ref=ref,
            status=status,
            problem=problem,
            schedule_ids=schedule_ids,
            wallet_id=wallet_id,
        )

        wallet_batch_item_out.additional_properties = d
        return wallet_batch_item_out

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

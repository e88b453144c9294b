from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.move_out import MoveOut
    from ..models.refused_move import RefusedMove


T = TypeVar("T", bound="HolderMoveOut")


@_attrs_define
class HolderMoveOut:
    """
    Attributes:
        moved (list[MoveOut]):
        refused (list[RefusedMove]):
    """

    moved: list[MoveOut]
    refused: list[RefusedMove]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        moved = []
        for moved_item_data in self.moved:
            moved_item = moved_item_data.to_dict()
            moved.append(moved_item)

        refused = []
        for refused_item_data in self.refused:
            refused_item = refused_item_data.to_dict()
            refused.append(refused_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "moved": moved,
                "refused": refused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.move_out import MoveOut  # noqa: PLC0415
        from ..models.refused_move import RefusedMove  # noqa: PLC0415

        d = dict(src_dict)
        moved = []
        _moved = d.pop("moved")
        for moved_item_data in _moved:
            moved_item = MoveOut.from_dict(moved_item_data)

            moved.append(moved_item)

        refused = []
        _refused = d.pop("refused")
        for refused_item_data in _refused:
            refused_item = RefusedMove.from_dict(refused_item_data)

            refused.append(refused_item)

        holder_move_out = cls(
            moved=moved,
            refused=refused,
        )

        holder_move_out.additional_properties = d
        return holder_move_out

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

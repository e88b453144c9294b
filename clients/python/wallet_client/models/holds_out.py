from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HoldsOut")


@_attrs_define
class HoldsOut:
    """Money reserved for known costs: pending, so it never moves the balances above.

    Attributes:
        captured (int):
        committed_at_end (int):
        committed_at_start (int):
        placed (int):
        released (int): given back to available: released or expired
        sent_for_approval (int): captures that had to wait for approval
    """

    captured: int
    committed_at_end: int
    committed_at_start: int
    placed: int
    released: int
    sent_for_approval: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        captured = self.captured

        committed_at_end = self.committed_at_end

        committed_at_start = self.committed_at_start

        placed = self.placed

        released = self.released

        sent_for_approval = self.sent_for_approval

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "captured": captured,
                "committed_at_end": committed_at_end,
                "committed_at_start": committed_at_start,
                "placed": placed,
                "released": released,
                "sent_for_approval": sent_for_approval,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        captured = d.pop("captured")

        committed_at_end = d.pop("committed_at_end")

        committed_at_start = d.pop("committed_at_start")

        placed = d.pop("placed")

        released = d.pop("released")

        sent_for_approval = d.pop("sent_for_approval")

        holds_out = cls(
            captured=captured,
            committed_at_end=committed_at_end,
            committed_at_start=committed_at_start,
            placed=placed,
            released=released,
            sent_for_approval=sent_for_approval,
        )

        holds_out.additional_properties = d
        return holds_out

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

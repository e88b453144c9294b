from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AwaitingApprovalOut")


@_attrs_define
class AwaitingApprovalOut:
    """
    Attributes:
        approved (int):
        at_end (int):
        at_start (int):
        rejected (int):
        requested (int):
    """

    approved: int
    at_end: int
    at_start: int
    rejected: int
    requested: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        at_end = self.at_end

        at_start = self.at_start

        rejected = self.rejected

        requested = self.requested

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approved": approved,
                "at_end": at_end,
                "at_start": at_start,
                "rejected": rejected,
                "requested": requested,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved")

        at_end = d.pop("at_end")

        at_start = d.pop("at_start")

        rejected = d.pop("rejected")

        requested = d.pop("requested")

        awaiting_approval_out = cls(
            approved=approved,
            at_end=at_end,
            at_start=at_start,
            rejected=rejected,
            requested=requested,
        )

        awaiting_approval_out.additional_properties = d
        return awaiting_approval_out

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

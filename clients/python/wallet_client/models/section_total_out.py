from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.section import Section

T = TypeVar("T", bound="SectionTotalOut")


@_attrs_define
class SectionTotalOut:
    """
    Attributes:
        amount (int):
        display (str):
        section (Section): In the order a statement shows them.
        title (str):
    """

    amount: int
    display: str
    section: Section
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        display = self.display

        section = self.section.value

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "display": display,
                "section": section,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        display = d.pop("display")

        section = Section(d.pop("section"))

        title = d.pop("title")

        section_total_out = cls(
            amount=amount,
            display=display,
            section=section,
            title=title,
        )

        section_total_out.additional_properties = d
        return section_total_out

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

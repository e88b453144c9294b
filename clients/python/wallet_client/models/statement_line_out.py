from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pot import Pot
from ..models.section import Section
from ..types import UNSET, Unset

T = TypeVar("T", bound="StatementLineOut")


@_attrs_define
class StatementLineOut:
    """
    Attributes:
        amount (int): signed minor units: positive added to the pot, negative took from it
        code (str): the funding source, spending category or kind of movement, as a stable code
        display (str):
        label (str): the same in plain words, for people ("Your contribution", "Personal care")
        pot (Pot):
        section (Section): In the order a statement shows them.
        other_wallet_id (None | str | Unset): for a move: the person's wallet at the new holder (on the old wallet's
            statement) or at the previous holder (on the new wallet's)
    """

    amount: int
    code: str
    display: str
    label: str
    pot: Pot
    section: Section
    other_wallet_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        code = self.code

        display = self.display

        label = self.label

        pot = self.pot.value

        section = self.section.value

        other_wallet_id: None | str | Unset
        if isinstance(self.other_wallet_id, Unset):
            other_wallet_id = UNSET
        else:
            other_wallet_id = self.other_wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "code": code,
                "display": display,
                "label": label,
                "pot": pot,
                "section": section,
            }
        )
        if other_wallet_id is not UNSET:
            field_dict["other_wallet_id"] = other_wallet_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        code = d.pop("code")

        display = d.pop("display")

        label = d.pop("label")

        pot = Pot(d.pop("pot"))

        section = Section(d.pop("section"))

        def _parse_other_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        other_wallet_id = _parse_other_wallet_id(d.pop("other_wallet_id", UNSET))

        statement_line_out = cls(
            amount=amount,
            code=code,
            display=display,
            label=label,
            pot=pot,
            section=section,
            other_wallet_id=other_wallet_id,
        )

        statement_line_out.additional_properties = d
        return statement_line_out

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

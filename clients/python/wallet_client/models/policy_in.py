from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.policy_in_rules import PolicyInRules


T = TypeVar("T", bound="PolicyIn")


@_attrs_define
class PolicyIn:
    """
    Attributes:
        name (str):
        rules (PolicyInRules | Unset): the funder's rules; see the README
    """

    name: str
    rules: PolicyInRules | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        rules: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = self.rules.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if rules is not UNSET:
            field_dict["rules"] = rules

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_in_rules import PolicyInRules  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        _rules = d.pop("rules", UNSET)
        rules: PolicyInRules | Unset
        if isinstance(_rules, Unset):
            rules = UNSET
        else:
            rules = PolicyInRules.from_dict(_rules)

        policy_in = cls(
            name=name,
            rules=rules,
        )

        return policy_in

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.policy_revision_in_rules import PolicyRevisionInRules


T = TypeVar("T", bound="PolicyRevisionIn")


@_attrs_define
class PolicyRevisionIn:
    """
    Attributes:
        rules (PolicyRevisionInRules):
    """

    rules: PolicyRevisionInRules

    def to_dict(self) -> dict[str, Any]:
        rules = self.rules.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rules": rules,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_revision_in_rules import PolicyRevisionInRules  # noqa: PLC0415

        d = dict(src_dict)
        rules = PolicyRevisionInRules.from_dict(d.pop("rules"))

        policy_revision_in = cls(
            rules=rules,
        )

        return policy_revision_in

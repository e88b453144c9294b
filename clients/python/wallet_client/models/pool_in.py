from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.split import Split

if TYPE_CHECKING:
    from ..models.member_in import MemberIn


T = TypeVar("T", bound="PoolIn")


@_attrs_define
class PoolIn:
    """
    Attributes:
        joined_on (datetime.date):
        members (list[MemberIn]):
        name (str):
        split (Split):
    """

    joined_on: datetime.date
    members: list[MemberIn]
    name: str
    split: Split

    def to_dict(self) -> dict[str, Any]:
        joined_on = self.joined_on.isoformat()

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        name = self.name

        split = self.split.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "joined_on": joined_on,
                "members": members,
                "name": name,
                "split": split,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_in import MemberIn  # noqa: PLC0415

        d = dict(src_dict)
        joined_on = datetime.date.fromisoformat(d.pop("joined_on"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberIn.from_dict(members_item_data)

            members.append(members_item)

        name = d.pop("name")

        split = Split(d.pop("split"))

        pool_in = cls(
            joined_on=joined_on,
            members=members,
            name=name,
            split=split,
        )

        return pool_in

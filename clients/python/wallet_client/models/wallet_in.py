from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.arrangement import Arrangement

T = TypeVar("T", bound="WalletIn")


@_attrs_define
class WalletIn:
    """
    Attributes:
        arrangement (Arrangement):
        holder_id (str):
        opened_on (datetime.date):
        person_ref (str): the funder's own reference for the person; no names or addresses
        policy_id (str):
    """

    arrangement: Arrangement
    holder_id: str
    opened_on: datetime.date
    person_ref: str
    policy_id: str

    def to_dict(self) -> dict[str, Any]:
        arrangement = self.arrangement.value

        holder_id = self.holder_id

        opened_on = self.opened_on.isoformat()

        person_ref = self.person_ref

        policy_id = self.policy_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "arrangement": arrangement,
                "holder_id": holder_id,
                "opened_on": opened_on,
                "person_ref": person_ref,
                "policy_id": policy_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        arrangement = Arrangement(d.pop("arrangement"))

        holder_id = d.pop("holder_id")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        person_ref = d.pop("person_ref")

        policy_id = d.pop("policy_id")

        wallet_in = cls(
            arrangement=arrangement,
            holder_id=holder_id,
            opened_on=opened_on,
            person_ref=person_ref,
            policy_id=policy_id,
        )

        return wallet_in

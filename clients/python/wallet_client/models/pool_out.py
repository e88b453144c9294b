from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.split import Split

if TYPE_CHECKING:
    from ..models.pool_member_out import PoolMemberOut
    from ..models.pool_payment_summary import PoolPaymentSummary


T = TypeVar("T", bound="PoolOut")


@_attrs_define
class PoolOut:
    """
    Attributes:
        balance (int): the sum of every member's share
        closed_on (datetime.date | None):
        created_at (datetime.datetime):
        currency (str):
        holder_id (str):
        id (str):
        member_count (int):
        members (list[PoolMemberOut]): the members this key may see
        name (str):
        payments (list[PoolPaymentSummary]):
        split (Split):
        status (str):
    """

    balance: int
    closed_on: datetime.date | None
    created_at: datetime.datetime
    currency: str
    holder_id: str
    id: str
    member_count: int
    members: list[PoolMemberOut]
    name: str
    payments: list[PoolPaymentSummary]
    split: Split
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance = self.balance

        closed_on: None | str
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        created_at = self.created_at.isoformat()

        currency = self.currency

        holder_id = self.holder_id

        id = self.id

        member_count = self.member_count

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        name = self.name

        payments = []
        for payments_item_data in self.payments:
            payments_item = payments_item_data.to_dict()
            payments.append(payments_item)

        split = self.split.value

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance": balance,
                "closed_on": closed_on,
                "created_at": created_at,
                "currency": currency,
                "holder_id": holder_id,
                "id": id,
                "member_count": member_count,
                "members": members,
                "name": name,
                "payments": payments,
                "split": split,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_member_out import PoolMemberOut  # noqa: PLC0415
        from ..models.pool_payment_summary import PoolPaymentSummary  # noqa: PLC0415

        d = dict(src_dict)
        balance = d.pop("balance")

        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        holder_id = d.pop("holder_id")

        id = d.pop("id")

        member_count = d.pop("member_count")

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = PoolMemberOut.from_dict(members_item_data)

            members.append(members_item)

        name = d.pop("name")

        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = PoolPaymentSummary.from_dict(payments_item_data)

            payments.append(payments_item)

        split = Split(d.pop("split"))

        status = d.pop("status")

        pool_out = cls(
            balance=balance,
            closed_on=closed_on,
            created_at=created_at,
            currency=currency,
            holder_id=holder_id,
            id=id,
            member_count=member_count,
            members=members,
            name=name,
            payments=payments,
            split=split,
            status=status,
        )

        pool_out.additional_properties = d
        return pool_out

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

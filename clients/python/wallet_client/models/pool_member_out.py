from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pool_member_out_share_by_source import PoolMemberOutShareBySource


T = TypeVar("T", bound="PoolMemberOut")


@_attrs_define
class PoolMemberOut:
    """
    Attributes:
        amount (int | None):
        contributed (int):
        joined_on (datetime.date):
        left_on (datetime.date | None):
        person_ref (str):
        refunded (int):
        share (int):
        share_by_source (PoolMemberOutShareBySource):
        spent (int):
        wallet_id (str):
        weight (int | None):
    """

    amount: int | None
    contributed: int
    joined_on: datetime.date
    left_on: datetime.date | None
    person_ref: str
    refunded: int
    share: int
    share_by_source: PoolMemberOutShareBySource
    spent: int
    wallet_id: str
    weight: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount: int | None
        amount = self.amount

        contributed = self.contributed

        joined_on = self.joined_on.isoformat()

        left_on: None | str
        if isinstance(self.left_on, datetime.date):
            left_on = self.left_on.isoformat()
        else:
            left_on = self.left_on

        person_ref = self.person_ref

        refunded = self.refunded

        share = self.share

        share_by_source = self.share_by_source.to_dict()

        spent = self.spent

        wallet_id = self.wallet_id

        weight: int | None
        weight = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "contributed": contributed,
                "joined_on": joined_on,
                "left_on": left_on,
                "person_ref": person_ref,
                "refunded": refunded,
                "share": share,
                "share_by_source": share_by_source,
                "spent": spent,
                "wallet_id": wallet_id,
                "weight": weight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_member_out_share_by_source import PoolMemberOutShareBySource  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        contributed = d.pop("contributed")

        joined_on = datetime.date.fromisoformat(d.pop("joined_on"))

        def _parse_left_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                left_on_type_0 = datetime.date.fromisoformat(data)

                return left_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        left_on = _parse_left_on(d.pop("left_on"))

        person_ref = d.pop("person_ref")

        refunded = d.pop("refunded")

        share = d.pop("share")

        share_by_source = PoolMemberOutShareBySource.from_dict(d.pop("share_by_source"))

        spent = d.pop("spent")

        wallet_id = d.pop("wallet_id")

        def _parse_weight(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        weight = _parse_weight(d.pop("weight"))

        pool_member_out = cls(
            amount=amount,
            contributed=contributed,
            joined_on=joined_on,
            left_on=left_on,
            person_ref=person_ref,
            refunded=refunded,
            share=share,
            share_by_source=share_by_source,
            spent=spent,
            wallet_id=wallet_id,
            weight=weight,
        )

        pool_member_out.additional_properties = d
        return pool_member_out

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

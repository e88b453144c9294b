from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContributionRefusedOut")


@_attrs_define
class ContributionRefusedOut:
    """
    Attributes:
        detail (str):
        period_start (datetime.date): the first period not made; later ones wait for it
        pool_id (str):
        schedule_id (str): the pool contribution schedule
        type_ (str): the problem type that refused it, e.g. insufficient-funds
        wallet_id (str):
        shortfall (int | None | Unset):
    """

    detail: str
    period_start: datetime.date
    pool_id: str
    schedule_id: str
    type_: str
    wallet_id: str
    shortfall: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        period_start = self.period_start.isoformat()

        pool_id = self.pool_id

        schedule_id = self.schedule_id

        type_ = self.type_

        wallet_id = self.wallet_id

        shortfall: int | None | Unset
        if isinstance(self.shortfall, Unset):
            shortfall = UNSET
        else:
            shortfall = self.shortfall

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
                "period_start": period_start,
                "pool_id": pool_id,
                "schedule_id": schedule_id,
                "type": type_,
                "wallet_id": wallet_id,
            }
        )
        if shortfall is not UNSET:
            field_dict["shortfall"] = shortfall

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        pool_id = d.pop("pool_id")

        schedule_id = d.pop("schedule_id")

        type_ = d.pop("type")

        wallet_id = d.pop("wallet_id")

        def _parse_shortfall(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        shortfall = _parse_shortfall(d.pop("shortfall", UNSET))

        contribution_refused_out = cls(
            detail=detail,
            period_start=period_start,
            pool_id=pool_id,
            schedule_id=schedule_id,
            type_=type_,
            wallet_id=wallet_id,
            shortfall=shortfall,
        )

        contribution_refused_out.additional_properties = d
        return contribution_refused_out

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

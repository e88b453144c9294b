from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.every import Every

T = TypeVar("T", bound="ContributionScheduleOut")


@_attrs_define
class ContributionScheduleOut:
    """
    Attributes:
        amount (int | None):
        created_at (datetime.datetime):
        ended_at (datetime.datetime | None): when the holder last ended it
        ended_on (datetime.date | None): the end the holder set later (POST …/end); null if never ended
        ends_on (datetime.date | None): the last day contributed for, as things stand: the earlier of ends_on_as_created
            and ended_on
        ends_on_as_created (datetime.date | None): the end the schedule was set up with
        every (Every):
        id (str):
        pool_id (str):
        starts_on (datetime.date):
        wallet_id (None | str): the one member contributing; null for every member by share
    """

    amount: int | None
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    ended_on: datetime.date | None
    ends_on: datetime.date | None
    ends_on_as_created: datetime.date | None
    every: Every
    id: str
    pool_id: str
    starts_on: datetime.date
    wallet_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount: int | None
        amount = self.amount

        created_at = self.created_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        ended_on: None | str
        if isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        ends_on_as_created: None | str
        if isinstance(self.ends_on_as_created, datetime.date):
            ends_on_as_created = self.ends_on_as_created.isoformat()
        else:
            ends_on_as_created = self.ends_on_as_created

        every = self.every.value

        id = self.id

        pool_id = self.pool_id

        starts_on = self.starts_on.isoformat()

        wallet_id: None | str
        wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "created_at": created_at,
                "ended_at": ended_at,
                "ended_on": ended_on,
                "ends_on": ends_on,
                "ends_on_as_created": ends_on_as_created,
                "every": every,
                "id": id,
                "pool_id": pool_id,
                "starts_on": starts_on,
                "wallet_id": wallet_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_ended_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ended_on = _parse_ended_on(d.pop("ended_on"))

        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))

        def _parse_ends_on_as_created(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_as_created_type_0 = datetime.date.fromisoformat(data)

                return ends_on_as_created_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on_as_created = _parse_ends_on_as_created(d.pop("ends_on_as_created"))

        every = Every(d.pop("every"))

        id = d.pop("id")

        pool_id = d.pop("pool_id")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        def _parse_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id"))

        contribution_schedule_out = cls(
            amount=amount,
            created_at=created_at,
            ended_at=ended_at,
            ended_on=ended_on,
            ends_on=ends_on,
            ends_on_as_created=ends_on_as_created,
            every=every,
            id=id,
            pool_id=pool_id,
            starts_on=starts_on,
            wallet_id=wallet_id,
        )

        contribution_schedule_out.additional_properties = d
        return contribution_schedule_out

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

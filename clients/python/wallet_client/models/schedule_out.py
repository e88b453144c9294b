from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.every import Every
from ..models.source import Source

if TYPE_CHECKING:
    from ..models.amount_change_out import AmountChangeOut


T = TypeVar("T", bound="ScheduleOut")


@_attrs_define
class ScheduleOut:
    """
    Attributes:
        amount (int):
        amount_changes (list[AmountChangeOut]):
        created_at (datetime.datetime):
        ended_at (datetime.datetime | None): when the funder last ended it
        ended_on (datetime.date | None): the end the funder set later (POST …/end); null if never ended
        ends_on (datetime.date | None): the last day funded, as things stand: the earlier of ends_on_as_created and
            ended_on
        ends_on_as_created (datetime.date | None): the end the schedule was set up with
        every (Every):
        funder_id (str):
        id (str):
        in_advance (bool):
        opening_float (int | None):
        source (Source):
        starts_on (datetime.date):
        wallet_id (str):
        weekly_equivalent (int): the schedule's own amount as a weekly budget, rounded down
    """

    amount: int
    amount_changes: list[AmountChangeOut]
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    ended_on: datetime.date | None
    ends_on: datetime.date | None
    ends_on_as_created: datetime.date | None
    every: Every
    funder_id: str
    id: str
    in_advance: bool
    opening_float: int | None
    source: Source
    starts_on: datetime.date
    wallet_id: str
    weekly_equivalent: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        amount_changes = []
        for amount_changes_item_data in self.amount_changes:
            amount_changes_item = amount_changes_item_data.to_dict()
            amount_changes.append(amount_changes_item)

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

        funder_id = self.funder_id

        id = self.id

        in_advance = self.in_advance

        opening_float: int | None
        opening_float = self.opening_float

        source = self.source.value

        starts_on = self.starts_on.isoformat()

        wallet_id = self.wallet_id

        weekly_equivalent = self.weekly_equivalent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "amount_changes": amount_changes,
                "created_at": created_at,
                "ended_at": ended_at,
                "ended_on": ended_on,
                "ends_on": ends_on,
                "ends_on_as_created": ends_on_as_created,
                "every": every,
                "funder_id": funder_id,
                "id": id,
                "in_advance": in_advance,
                "opening_float": opening_float,
                "source": source,
                "starts_on": starts_on,
                "wallet_id": wallet_id,
                "weekly_equivalent": weekly_equivalent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amount_change_out import AmountChangeOut  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        amount_changes = []
        _amount_changes = d.pop("amount_changes")
        for amount_changes_item_data in _amount_changes:
            amount_changes_item = AmountChangeOut.from_dict(amount_changes_item_data)

            amount_changes.append(amount_changes_item)

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

        funder_id = d.pop("funder_id")

        id = d.pop("id")

        in_advance = d.pop("in_advance")

        def _parse_opening_float(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        opening_float = _parse_opening_float(d.pop("opening_float"))

        source = Source(d.pop("source"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        wallet_id = d.pop("wallet_id")

        weekly_equivalent = d.pop("weekly_equivalent")

        schedule_out = cls(
            amount=amount,
            amount_changes=amount_changes,
            created_at=created_at,
            ended_at=ended_at,
            ended_on=ended_on,
            ends_on=ends_on,
            ends_on_as_created=ends_on_as_created,
            every=every,
            funder_id=funder_id,
            id=id,
            in_advance=in_advance,
            opening_float=opening_float,
            source=source,
            starts_on=starts_on,
            wallet_id=wallet_id,
            weekly_equivalent=weekly_equivalent,
        )

        schedule_out.additional_properties = d
        return schedule_out

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

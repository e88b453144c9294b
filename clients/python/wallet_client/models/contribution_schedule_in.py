from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.every import Every
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContributionScheduleIn")


@_attrs_define
class ContributionScheduleIn:
    """
    Attributes:
        every (Every):
        starts_on (datetime.date): the first period's first day; each period's contribution is due on its first day,
            made by the funding run of each member's funder
        amount (int | None | Unset): one member's amount, or the total to split, each period; omit for fixed pools to
            use each member's agreed amount
        ends_on (datetime.date | None | Unset): the last day contributed for; a final part-period is pro-rated by days
        wallet_id (None | str | Unset): one member; omit for every member by their share
    """

    every: Every
    starts_on: datetime.date
    amount: int | None | Unset = UNSET
    ends_on: datetime.date | None | Unset = UNSET
    wallet_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        every = self.every.value

        starts_on = self.starts_on.isoformat()

        amount: int | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        wallet_id: None | str | Unset
        if isinstance(self.wallet_id, Unset):
            wallet_id = UNSET
        else:
            wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "every": every,
                "starts_on": starts_on,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        every = Every(d.pop("every"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        def _parse_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))

        contribution_schedule_in = cls(
            every=every,
            starts_on=starts_on,
            amount=amount,
            ends_on=ends_on,
            wallet_id=wallet_id,
        )

        return contribution_schedule_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PeriodCloseIn")


@_attrs_define
class PeriodCloseIn:
    """
    Attributes:
        period_end (datetime.date):
        itemised (bool | Unset): list every wallet's item; false answers with the counts and totals only, for a close
            over a whole book (`GET /v1/period-closes/{id}` lists the items) Default: True.
        wallet_ids (list[str] | None | Unset): omit for every open wallet
    """

    period_end: datetime.date
    itemised: bool | Unset = True
    wallet_ids: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        period_end = self.period_end.isoformat()

        itemised = self.itemised

        wallet_ids: list[str] | None | Unset
        if isinstance(self.wallet_ids, Unset):
            wallet_ids = UNSET
        elif isinstance(self.wallet_ids, list):
            wallet_ids = self.wallet_ids

        else:
            wallet_ids = self.wallet_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "period_end": period_end,
            }
        )
        if itemised is not UNSET:
            field_dict["itemised"] = itemised
        if wallet_ids is not UNSET:
            field_dict["wallet_ids"] = wallet_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        itemised = d.pop("itemised", UNSET)

        def _parse_wallet_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                wallet_ids_type_0 = cast(list[str], data)

                return wallet_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        wallet_ids = _parse_wallet_ids(d.pop("wallet_ids", UNSET))

        period_close_in = cls(
            period_end=period_end,
            itemised=itemised,
            wallet_ids=wallet_ids,
        )

        return period_close_in

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConfirmIn")


@_attrs_define
class ConfirmIn:
    """
    Attributes:
        itemised (bool | Unset): list every wallet's item; false answers with the counts and totals only, for a close
            over a whole book (`GET /v1/period-closes/{id}` lists the items) Default: True.
        skip_stale (bool | Unset): confirm the wallets that have not changed; mark the rest stale Default: False.
    """

    itemised: bool | Unset = True
    skip_stale: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        itemised = self.itemised

        skip_stale = self.skip_stale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if itemised is not UNSET:
            field_dict["itemised"] = itemised
        if skip_stale is not UNSET:
            field_dict["skip_stale"] = skip_stale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        itemised = d.pop("itemised", UNSET)

        skip_stale = d.pop("skip_stale", UNSET)

        confirm_in = cls(
            itemised=itemised,
            skip_stale=skip_stale,
        )

        return confirm_in

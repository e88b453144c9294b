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
        skip_stale (bool | Unset): confirm the wallets that have not changed; mark the rest stale Default: False.
    """

    skip_stale: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        skip_stale = self.skip_stale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if skip_stale is not UNSET:
            field_dict["skip_stale"] = skip_stale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        skip_stale = d.pop("skip_stale", UNSET)

        confirm_in = cls(
            skip_stale=skip_stale,
        )

        return confirm_in

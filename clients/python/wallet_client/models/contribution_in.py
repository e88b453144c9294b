from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContributionIn")


@_attrs_define
class ContributionIn:
    """
    Attributes:
        effective_date (datetime.date):
        amount (int | None | Unset): one member's amount, or the total to split; omit for fixed pools to use each
            member's agreed amount
        reference (None | str | Unset):
        wallet_id (None | str | Unset): one member; omit for every member by their share
    """

    effective_date: datetime.date
    amount: int | None | Unset = UNSET
    reference: None | str | Unset = UNSET
    wallet_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        effective_date = self.effective_date.isoformat()

        amount: int | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        wallet_id: None | str | Unset
        if isinstance(self.wallet_id, Unset):
            wallet_id = UNSET
        else:
            wallet_id = self.wallet_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_date": effective_date,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount
        if reference is not UNSET:
            field_dict["reference"] = reference
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        def _parse_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))

        contribution_in = cls(
            effective_date=effective_date,
            amount=amount,
            reference=reference,
            wallet_id=wallet_id,
        )

        return contribution_in

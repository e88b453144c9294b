from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.funder_line_out import FunderLineOut
    from ..models.holder_position_out import HolderPositionOut


T = TypeVar("T", bound="ReconciliationOut")


@_attrs_define
class ReconciliationOut:
    """
    Attributes:
        as_of (datetime.datetime | None): only postings recorded by this moment count (everything recorded so far when
            null)
        bank_balance (int):
        by_funder (list[FunderLineOut]):
        currency (str):
        difference (int): bank_balance − held_for_people; negative is a shortfall
        held_for_people (int): what the holder must hold: every line's total
        holder_id (str):
        holder_position (HolderPositionOut | None): the holder (and the operator) only
        on (datetime.date | None): the value date counted up to: every posting dated on or before it (every day when
            null)
        reconciled (bool): the bank holds exactly what the people's money adds up to
        shortfall (int):
    """

    as_of: datetime.datetime | None
    bank_balance: int
    by_funder: list[FunderLineOut]
    currency: str
    difference: int
    held_for_people: int
    holder_id: str
    holder_position: HolderPositionOut | None
    on: datetime.date | None
    reconciled: bool
    shortfall: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.holder_position_out import HolderPositionOut  # noqa: PLC0415

        as_of: None | str
        if isinstance(self.as_of, datetime.datetime):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        bank_balance = self.bank_balance

        by_funder = []
        for by_funder_item_data in self.by_funder:
            by_funder_item = by_funder_item_data.to_dict()
            by_funder.append(by_funder_item)

        currency = self.currency

        difference = self.difference

        held_for_people = self.held_for_people

        holder_id = self.holder_id

        holder_position: dict[str, Any] | None
        if isinstance(self.holder_position, HolderPositionOut):
            holder_position = self.holder_position.to_dict()
        else:
            holder_position = self.holder_position

        on: None | str
        if isinstance(self.on, datetime.date):
            on = self.on.isoformat()
        else:
            on = self.on

        reconciled = self.reconciled

        shortfall = self.shortfall

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "bank_balance": bank_balance,
                "by_funder": by_funder,
                "currency": currency,
                "difference": difference,
                "held_for_people": held_for_people,
                "holder_id": holder_id,
                "holder_position": holder_position,
                "on": on,
                "reconciled": reconciled,
                "shortfall": shortfall,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.funder_line_out import FunderLineOut  # noqa: PLC0415
        from ..models.holder_position_out import HolderPositionOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_as_of(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.datetime.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        bank_balance = d.pop("bank_balance")

        by_funder = []
        _by_funder = d.pop("by_funder")
        for by_funder_item_data in _by_funder:
            by_funder_item = FunderLineOut.from_dict(by_funder_item_data)

            by_funder.append(by_funder_item)

        currency = d.pop("currency")

        difference = d.pop("difference")

        held_for_people = d.pop("held_for_people")

        holder_id = d.pop("holder_id")

        def _parse_holder_position(data: object) -> HolderPositionOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                holder_position_type_0 = HolderPositionOut.from_dict(data)

                return holder_position_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HolderPositionOut | None, data)

        holder_position = _parse_holder_position(d.pop("holder_position"))

        def _parse_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_type_0 = datetime.date.fromisoformat(data)

                return on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        on = _parse_on(d.pop("on"))

        reconciled = d.pop("reconciled")

        shortfall = d.pop("shortfall")

        reconciliation_out = cls(
            as_of=as_of,
            bank_balance=bank_balance,
            by_funder=by_funder,
            currency=currency,
            difference=difference,
            held_for_people=held_for_people,
            holder_id=holder_id,
            holder_position=holder_position,
            on=on,
            reconciled=reconciled,
            shortfall=shortfall,
        )

        reconciliation_out.additional_properties = d
        return reconciliation_out

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

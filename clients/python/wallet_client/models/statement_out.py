from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.awaiting_approval_out import AwaitingApprovalOut
    from ..models.holdings_out import HoldingsOut
    from ..models.holds_out import HoldsOut
    from ..models.hours_out import HoursOut
    from ..models.netted_period_out import NettedPeriodOut
    from ..models.payment_item_out import PaymentItemOut
    from ..models.period_out import PeriodOut
    from ..models.section_total_out import SectionTotalOut
    from ..models.statement_line_out import StatementLineOut


T = TypeVar("T", bound="StatementOut")


@_attrs_define
class StatementOut:
    """
    Attributes:
        as_of (datetime.datetime | None): by value date, as known at this moment (null: as known now)
        awaiting_approval (AwaitingApprovalOut):
        closing (HoldingsOut):
        currency (str):
        funder_id (str):
        funder_name (str):
        holder_id (str):
        holder_name (str):
        holds (HoldsOut): Money reserved for known costs: pending, so it never moves the balances above.
        hours (HoursOut | None): only when the wallet's policy sets an hourly rate
        lines (list[StatementLineOut]):
        movement (int): the sum of every line: closing.total - opening.total
        opening (HoldingsOut):
        payments (list[PaymentItemOut]): every payment in the period on its own, by value date then journal order, up to
            `payments_limit` of them
        period (PeriodOut):
        person_ref (str):
        reconciled (bool): opening + every line = closing, pot by pot; never false in a response
        summary (str):
        totals (list[SectionTotalOut]):
        wallet_id (str):
        netted_off (list[NettedPeriodOut] | Unset): each funding period of the statement a close's surplus was netted
            off (beside the figures: the person's money is unchanged by it)
        opening_float_held (int | Unset): of the available money at the end, the opening float the policy holds as
            contingency until the wallet ends Default: 0.
        payments_next_cursor (None | str | Unset): when more payments follow: ask again with it as `payments_cursor` for
            the next
    """

    as_of: datetime.datetime | None
    awaiting_approval: AwaitingApprovalOut
    closing: HoldingsOut
    currency: str
    funder_id: str
    funder_name: str
    holder_id: str
    holder_name: str
    holds: HoldsOut
    hours: HoursOut | None
    lines: list[StatementLineOut]
    movement: int
    opening: HoldingsOut
    payments: list[PaymentItemOut]
    period: PeriodOut
    person_ref: str
    reconciled: bool
    summary: str
    totals: list[SectionTotalOut]
    wallet_id: str
    netted_off: list[NettedPeriodOut] | Unset = UNSET
    opening_float_held: int | Unset = 0
    payments_next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.hours_out import HoursOut  # noqa: PLC0415

        as_of: None | str
        if isinstance(self.as_of, datetime.datetime):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        awaiting_approval = self.awaiting_approval.to_dict()

        closing = self.closing.to_dict()

        currency = self.currency

        funder_id = self.funder_id

        funder_name = self.funder_name

        holder_id = self.holder_id

        holder_name = self.holder_name

        holds = self.holds.to_dict()

        hours: dict[str, Any] | None
        if isinstance(self.hours, HoursOut):
            hours = self.hours.to_dict()
        else:
            hours = self.hours

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        movement = self.movement

        opening = self.opening.to_dict()

        payments = []
        for payments_item_data in self.payments:
            payments_item = payments_item_data.to_dict()
            payments.append(payments_item)

        period = self.period.to_dict()

        person_ref = self.person_ref

        reconciled = self.reconciled

        summary = self.summary

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        wallet_id = self.wallet_id

        netted_off: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.netted_off, Unset):
            netted_off = []
            for netted_off_item_data in self.netted_off:
                netted_off_item = netted_off_item_data.to_dict()
                netted_off.append(netted_off_item)

        opening_float_held = self.opening_float_held

        payments_next_cursor: None | str | Unset
        if isinstance(self.payments_next_cursor, Unset):
            payments_next_cursor = UNSET
        else:
            payments_next_cursor = self.payments_next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "awaiting_approval": awaiting_approval,
                "closing": closing,
                "currency": currency,
                "funder_id": funder_id,
                "funder_name": funder_name,
                "holder_id": holder_id,
                "holder_name": holder_name,
                "holds": holds,
                "hours": hours,
                "lines": lines,
                "movement": movement,
                "opening": opening,
                "payments": payments,
                "period": period,
                "person_ref": person_ref,
                "reconciled": reconciled,
                "summary": summary,
                "totals": totals,
                "wallet_id": wallet_id,
            }
        )
        if netted_off is not UNSET:
            field_dict["netted_off"] = netted_off
        if opening_float_held is not UNSET:
            field_dict["opening_float_held"] = opening_float_held
        if payments_next_cursor is not UNSET:
            field_dict["payments_next_cursor"] = payments_next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.awaiting_approval_out import AwaitingApprovalOut  # noqa: PLC0415
        from ..models.holdings_out import HoldingsOut  # noqa: PLC0415
        from ..models.holds_out import HoldsOut  # noqa: PLC0415
        from ..models.hours_out import HoursOut  # noqa: PLC0415
        from ..models.netted_period_out import NettedPeriodOut  # noqa: PLC0415
        from ..models.payment_item_out import PaymentItemOut  # noqa: PLC0415
        from ..models.period_out import PeriodOut  # noqa: PLC0415
        from ..models.section_total_out import SectionTotalOut  # noqa: PLC0415
        from ..models.statement_line_out import StatementLineOut  # noqa: PLC0415

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

        awaiting_approval = AwaitingApprovalOut.from_dict(d.pop("awaiting_approval"))

        closing = HoldingsOut.from_dict(d.pop("closing"))

        currency = d.pop("currency")

        funder_id = d.pop("funder_id")

        funder_name = d.pop("funder_name")

        holder_id = d.pop("holder_id")

        holder_name = d.pop("holder_name")

        holds = HoldsOut.from_dict(d.pop("holds"))

        def _parse_hours(data: object) -> HoursOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hours_type_0 = HoursOut.from_dict(data)

                return hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HoursOut | None, data)

        hours = _parse_hours(d.pop("hours"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = StatementLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        movement = d.pop("movement")

        opening = HoldingsOut.from_dict(d.pop("opening"))

        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = PaymentItemOut.from_dict(payments_item_data)

            payments.append(payments_item)

        period = PeriodOut.from_dict(d.pop("period"))

        person_ref = d.pop("person_ref")

        reconciled = d.pop("reconciled")

        summary = d.pop("summary")

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = SectionTotalOut.from_dict(totals_item_data)

            totals.append(totals_item)

        wallet_id = d.pop("wallet_id")

        _netted_off = d.pop("netted_off", UNSET)
        netted_off: list[NettedPeriodOut] | Unset = UNSET
        if _netted_off is not UNSET:
            netted_off = []
            for netted_off_item_data in _netted_off:
                netted_off_item = NettedPeriodOut.from_dict(netted_off_item_data)

                netted_off.append(netted_off_item)

        opening_float_held = d.pop("opening_float_held", UNSET)

        def _parse_payments_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payments_next_cursor = _parse_payments_next_cursor(d.pop("payments_next_cursor", UNSET))

        statement_out = cls(
            as_of=as_of,
            awaiting_approval=awaiting_approval,
            closing=closing,
            currency=currency,
            funder_id=funder_id,
            funder_name=funder_name,
            holder_id=holder_id,
            holder_name=holder_name,
            holds=holds,
            hours=hours,
            lines=lines,
            movement=movement,
            opening=opening,
            payments=payments,
            period=period,
            person_ref=person_ref,
            reconciled=reconciled,
            summary=summary,
            totals=totals,
            wallet_id=wallet_id,
            netted_off=netted_off,
            opening_float_held=opening_float_held,
            payments_next_cursor=payments_next_cursor,
        )

        statement_out.additional_properties = d
        return statement_out

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.arrangement import Arrangement
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.balances import Balances
    from ..models.planned_hours_out import PlannedHoursOut
    from ..models.wallet_out_display import WalletOutDisplay
    from ..models.wallet_out_hours_type_0 import WalletOutHoursType0
    from ..models.wallet_suspension import WalletSuspension


T = TypeVar("T", bound="WalletOut")


@_attrs_define
class WalletOut:
    """
    Attributes:
        arrangement (Arrangement):
        balances (Balances):
        closed_on (datetime.date | None):
        closure_reason (None | str):
        currency (str):
        display (WalletOutDisplay): the balances in plain money
        funder_id (str):
        holder_id (str):
        id (str):
        moved_from_wallet_id (None | str):
        moved_to_wallet_id (None | str):
        opened_on (datetime.date):
        person_ref (str):
        policy_id (str):
        policy_version (int):
        status (str):
        summary (str):
        weekly_budget (int):
        as_of (datetime.datetime | None | Unset): only what had been recorded by this moment counts
        hours (None | Unset | WalletOutHoursType0): the balances as hours of support, where the policy sets an hourly
            rate
        on (datetime.date | None | Unset): the value date: every posting dated on or before it counts
        support_plan (list[PlannedHoursOut] | None | Unset): on a single wallet: the hours of each planned service the
            available money pays for
        suspension (None | Unset | WalletSuspension):
    """

    arrangement: Arrangement
    balances: Balances
    closed_on: datetime.date | None
    closure_reason: None | str
    currency: str
    display: WalletOutDisplay
    funder_id: str
    holder_id: str
    id: str
    moved_from_wallet_id: None | str
    moved_to_wallet_id: None | str
    opened_on: datetime.date
    person_ref: str
    policy_id: str
    policy_version: int
    status: str
    summary: str
    weekly_budget: int
    as_of: datetime.datetime | None | Unset = UNSET
    hours: None | Unset | WalletOutHoursType0 = UNSET
    on: datetime.date | None | Unset = UNSET
    support_plan: list[PlannedHoursOut] | None | Unset = UNSET
    suspension: None | Unset | WalletSuspension = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.wallet_out_hours_type_0 import WalletOutHoursType0  # noqa: PLC0415
        from ..models.wallet_suspension import WalletSuspension  # noqa: PLC0415

        arrangement = self.arrangement.value

        balances = self.balances.to_dict()

        closed_on: None | str
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        closure_reason: None | str
        closure_reason = self.closure_reason

        currency = self.currency

        display = self.display.to_dict()

        funder_id = self.funder_id

        holder_id = self.holder_id

        id = self.id

        moved_from_wallet_id: None | str
        moved_from_wallet_id = self.moved_from_wallet_id

        moved_to_wallet_id: None | str
        moved_to_wallet_id = self.moved_to_wallet_id

        opened_on = self.opened_on.isoformat()

        person_ref = self.person_ref

        policy_id = self.policy_id

        policy_version = self.policy_version

        status = self.status

        summary = self.summary

        weekly_budget = self.weekly_budget

        as_of: None | str | Unset
        if isinstance(self.as_of, Unset):
            as_of = UNSET
        elif isinstance(self.as_of, datetime.datetime):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        hours: dict[str, Any] | None | Unset
        if isinstance(self.hours, Unset):
            hours = UNSET
        elif isinstance(self.hours, WalletOutHoursType0):
            hours = self.hours.to_dict()
        else:
            hours = self.hours

        on: None | str | Unset
        if isinstance(self.on, Unset):
            on = UNSET
        elif isinstance(self.on, datetime.date):
            on = self.on.isoformat()
        else:
            on = self.on

        support_plan: list[dict[str, Any]] | None | Unset
        if isinstance(self.support_plan, Unset):
            support_plan = UNSET
        elif isinstance(self.support_plan, list):
            support_plan = []
            for support_plan_type_0_item_data in self.support_plan:
                support_plan_type_0_item = support_plan_type_0_item_data.to_dict()
                support_plan.append(support_plan_type_0_item)

        else:
            support_plan = self.support_plan

        suspension: dict[str, Any] | None | Unset
        if isinstance(self.suspension, Unset):
            suspension = UNSET
        elif isinstance(self.suspension, WalletSuspension):
            suspension = self.suspension.to_dict()
        else:
            suspension = self.suspension

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "arrangement": arrangement,
                "balances": balances,
                "closed_on": closed_on,
                "closure_reason": closure_reason,
                "currency": currency,
                "display": display,
                "funder_id": funder_id,
                "holder_id": holder_id,
                "id": id,
                "moved_from_wallet_id": moved_from_wallet_id,
                "moved_to_wallet_id": moved_to_wallet_id,
                "opened_on": opened_on,
                "person_ref": person_ref,
                "policy_id": policy_id,
                "policy_version": policy_version,
                "status": status,
                "summary": summary,
                "weekly_budget": weekly_budget,
            }
        )
        if as_of is not UNSET:
            field_dict["as_of"] = as_of
        if hours is not UNSET:
            field_dict["hours"] = hours
        if on is not UNSET:
            field_dict["on"] = on
        if support_plan is not UNSET:
            field_dict["support_plan"] = support_plan
        if suspension is not UNSET:
            field_dict["suspension"] = suspension

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balances import Balances  # noqa: PLC0415
        from ..models.planned_hours_out import PlannedHoursOut  # noqa: PLC0415
        from ..models.wallet_out_display import WalletOutDisplay  # noqa: PLC0415
        from ..models.wallet_out_hours_type_0 import WalletOutHoursType0  # noqa: PLC0415
        from ..models.wallet_suspension import WalletSuspension  # noqa: PLC0415

        d = dict(src_dict)
        arrangement = Arrangement(d.pop("arrangement"))

        balances = Balances.from_dict(d.pop("balances"))

        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))

        def _parse_closure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        closure_reason = _parse_closure_reason(d.pop("closure_reason"))

        currency = d.pop("currency")

        display = WalletOutDisplay.from_dict(d.pop("display"))

        funder_id = d.pop("funder_id")

        holder_id = d.pop("holder_id")

        id = d.pop("id")

        def _parse_moved_from_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        moved_from_wallet_id = _parse_moved_from_wallet_id(d.pop("moved_from_wallet_id"))

        def _parse_moved_to_wallet_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        moved_to_wallet_id = _parse_moved_to_wallet_id(d.pop("moved_to_wallet_id"))

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        person_ref = d.pop("person_ref")

        policy_id = d.pop("policy_id")

        policy_version = d.pop("policy_version")

        status = d.pop("status")

        summary = d.pop("summary")

        weekly_budget = d.pop("weekly_budget")

        def _parse_as_of(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.datetime.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        as_of = _parse_as_of(d.pop("as_of", UNSET))

        def _parse_hours(data: object) -> None | Unset | WalletOutHoursType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hours_type_0 = WalletOutHoursType0.from_dict(data)

                return hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WalletOutHoursType0, data)

        hours = _parse_hours(d.pop("hours", UNSET))

        def _parse_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_type_0 = datetime.date.fromisoformat(data)

                return on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        on = _parse_on(d.pop("on", UNSET))

        def _parse_support_plan(data: object) -> list[PlannedHoursOut] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                support_plan_type_0 = []
                _support_plan_type_0 = data
                for support_plan_type_0_item_data in _support_plan_type_0:
                    support_plan_type_0_item = PlannedHoursOut.from_dict(support_plan_type_0_item_data)

                    support_plan_type_0.append(support_plan_type_0_item)

                return support_plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PlannedHoursOut] | None | Unset, data)

        support_plan = _parse_support_plan(d.pop("support_plan", UNSET))

        def _parse_suspension(data: object) -> None | Unset | WalletSuspension:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                suspension_type_0 = WalletSuspension.from_dict(data)

                return suspension_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WalletSuspension, data)

        suspension = _parse_suspension(d.pop("suspension", UNSET))

        wallet_out = cls(
            arrangement=arrangement,
            balances=balances,
            closed_on=closed_on,
            closure_reason=closure_reason,
            currency=currency,
            display=display,
            funder_id=funder_id,
            holder_id=holder_id,
            id=id,
            moved_from_wallet_id=moved_from_wallet_id,
            moved_to_wallet_id=moved_to_wallet_id,
            opened_on=opened_on,
            person_ref=person_ref,
            policy_id=policy_id,
            policy_version=policy_version,
            status=status,
            summary=summary,
            weekly_budget=weekly_budget,
            as_of=as_of,
            hours=hours,
            on=on,
            support_plan=support_plan,
            suspension=suspension,
        )

        wallet_out.additional_properties = d
        return wallet_out

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

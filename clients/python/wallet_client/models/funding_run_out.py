from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contribution_paid_out import ContributionPaidOut
    from ..models.contribution_refused_out import ContributionRefusedOut
    from ..models.paid_period_out import PaidPeriodOut


T = TypeVar("T", bound="FundingRunOut")


@_attrs_define
class FundingRunOut:
    """
    Attributes:
        as_of (datetime.date):
        contributions_count (int): how many pool contributions this run made
        contributions_paid (list[ContributionPaidOut]): pool contributions this run made from the members this funder
            funds, after its fundings
        contributions_refused (list[ContributionRefusedOut]): members who could not contribute: nothing was stored for
            them, and the next run tries again
        contributions_refused_count (int): how many members could not contribute
        periods_count (int): how many periods (and opening floats) this run paid
        periods_paid (list[PaidPeriodOut]): what this run paid; empty when all was already paid, or when the run was not
            itemised
        total_amount (int):
        total_fees (int):
        total_netted (int): of the amount paid, what the funder kept back to net off earlier surplus
        wallets_count (int): how many wallets this run paid
    """

    as_of: datetime.date
    contributions_count: int
    contributions_paid: list[ContributionPaidOut]
    contributions_refused: list[ContributionRefusedOut]
    contributions_refused_count: int
    periods_count: int
    periods_paid: list[PaidPeriodOut]
    total_amount: int
    total_fees: int
    total_netted: int
    wallets_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        contributions_count = self.contributions_count

        contributions_paid = []
        for contributions_paid_item_data in self.contributions_paid:
            contributions_paid_item = contributions_paid_item_data.to_dict()
            contributions_paid.append(contributions_paid_item)

        contributions_refused = []
        for contributions_refused_item_data in self.contributions_refused:
            contributions_refused_item = contributions_refused_item_data.to_dict()
            contributions_refused.append(contributions_refused_item)

        contributions_refused_count = self.contributions_refused_count

        periods_count = self.periods_count

        periods_paid = []
        for periods_paid_item_data in self.periods_paid:
            periods_paid_item = periods_paid_item_data.to_dict()
            periods_paid.append(periods_paid_item)

        total_amount = self.total_amount

        total_fees = self.total_fees

        total_netted = self.total_netted

        wallets_count = self.wallets_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "contributions_count": contributions_count,
                "contributions_paid": contributions_paid,
                "contributions_refused": contributions_refused,
                "contributions_refused_count": contributions_refused_count,
                "periods_count": periods_count,
                "periods_paid": periods_paid,
                "total_amount": total_amount,
                "total_fees": total_fees,
                "total_netted": total_netted,
                "wallets_count": wallets_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contribution_paid_out import ContributionPaidOut  # noqa: PLC0415
        from ..models.contribution_refused_out import ContributionRefusedOut  # noqa: PLC0415
        from ..models.paid_period_out import PaidPeriodOut  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        contributions_count = d.pop("contributions_count")

        contributions_paid = []
        _contributions_paid = d.pop("contributions_paid")
        for contributions_paid_item_data in _contributions_paid:
            contributions_paid_item = ContributionPaidOut.from_dict(contributions_paid_item_data)

            contributions_paid.append(contributions_paid_item)

        contributions_refused = []
        _contributions_refused = d.pop("contributions_refused")
        for contributions_refused_item_data in _contributions_refused:
            contributions_refused_item = ContributionRefusedOut.from_dict(contributions_refused_item_data)

            contributions_refused.append(contributions_refused_item)

        contributions_refused_count = d.pop("contributions_refused_count")

        periods_count = d.pop("periods_count")

        periods_paid = []
        _periods_paid = d.pop("periods_paid")
        for periods_paid_item_data in _periods_paid:
            periods_paid_item = PaidPeriodOut.from_dict(periods_paid_item_data)

            periods_paid.append(periods_paid_item)

        total_amount = d.pop("total_amount")

        total_fees = d.pop("total_fees")

        total_netted = d.pop("total_netted")

        wallets_count = d.pop("wallets_count")

        funding_run_out = cls(
            as_of=as_of,
            contributions_count=contributions_count,
            contributions_paid=contributions_paid,
            contributions_refused=contributions_refused,
            contributions_refused_count=contributions_refused_count,
            periods_count=periods_count,
            periods_paid=periods_paid,
            total_amount=total_amount,
            total_fees=total_fees,
            total_netted=total_netted,
            wallets_count=wallets_count,
        )

        funding_run_out.additional_properties = d
        return funding_run_out

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

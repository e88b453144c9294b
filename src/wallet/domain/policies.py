"""A funder's rules for a wallet, and the decisions they make about money.

A policy is versioned: changing it writes a new version; wallets follow the newest version from
then on, and every transaction records the version it was made under.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from wallet.domain.categories import normalise_category
from wallet.domain.errors import InvalidInput, RuleViolation
from wallet.domain.suspensions import WhileSuspended
from wallet.domain.wallets import Source

MAX_AFTER_END_WINDOW_WEEKS = 52


class SurplusAction(StrEnum):
    RECOVER = "recover"
    CARRY_FORWARD = "carry_forward"
    SAVINGS = "savings"
    SHARE = "share"
    # Recovered by paying less on the wallet's next fundings instead of in cash (``domain/netting``).
    NET_OFF = "net_off"


class Overspend(StrEnum):
    REJECT = "reject"
    HOLDER_RESERVE = "holder_reserve"


class CategoryBlocked(RuleViolation):
    type = "category-blocked"
    title = "The funder does not allow spending in this category"


class RestrictedFunds(RuleViolation):
    type = "restricted-funds"
    title = "This money may only be used for the person it belongs to"


@dataclass(frozen=True, slots=True)
class ManagementFee:
    percent_bp: int | None = None
    fixed_per_period: int | None = None
    annual_cap: int | None = None

    def on_funding(self, amount: int, *, per_period: bool, charged_this_year: int) -> int:
        """The fee due on one funding, never taking the year's total past the cap."""
        fee = amount * (self.percent_bp or 0) // 10_000
        if per_period:
            fee += self.fixed_per_period or 0
        if self.annual_cap is not None:
            fee = max(0, min(fee, self.annual_cap - charged_this_year))
        return min(fee, amount)


@dataclass(frozen=True, slots=True)
class ShareSplit:
    person: int
    holder: int
    funder: int


@dataclass(frozen=True, slots=True)
class UnderspendAlert:
    percent: int
    periods: int


@dataclass(frozen=True, slots=True)
class Policy:
    """A funder's settings. What they decide about a spend is ``spending.decide_spend``; about
    unspent money, ``unspent``."""

    contingency_weeks: int = 0
    surplus_max_age_weeks: int | None = None
    surplus_action: SurplusAction = SurplusAction.CARRY_FORWARD
    share_split: ShareSplit | None = None
    approval_threshold: int | None = None
    approval_categories: tuple[str, ...] = ()
    blocked_categories: tuple[str, ...] = ()
    overspend: Overspend = Overspend.REJECT
    overspend_limit: int = 0
    management_fee: ManagementFee = field(default_factory=ManagementFee)
    spend_order: tuple[Source, ...] = ()
    hourly_rate: int | None = None
    underspend_alert: UnderspendAlert | None = None
    first_review_weeks: int = 12
    # After a death or an ending, costs of support given on or before the end date may be paid
    # for this many weeks after it (0: none); the final close waits for the window to pass.
    after_end_window_weeks: int = 0
    after_end_approval: bool = True  # such a late cost waits for the funder's approval
    # An opening float is held as contingency on top of contingency_weeks until the wallet ends.
    opening_float_as_contingency: bool = False
    # A spend dated while the wallet is suspended waits for approval, or is refused.
    while_suspended: WhileSuspended = WhileSuspended.APPROVE

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Policy:
        return parse_policy(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def _whole(name: str, value: Any, *, minimum: int = 0, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{name} must be a whole number of at least {minimum}", field=name)
    return value


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{name} must be true or false", field=name)
    return value


def _categories(name: str, values: Any) -> tuple[str, ...]:
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InvalidInput(f"{name} must be a list of category names", field=name)
    return tuple(sorted({normalise_category(v, field=name) for v in values}))


def parse_policy(data: Mapping[str, Any]) -> Policy:
    """Validate a policy given as plain data; every refusal names the field."""
    known = set(Policy.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise InvalidInput(f"unknown policy fields: {', '.join(sorted(unknown))}", fields=sorted(unknown))
    try:
        surplus_action = SurplusAction(data.get("surplus_action", SurplusAction.CARRY_FORWARD))
        overspend = Overspend(data.get("overspend", Overspend.REJECT))
        spend_order = tuple(Source(s) for s in data.get("spend_order", ()))
        while_suspended = WhileSuspended(data.get("while_suspended", WhileSuspended.APPROVE))
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    if len(set(spend_order)) != len(spend_order):
        raise InvalidInput("spend_order names a source twice", field="spend_order")

    share_split = None
    if data.get("share_split") is not None:
        raw = data["share_split"]
        if not isinstance(raw, Mapping) or set(raw) != {"person", "holder", "funder"}:
            raise InvalidInput("share_split needs person, holder and funder in basis points", field="share_split")
        share_split = ShareSplit(**{k: _whole(f"share_split.{k}", raw[k]) for k in ("person", "holder", "funder")})  # type: ignore[arg-type]
        if share_split.person + share_split.holder + share_split.funder != 10_000:
            raise InvalidInput("share_split must sum to 10000 basis points", field="share_split")
    if surplus_action is SurplusAction.SHARE and share_split is None:
        raise InvalidInput("surplus_action 'share' needs a share_split", field="share_split")

    fee_raw = data.get("management_fee") or {}
    if not isinstance(fee_raw, Mapping) or set(fee_raw) - {"percent_bp", "fixed_per_period", "annual_cap"}:
        raise InvalidInput("management_fee takes percent_bp, fixed_per_period and annual_cap", field="management_fee")
    fee = ManagementFee(
        percent_bp=_whole("management_fee.percent_bp", fee_raw.get("percent_bp"), optional=True),
        fixed_per_period=_whole("management_fee.fixed_per_period", fee_raw.get("fixed_per_period"), optional=True),
        annual_cap=_whole("management_fee.annual_cap", fee_raw.get("annual_cap"), optional=True),
    )
    if fee.percent_bp is not None and fee.percent_bp > 10_000:
        raise InvalidInput("management_fee.percent_bp cannot exceed 10000 (100%)", field="management_fee.percent_bp")

    alert = None
    if data.get("underspend_alert") is not None:
        raw = data["underspend_alert"]
        if not isinstance(raw, Mapping) or set(raw) != {"percent", "periods"}:
            raise InvalidInput("underspend_alert needs percent and periods", field="underspend_alert")
        alert = UnderspendAlert(_whole("underspend_alert.percent", raw["percent"], minimum=1),  # type: ignore[arg-type]
                                _whole("underspend_alert.periods", raw["periods"], minimum=1))  # type: ignore[arg-type]
        if alert.percent > 100:
            raise InvalidInput("underspend_alert.percent cannot exceed 100", field="underspend_alert.percent")

    window = _whole("after_end_window_weeks", data.get("after_end_window_weeks", 0))
    if window > MAX_AFTER_END_WINDOW_WEEKS:  # type: ignore[operator]
        raise InvalidInput(f"after_end_window_weeks is at most {MAX_AFTER_END_WINDOW_WEEKS}: a final close "
                           "cannot wait longer than a year", field="after_end_window_weeks")

    overspend_limit = _whole("overspend_limit", data.get("overspend_limit", 0))
    if overspend is Overspend.HOLDER_RESERVE and not overspend_limit:
        raise InvalidInput("overspend 'holder_reserve' needs an overspend_limit above zero", field="overspend_limit")

    float_held = data.get("opening_float_as_contingency", False)
    if not isinstance(float_held, bool):
        raise InvalidInput("opening_float_as_contingency must be true or false", field="opening_float_as_contingency")

    return Policy(
        contingency_weeks=_whole("contingency_weeks", data.get("contingency_weeks", 0)),  # type: ignore[arg-type]
        surplus_max_age_weeks=_whole("surplus_max_age_weeks", data.get("surplus_max_age_weeks"), minimum=1, optional=True),
        surplus_action=surplus_action,
        share_split=share_split,
        approval_threshold=_whole("approval_threshold", data.get("approval_threshold"), optional=True),
        approval_categories=_categories("approval_categories", data.get("approval_categories", [])),
        blocked_categories=_categories("blocked_categories", data.get("blocked_categories", [])),
        overspend=overspend,
        overspend_limit=overspend_limit,  # type: ignore[arg-type]
        management_fee=fee,
        spend_order=spend_order,
        hourly_rate=_whole("hourly_rate", data.get("hourly_rate"), minimum=1, optional=True),
        underspend_alert=alert,
        first_review_weeks=_whole("first_review_weeks", data.get("first_review_weeks", 12), minimum=1),  # type: ignore[arg-type]
        after_end_window_weeks=window,  # type: ignore[arg-type]
        after_end_approval=_flag("after_end_approval", data.get("after_end_approval", True)),
        opening_float_as_contingency=float_held,
        while_suspended=while_suspended,
    )


def fee_year_start(day: date) -> date:
    """Fee caps run over the UK public-sector financial year, 1 April to 31 March."""
    return date(day.year if day >= date(day.year, 4, 1) else day.year - 1, 4, 1)

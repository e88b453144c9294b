"""The one decision every spend makes.

A payment, a hold, the capture of a hold and each member's part of a pool payment all ask
:func:`decide_spend` whether the money may go: refused (with the typed reason), covered from
which sources in the spend order, drawn on the holder's reserve, or waiting for the funder's
approval and why. Every council rule about spending lives here, so the four ways of spending
can never disagree about one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from wallet.domain.categories import normalise_category
from wallet.domain.errors import InvalidAmount, InvalidInput, WalletEnded
from wallet.domain.policies import CategoryBlocked, Policy
from wallet.domain.pools import draw_share
from wallet.domain.support_plans import Timesheet, format_hours
from wallet.domain.suspensions import spend_rule
from wallet.domain.wallet_postings import Cover, cover, take_from_cover
from wallet.domain.wallets import Source, draw_exactly

DEATH = "death"


class SpendKind(StrEnum):
    PAYMENT = "payment"  # from what is available; the holder's reserve may cover a shortfall
    HOLD = "hold"  # sets available money aside, exactly: the reserve never backs a hold
    HOLD_CAPTURE = "hold_capture"  # pays out of what a hold set aside
    POOL_PART = "pool_part"  # one member's part of a pool payment, from their own share


class ApprovalReason(StrEnum):
    CATEGORY = "category"
    THRESHOLD = "threshold"
    AFTER_DEATH = "after_death"
    AFTER_END = "after_end"  # support given before the end, invoiced after it
    TIMESHEET_RATE = "timesheet_rate"
    TIMESHEET_HOURS = "timesheet_hours"
    SUSPENDED = "suspended"


@dataclass(frozen=True, slots=True)
class Approval:
    reason: ApprovalReason
    why: str  # in words, for the funder who decides


@dataclass(frozen=True, slots=True)
class WalletState:
    """What a spend needs to know of the wallet it draws on, read under the accounts' locks."""

    wallet_id: str
    opened_on: date
    ended_on: date | None = None
    closure_reason: str | None = None
    # What this spend draws from: the wallet's available money by source for a payment or a hold,
    # the member's pool share by source for a pool part.
    funds: Mapping[Source, int] = field(default_factory=dict)
    reserve_used: int = 0  # of the holder's reserve, by this wallet
    held: Cover | None = None  # for a capture: how the hold's money was covered
    # The funder said no more invoices will come for support before the end: the window shuts.
    invoices_confirmed_on: date | None = None
    # The wallet's latest suspension: from its first day up to the day before it resumed.
    suspended_from: date | None = None
    suspended_until: date | None = None
    suspension_reason: str | None = None

    def ended_by(self, day: date) -> bool:
        return self.ended_on is not None and day > self.ended_on


@dataclass(frozen=True, slots=True)
class Spend:
    kind: SpendKind
    amount: int
    category: str
    on: date  # the value date
    service: ServiceDates | None = None  # the days the support was given, when known
    timesheet: Timesheet | None = None  # hours x rate against the support plan


@dataclass(frozen=True, slots=True)
class ServiceDates:
    service_from: date
    service_to: date

    def check(self, wallet: WalletState) -> None:
        if self.service_to < self.service_from:
            raise InvalidInput("service_to is before service_from", field="service_to")
        if self.service_from < wallet.opened_on:
            raise InvalidInput(f"service_from {self.service_from} is before the wallet opened on {wallet.opened_on}",
                               field="service_from", opened_on=str(wallet.opened_on))


@dataclass(frozen=True, slots=True)
class SpendDecision:
    category: str  # in its one spelling
    cover: Cover
    approval: Approval | None

    @property
    def needs_approval(self) -> bool:
        return self.approval is not None

    @property
    def why(self) -> str | None:
        return self.approval.why if self.approval else None

    @property
    def reserve_drawn(self) -> int:
        return self.cover.reserve


def decide_spend(policy: Policy, wallet: WalletState, spend: Spend) -> SpendDecision:
    """Decide a spend, or raise the rule that refuses it: a date outside the wallet's life
    (``invalid-input``, ``wallet-ended``), a blocked category, a suspension the policy refuses
    spending in (``wallet-suspended``), or not enough money."""
    if isinstance(spend.amount, bool) or not isinstance(spend.amount, int) or spend.amount <= 0:
        raise InvalidAmount("an amount to spend must be a positive whole number of pence", amount=spend.amount)
    if spend.timesheet is not None and spend.timesheet.amount != spend.amount:
        raise InvalidInput(f"a timesheet of {format_hours(spend.timesheet.hundredths)} hours at {spend.timesheet.rate} "
                           f"pays {spend.timesheet.amount}, not {spend.amount}", field="amount", amount=spend.amount)
    category = normalise_category(spend.category)
    if spend.service is not None:
        spend.service.check(wallet)
    after = _check_date(policy, wallet, spend)
    if category in policy.blocked_categories:
        raise CategoryBlocked(f"spending on '{category}' is not allowed under this wallet's policy",
                              category=category)
    suspended = spend_rule(policy.while_suspended, suspended_from=wallet.suspended_from,
                           suspended_until=wallet.suspended_until, reason=wallet.suspension_reason, on=spend.on)
    covered = _cover(policy, wallet, spend)
    return SpendDecision(category, covered, _approval(policy, wallet, spend, category, after=after,
                                                      suspended=suspended))


def check_value_date(wallet: WalletState, day: date, *, allow_after_end: bool = False) -> None:
    """Nothing is dated before a wallet opened, nor after it ended unless a rule allows it."""
    if day < wallet.opened_on:
        raise InvalidInput(f"effective_date {day} is before the wallet opened on {wallet.opened_on}",
                           effective_date=str(day), opened_on=str(wallet.opened_on))
    if wallet.ended_by(day) and not allow_after_end:
        raise WalletEnded(f"the wallet ended on {wallet.ended_on}; nothing may be dated later",
                          effective_date=str(day), ended_on=str(wallet.ended_on), reason=wallet.closure_reason)


def late_invoices_until(policy: Policy, wallet: WalletState) -> date | None:
    """The last value date a cost of support given on or before the end may be paid on, or None
    when the window is shut (none in the policy, or the funder said no more invoices come)."""
    if wallet.ended_on is None or not policy.after_end_window_weeks or wallet.invoices_confirmed_on is not None:
        return None
    return wallet.ended_on + timedelta(weeks=policy.after_end_window_weeks)


def final_close_due(policy: Policy, wallet: WalletState, period_end: date) -> bool:
    """An ended wallet's final close waits while invoices for support before the end may still
    come: until the policy's window has passed, or the funder says no more come."""
    if wallet.ended_on is None or wallet.ended_on > period_end:
        return False
    until = late_invoices_until(policy, wallet)
    return until is None or until <= period_end


def _check_date(policy: Policy, wallet: WalletState, spend: Spend) -> ApprovalReason | None:
    """Check the spend's date. After the end, a cost of support given on or before it may be paid
    within the policy's window (``AFTER_END``: payments, captures and pool parts, never a new
    hold). After a death, a payment or pool part is a contractual cost the funder approves
    (``AFTER_DEATH``) — within the window when the policy sets one. Anything else dated after
    the end is refused."""
    if not wallet.ended_by(spend.on):
        check_value_date(wallet, spend.on)
        return None
    until = late_invoices_until(policy, wallet)
    within_window = until is not None and spend.on <= until
    if (spend.kind is not SpendKind.HOLD and spend.service is not None and within_window
            and spend.service.service_to <= wallet.ended_on):  # type: ignore[operator]
        return ApprovalReason.AFTER_END
    after_death = (spend.kind in (SpendKind.PAYMENT, SpendKind.POOL_PART) and wallet.closure_reason == DEATH
                   and (within_window or not policy.after_end_window_weeks))
    check_value_date(wallet, spend.on, allow_after_end=after_death)
    return ApprovalReason.AFTER_DEATH if after_death else None


def _cover(policy: Policy, wallet: WalletState, spend: Spend) -> Cover:
    match spend.kind:
        case SpendKind.PAYMENT:
            return cover(wallet.funds, spend.amount, policy, reserve_used=wallet.reserve_used)
        case SpendKind.HOLD:
            return Cover(tuple(draw_exactly(wallet.funds, spend.amount, policy.spend_order)), 0)
        case SpendKind.HOLD_CAPTURE:
            assert wallet.held is not None, "a capture needs the hold's cover"
            return take_from_cover(wallet.held, spend.amount)
        case SpendKind.POOL_PART:
            return Cover(tuple(draw_share(wallet.funds, spend.amount, policy.spend_order, wallet.wallet_id)), 0)
    raise AssertionError(f"unknown spend {spend.kind}")  # pragma: no cover


def _approval(policy: Policy, wallet: WalletState, spend: Spend, category: str, *,
              after: ApprovalReason | None, suspended: str | None) -> Approval | None:
    if spend.kind is SpendKind.HOLD:
        return None  # a hold only sets money aside; its capture is decided when it pays
    if after is ApprovalReason.AFTER_DEATH:
        return Approval(ApprovalReason.AFTER_DEATH,
                        "after the person's death only contractual costs the funder approves are paid")
    if after is ApprovalReason.AFTER_END and policy.after_end_approval:
        return Approval(ApprovalReason.AFTER_END,
                        f"support given by {spend.service.service_to} and invoiced after the wallet ended on "  # type: ignore[union-attr]
                        f"{wallet.ended_on}: the funder approves costs that come in after the end")
    sheet = spend.timesheet
    if sheet is not None and sheet.over_rate:
        return Approval(ApprovalReason.TIMESHEET_RATE,
                        f"the timesheet's rate of {sheet.rate} pence an hour is above the agreed {sheet.agreed_rate}")
    if sheet is not None and sheet.over_hours:
        return Approval(ApprovalReason.TIMESHEET_HOURS,
                        f"{format_hours(sheet.already_paid_hundredths + sheet.hundredths)} hours this week is more "
                        f"than the agreed {format_hours(sheet.weekly_hundredths)}")
    if suspended:
        return Approval(ApprovalReason.SUSPENDED, suspended)
    if category in policy.approval_categories:
        return Approval(ApprovalReason.CATEGORY, f"payments for '{category}' need the funder's approval")
    if policy.approval_threshold is not None and spend.amount > policy.approval_threshold:
        return Approval(ApprovalReason.THRESHOLD,
                        f"payments above {policy.approval_threshold} need the funder's approval")
    return None

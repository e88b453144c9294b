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
from datetime import date
from enum import StrEnum

from wallet.domain.categories import normalise_category
from wallet.domain.errors import InvalidAmount, InvalidInput, WalletEnded
from wallet.domain.policies import CategoryBlocked, Policy
from wallet.domain.pools import draw_share
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
    category = normalise_category(spend.category)
    after_death = _check_date(wallet, spend)
    if category in policy.blocked_categories:
        raise CategoryBlocked(f"spending on '{category}' is not allowed under this wallet's policy",
                              category=category)
    suspended = spend_rule(policy.while_suspended, suspended_from=wallet.suspended_from,
                           suspended_until=wallet.suspended_until, reason=wallet.suspension_reason, on=spend.on)
    covered = _cover(policy, wallet, spend)
    return SpendDecision(category, covered,
                         _approval(policy, spend, category, after_death=after_death, suspended=suspended))


def check_value_date(wallet: WalletState, day: date, *, allow_after_end: bool = False) -> None:
    """Nothing is dated before a wallet opened, nor after it ended unless a rule allows it."""
    if day < wallet.opened_on:
        raise InvalidInput(f"effective_date {day} is before the wallet opened on {wallet.opened_on}",
                           effective_date=str(day), opened_on=str(wallet.opened_on))
    if wallet.ended_by(day) and not allow_after_end:
        raise WalletEnded(f"the wallet ended on {wallet.ended_on}; nothing may be dated later",
                          effective_date=str(day), ended_on=str(wallet.ended_on), reason=wallet.closure_reason)


def _check_date(wallet: WalletState, spend: Spend) -> bool:
    """Check the spend's date; True when it falls after the person's death and may still be paid
    as a contractual cost with the funder's approval (payments and pool parts only: a hold or its
    capture after the end is refused)."""
    after_death = (spend.kind in (SpendKind.PAYMENT, SpendKind.POOL_PART)
                   and wallet.closure_reason == DEATH and wallet.ended_by(spend.on))
    check_value_date(wallet, spend.on, allow_after_end=after_death)
    return after_death


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


def _approval(policy: Policy, spend: Spend, category: str, *, after_death: bool,
              suspended: str | None) -> Approval | None:
    if spend.kind is SpendKind.HOLD:
        return None  # a hold only sets money aside; its capture is decided when it pays
    if after_death:
        return Approval(ApprovalReason.AFTER_DEATH,
                        "after the person's death only contractual costs the funder approves are paid")
    if suspended:
        return Approval(ApprovalReason.SUSPENDED, suspended)
    if category in policy.approval_categories:
        return Approval(ApprovalReason.CATEGORY, f"payments for '{category}' need the funder's approval")
    if policy.approval_threshold is not None and spend.amount > policy.approval_threshold:
        return Approval(ApprovalReason.THRESHOLD,
                        f"payments above {policy.approval_threshold} need the funder's approval")
    return None

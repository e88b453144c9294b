"""Suspending a wallet while a concern is investigated or the person is in hospital, and resuming it.

A suspension runs from its first day (``starts_on``) up to the day before it is resumed
(``resumed_on``, the first day the wallet is live again); until resumed it is open-ended. Two
things follow from it, each decided here:

- **Spending.** A spend dated inside a suspension waits for the funder's approval, or is refused
  when the policy says ``while_suspended: refuse`` (``spending.decide_spend`` asks
  :func:`spend_rule`). Nothing is lost either way: money stays in the wallet.
- **Schedules.** When the funder chose to pause them, each period is decided by the day it
  starts (:func:`period_decision`): a period starting inside a suspension still open waits; once
  the suspension is resumed, the funder has said whether the paused periods are to be paid
  (dated the day of resumption, since that is when the money goes) or were never owed. A period
  is paid at most once whatever is decided, because runs skip what is recorded as paid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import TypeVar

from wallet.domain.errors import Conflict, InvalidInput, NotFound, RuleViolation
from wallet.domain.schedules import Funding


class SuspensionReason(StrEnum):
    INVESTIGATION = "investigation"
    HOSPITAL_STAY = "hospital_stay"
    OTHER = "other"


class WhileSuspended(StrEnum):
    """What a funder's policy does with a spend dated while the wallet is suspended."""

    APPROVE = "approve"  # it waits for the funder's approval
    REFUSE = "refuse"  # it is refused


REASON_WORDS = {
    SuspensionReason.INVESTIGATION: "while a concern is investigated",
    SuspensionReason.HOSPITAL_STAY: "during a hospital stay",
    SuspensionReason.OTHER: "",
}


class WalletSuspended(RuleViolation):
    type = "wallet-suspended"
    title = "The wallet is suspended and its funder's policy refuses spending meanwhile"


class SuspensionNotFound(NotFound):
    type = "suspension-not-found"
    title = "Suspension not found"


class WalletAlreadySuspended(Conflict):
    type = "wallet-already-suspended"
    title = "This wallet is already suspended; resume that suspension first"


class SuspensionAlreadyResumed(Conflict):
    type = "suspension-already-resumed"
    title = "This suspension has already been resumed, on another day or with another choice about paused periods"


@dataclass(frozen=True, slots=True)
class Suspension:
    starts_on: date
    pause_schedules: bool = True
    resumed_on: date | None = None  # the first day the wallet is live again
    pay_paused_periods: bool = False  # chosen on resumption

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.resumed_on is None or day < self.resumed_on)

    @property
    def is_resumed(self) -> bool:
        return self.resumed_on is not None


def describe(reason: SuspensionReason | str, starts_on: date) -> str:
    """In words, for an approval's ``why`` and the person's page (at most ~100 characters)."""
    words = REASON_WORDS.get(SuspensionReason(reason), "")
    return f"the wallet is suspended from {starts_on}" + (f" {words}" if words else "")


# --- spending -------------------------------------------------------------------------------


def spend_rule(rule: WhileSuspended, *, suspended_from: date | None, suspended_until: date | None,
               reason: str | None, on: date) -> str | None:
    """For a spend dated ``on``: None when no suspension covers it; else why it waits for the
    funder's approval; or raise ``wallet-suspended`` when the policy refuses spending meanwhile."""
    if suspended_from is None or not Suspension(suspended_from, resumed_on=suspended_until).covers(on):
        return None
    why = describe(reason or SuspensionReason.OTHER, suspended_from)
    if rule is WhileSuspended.REFUSE:
        raise WalletSuspended(f"{why}; the funder's policy refuses spending until it is resumed",
                              suspended_from=str(suspended_from), reason=reason, effective_date=str(on))
    return f"{why}: the funder approves each payment until it is resumed"


# --- schedules ------------------------------------------------------------------------------


class PeriodDecision(StrEnum):
    PAY = "pay"
    WAIT = "wait"  # inside a suspension not yet resumed: the run leaves it for later
    SKIP = "skip"  # inside a resumed suspension whose paused periods the funder chose not to pay


def period_decision(start: date, suspensions: Iterable[Suspension]) -> tuple[PeriodDecision, date | None]:
    """What a run does with a period (or opening float) starting on ``start``, and for a period
    paid after resumption, the day it is dated (the day the wallet resumed)."""
    for suspension in suspensions:
        if suspension.pause_schedules and suspension.covers(start):
            if not suspension.is_resumed:
                return PeriodDecision.WAIT, None
            if suspension.pay_paused_periods:
                return PeriodDecision.PAY, suspension.resumed_on
            return PeriodDecision.SKIP, None
    return PeriodDecision.PAY, None


Owed = TypeVar("Owed")


def periods_to_pay(owed: Sequence[Owed], suspensions: Sequence[Suspension], *,
                   start: Callable[[Owed], date], redate: Callable[[Owed, date], Owed]) -> list[Owed]:
    """What a run pays of ``owed`` (in order), each paused period paid on resumption redated
    to that day: periods waiting or skipped are left out."""
    paid = []
    for item in owed:
        decision, paid_on = period_decision(start(item), suspensions)
        if decision is PeriodDecision.PAY:
            paid.append(redate(item, paid_on) if paid_on is not None else item)
    return paid


def redate_funding(funding: Funding, paid_on: date) -> Funding:
    """A funding dated no earlier than ``paid_on``."""
    return replace(funding, due_on=max(funding.due_on, paid_on))


# --- checks for the use cases --------------------------------------------------------------


def check_new(starts_on: date, *, opened_on: date, ends_on: date | None, current: Suspension | None,
              wallet_id: str) -> None:
    """A suspension starts inside the wallet's life, and after any earlier one has ended."""
    if starts_on < opened_on:
        raise InvalidInput(f"starts_on {starts_on} is before the wallet opened on {opened_on}",
                           field="starts_on", opened_on=str(opened_on))
    if ends_on is not None and starts_on > ends_on:
        raise InvalidInput(f"starts_on {starts_on} is after the wallet ends on {ends_on}",
                           field="starts_on", ends_on=str(ends_on))
    if current is not None and (current.resumed_on is None or starts_on < current.resumed_on):
        raise WalletAlreadySuspended(
            f"wallet {wallet_id} is suspended from {current.starts_on}"
            + (f" to {current.resumed_on}" if current.resumed_on else " until resumed"),
            wallet_id=wallet_id, suspended_from=str(current.starts_on),
            resumed_on=str(current.resumed_on) if current.resumed_on else None)


def check_resume(suspension: Suspension, suspension_id: str, resumed_on: date, pay_paused_periods: bool) -> bool:
    """Whether resuming changes anything: False when it was already resumed exactly so (a retry);
    a different resumption is refused, since periods may already have been paid or skipped by it."""
    if resumed_on < suspension.starts_on:
        raise InvalidInput(f"resumed_on {resumed_on} is before the suspension started on {suspension.starts_on}",
                           field="resumed_on", starts_on=str(suspension.starts_on))
    if suspension.resumed_on is None:
        return True
    if (suspension.resumed_on, suspension.pay_paused_periods) == (resumed_on, pay_paused_periods):
        return False
    raise SuspensionAlreadyResumed(
        f"suspension {suspension_id} was resumed on {suspension.resumed_on} "
        f"({'paying' if suspension.pay_paused_periods else 'not paying'} the paused periods)",
        suspension_id=suspension_id, resumed_on=str(suspension.resumed_on),
        pay_paused_periods=suspension.pay_paused_periods)

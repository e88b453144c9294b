"""A wallet's support plan and the timesheets paid against it. Pure: no database.

A plan lists the support the budget buys: who gives it (a personal assistant's reference or a
provider), at what agreed hourly rate, for how many hours a week, from and to which dates. A
timesheet pays hours of one planned service at a rate: the amount is hours x rate, exact to the
penny. Hours are kept as whole hundredths of an hour (``"7.5"`` is 750), rates as whole pence an
hour, so the product is a whole number of hundredths of a penny: a timesheet whose product is not
a whole number of pence is refused rather than rounded, so nobody's pay is decided by a rounding
rule (7.25 hours at £17.55 is £127.2375: refused; 7.5 hours at £17.50 is £131.25: paid).

A PA's own payroll (tax, National Insurance, pension) is the employer's, not this ledger's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from wallet.domain.errors import InvalidInput

HUNDREDTHS = 100
MAX_HOURS = 168  # hours in a week: more than that on one timesheet is a typing error
HOURS_PATTERN = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?$")


class ProviderKind(StrEnum):
    PA = "pa"  # a personal assistant the person employs, known by the holder's reference
    PROVIDER = "provider"  # an agency or other provider


class TimesheetNotWholePence(InvalidInput):
    type = "timesheet-not-whole-pence"
    title = "Hours times the rate is not a whole number of pence"


@dataclass(frozen=True, slots=True)
class PlannedService:
    id: str
    provider_kind: ProviderKind
    provider_ref: str
    category: str
    hourly_rate: int  # pence an hour, agreed
    weekly_hundredths: int  # agreed hours a week, in hundredths of an hour
    starts_on: date
    ends_on: date | None = None

    def covers(self, first: date, last: date) -> bool:
        return self.starts_on <= first and (self.ends_on is None or last <= self.ends_on)


def check_planned_service(*, hourly_rate: int, weekly_hours: str, starts_on: date, ends_on: date | None,
                          opened_on: date) -> int:
    """Refuse a service the plan cannot hold; its agreed weekly hours in hundredths."""
    if isinstance(hourly_rate, bool) or not isinstance(hourly_rate, int) or hourly_rate <= 0:
        raise InvalidInput("hourly_rate is a positive whole number of pence", field="hourly_rate")
    weekly = parse_hours(weekly_hours, field="weekly_hours")
    if starts_on < opened_on:
        raise InvalidInput(f"a service cannot start before the wallet opened on {opened_on}", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("a service cannot end before it starts", field="ends_on")
    return weekly


def parse_hours(value: str, *, field: str = "hours") -> int:
    """Hours as a decimal string with at most two places ("7", "7.5", "7.25"), in hundredths."""
    found = HOURS_PATTERN.match(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise InvalidInput(f"{field} is a number of hours with at most two decimal places, e.g. \"7.5\"",
                           field=field)
    hundredths = int(found.group(1)) * HUNDREDTHS + int((found.group(2) or "0").ljust(2, "0"))
    if hundredths <= 0 or hundredths > MAX_HOURS * HUNDREDTHS:
        raise InvalidInput(f"{field} must be more than 0 and at most {MAX_HOURS}", field=field)
    return hundredths


def format_hours(hundredths: int) -> str:
    """Hundredths of an hour as the decimal string the API takes: 750 -> "7.50"."""
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(hundredths), HUNDREDTHS)
    return f"{sign}{whole}.{part:02d}"


def timesheet_amount(hundredths: int, rate: int) -> int:
    """Hours x rate in pence, or refused when it is not a whole number of pence."""
    if isinstance(rate, bool) or not isinstance(rate, int) or rate <= 0:
        raise InvalidInput("a rate is a positive whole number of pence an hour", field="rate")
    exact, rest = divmod(hundredths * rate, HUNDREDTHS)
    if rest:
        raise TimesheetNotWholePence(
            f"{format_hours(hundredths)} hours at {rate} pence an hour is {hundredths * rate / HUNDREDTHS} pence, "
            "not a whole number of pence; split the hours or agree a rate that pays whole pence",
            hours=format_hours(hundredths), rate=rate)
    return exact


def week_of(day: date) -> date:
    """The Monday a timesheet's week starts on."""
    return day - timedelta(days=day.weekday())


def timesheet_week(service_from: date, service_to: date) -> date:
    """A timesheet covers days of one Monday-to-Sunday week, so its hours are weighed against
    one week's agreed hours."""
    if service_to < service_from:
        raise InvalidInput("service_to is before service_from", field="service_to")
    week = week_of(service_from)
    if week_of(service_to) != week:
        raise InvalidInput("a timesheet covers days of one week (Monday to Sunday); send one a week",
                           field="service_to")
    return week


@dataclass(frozen=True, slots=True)
class Timesheet:
    """What the spending decision weighs: the hours and rate claimed, against the plan."""

    hundredths: int
    rate: int
    agreed_rate: int
    weekly_hundredths: int
    already_paid_hundredths: int = 0  # this service, this week, before this timesheet

    @property
    def amount(self) -> int:
        return timesheet_amount(self.hundredths, self.rate)

    @property
    def over_rate(self) -> bool:
        return self.rate > self.agreed_rate

    @property
    def over_hours(self) -> bool:
        return self.already_paid_hundredths + self.hundredths > self.weekly_hundredths


def hours_affordable(available: int, hourly_rate: int) -> int:
    """How many hundredths of an hour of a service the money left pays for, rounded down."""
    if available <= 0:
        return 0
    return available * HUNDREDTHS // hourly_rate

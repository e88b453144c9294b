"""What the person's own page says, in plain English: the words and the sums behind them.

Pure: the use case (``wallet.usecases.person_page``) reads the wallet, its statement and its
schedules; this module turns them into sentences a person with a learning disability, or their
family, can follow. Amounts stay integer pence until they are written out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from wallet.domain.categories import category_label
from wallet.domain.errors import Conflict, NotFound, Unauthenticated
from wallet.domain.schedules import Funding, FundingKind, ScheduleTerms
from wallet.domain.statements import UNCATEGORISED, Section, StatementLine
from wallet.domain.wallets import Source, format_pounds, hours_of_support

WEEKS_SHOWN = 4
# How far ahead "next money" looks: further than any schedule's period (a month, or four weeks).
NEXT_MONEY_HORIZON = timedelta(days=62)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class PersonLinkNotUsable(Conflict):
    type = "person-link-not-usable"
    title = "This sign-in link cannot be used"


class PersonLinkNotFound(NotFound):
    type = "person-link-not-found"
    title = "Sign-in link not found"


class PersonNotSignedIn(Unauthenticated):
    type = "person-not-signed-in"
    title = "Not signed in"


# --- dates ---------------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """``Monday 8 June 2026``: the way a letter would say it (no locale needed)."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def period_words(first_day: date, last_day: date) -> str:
    """``7 May to 3 June 2026``, or with both years when they differ."""
    start = short_date(first_day) if first_day.year == last_day.year else f"{short_date(first_day)} {first_day.year}"
    return f"{start} to {short_date(last_day)} {last_day.year}"


def recent_weeks(today: date, weeks: int = WEEKS_SHOWN) -> list[tuple[date, date]]:
    """The last ``weeks`` weeks, oldest first, the last one ending today."""
    return [(today - timedelta(days=7 * back + 6), today - timedelta(days=7 * back))
            for back in reversed(range(weeks))]


# --- hours of support ----------------------------------------------------------------------------


def hours_sentence(amount: int, hourly_rate: int | None, currency: str = "GBP") -> str | None:
    """``That pays for about 22 hours of support, at £15.00 an hour.`` Rounded down, never promising
    more than the money buys; ``None`` when the policy sets no rate."""
    hours = hours_of_support(amount, hourly_rate)
    if hours is None or hourly_rate is None:
        return None
    rate = format_pounds(hourly_rate, currency)
    if hours < 1:
        return f"That is less than one hour of support, at {rate} an hour."
    whole = int(hours)
    return f"That pays for about {whole} hour{'' if whole == 1 else 's'} of support, at {rate} an hour."


# --- money in and out ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Names:
    """Whose names the page uses: the person knows their council and provider by name."""

    funder: str
    holder: str


SOURCE_NAMES = {
    Source.PERSON_CONTRIBUTION.value: "Your own contribution",
    Source.NHS.value: "From the NHS",
    Source.TOP_UP.value: "A top-up",
}
POOL_LINES = {
    "payments": "Spent from shared support",
    "contributions": "Paid into shared support",
    "refunds": "Given back from shared support",
}


def plain_name(line: StatementLine, names: Names) -> str:
    """The name a person reads for a statement line: its category, where its money came from, or
    what happened to it."""
    match line.section:
        case Section.MONEY_IN:
            if line.label == Source.FUNDER.value:
                return f"From {names.funder}"
            return SOURCE_NAMES.get(line.label, category_label(line.label))
        case Section.MONEY_OUT:
            return "Other spending" if line.label == UNCATEGORISED else category_label(line.label)
        case Section.FEES:
            return "Management fee"
        case Section.HOLDER_RESERVE:
            return f"Paid for now by {names.holder}"
        case Section.POOLS:
            return POOL_LINES.get(line.label, "Shared support")
        case Section.RECOVERIES:
            return f"Unspent money taken back by {names.funder}"
        case Section.REFUNDS:
            return "Paid back to you"
        case Section.SAVINGS:
            return "Moved to your savings"
        case Section.EFFICIENCY_SHARE:
            return f"{names.holder}'s share of money saved"
        case Section.MOVED_FROM_PREVIOUS_HOLDER:
            return "Moved from your previous provider"
        case Section.MOVED_TO_NEW_HOLDER:
            return "Moved to your new provider"
    return "Other changes"


@dataclass(frozen=True, slots=True)
class Movement:
    name: str
    amount: int  # positive: what came in, or what went out


@dataclass(frozen=True, slots=True)
class InAndOut:
    came_in: tuple[Movement, ...]
    went_out: tuple[Movement, ...]

    @property
    def total_in(self) -> int:
        return sum(m.amount for m in self.came_in)

    @property
    def total_out(self) -> int:
        return sum(m.amount for m in self.went_out)


def in_and_out(lines: Iterable[StatementLine], names: Names) -> InAndOut:
    """The statement's lines by plain name, netted over the person's pots: money moved between
    their own pots (into a pool share, into savings) nets to nothing and is not shown, so what is
    left is what came in and what went out, and in − out is the statement's movement."""
    nets: dict[str, int] = defaultdict(int)
    for line in lines:
        nets[plain_name(line, names)] += line.amount
    came_in = tuple(sorted((Movement(n, a) for n, a in nets.items() if a > 0), key=lambda m: (-m.amount, m.name)))
    went_out = tuple(sorted((Movement(n, -a) for n, a in nets.items() if a < 0), key=lambda m: (-m.amount, m.name)))
    return InAndOut(came_in, went_out)


# --- the next money ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextMoney:
    due_on: date
    amount: int

    def due_words(self, today: date) -> str:
        if self.due_on <= today:
            return "It is due now."
        return f"It is due on {long_date(self.due_on)}."


def _fundings(terms: ScheduleTerms, horizon: date) -> Iterator[Funding]:
    if terms.opening_float:
        yield Funding(FundingKind.OPENING_FLOAT, terms.starts_on, terms.starts_on, terms.starts_on,
                      terms.opening_float)
    yield from terms.periods(starting_by=horizon)


def next_money(plans: Iterable[tuple[ScheduleTerms, Callable[[Funding], bool]]], today: date) -> NextMoney | None:
    """The earliest funding the schedules still owe (each schedule's first unpaid one), and how
    much falls due that day across them. ``plans`` pairs each schedule's terms (cut short at the
    wallet's end) with a test of whether a funding is already paid."""
    horizon = today + NEXT_MONEY_HORIZON
    owed: list[Funding] = []
    for terms, is_paid in plans:
        first = next((f for f in _fundings(terms, horizon) if f.amount > 0 and not is_paid(f)), None)
        if first is not None and first.due_on <= horizon:
            owed.append(first)
    if not owed:
        return None
    due_on = min(f.due_on for f in owed)
    # Anything already overdue arrives with the next funding run: count it as due now, together.
    if due_on <= today:
        return NextMoney(due_on, sum(f.amount for f in owed if f.due_on <= today))
    return NextMoney(due_on, sum(f.amount for f in owed if f.due_on == due_on))


# --- the weekly chart ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Week:
    first_day: date
    last_day: date
    came_in: int
    went_out: int

    @property
    def label(self) -> str:
        return f"{short_date(self.first_day)} to {short_date(self.last_day)}"


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: str


@dataclass(frozen=True, slots=True)
class ChartWeek:
    day: str    # the week's first day, written under its bars on two lines: "4" and "November"
    month: str
    label_x: float
    came_in: Bar
    went_out: Bar


CHART_WIDTH, CHART_HEIGHT = 480, 280
# The key sits above the bars and the weeks' names below them.
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT = 56, 222, 8


def chart(weeks: list[Week], currency: str = "GBP") -> list[ChartWeek]:
    """Bar geometry for the weekly chart (an SVG ``viewBox`` of CHART_WIDTH × CHART_HEIGHT): two
    bars a week, both to one scale, each labelled with its amount, so nothing is told by colour
    or height alone."""
    if not weeks:
        return []
    largest = max([1, *(w.came_in for w in weeks), *(w.went_out for w in weeks)])
    slot = (CHART_WIDTH - 2 * PLOT_LEFT) / len(weeks)
    bar_width = slot * 0.34
    plotted = PLOT_BOTTOM - PLOT_TOP

    def bar(x: float, amount: int) -> Bar:
        height = max(0, amount) * plotted / largest
        return Bar(round(x, 1), round(PLOT_BOTTOM - height, 1), round(bar_width, 1), round(height, 1),
                   format_pounds(amount, currency))

    drawn = []
    for index, week in enumerate(weeks):
        left = PLOT_LEFT + index * slot + slot * 0.14
        drawn.append(ChartWeek(str(week.first_day.day), MONTHS[week.first_day.month - 1],
                               round(PLOT_LEFT + (index + 0.5) * slot, 1),
                               bar(left, week.came_in), bar(left + bar_width + slot * 0.04, week.went_out)))
    return drawn

"""A wallet's statement as JSON (minor units beside plain money, plain words beside stable codes)
and as CSV for an accountant."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from wallet.domain.categories import category_label
from wallet.domain.labels import SECTION_TITLES, day_month_year, kind_label, pending_label
from wallet.domain.labels import line_label as plain_line_label
from wallet.domain.statements import Holdings, ItemisedPayment, Pot, Section, Statement, StatementLine
from wallet.domain.wallets import format_pounds, hours_of_support
from wallet.usecases.wallet_statement import WalletStatement

# The summary's sentence for each section that needs one, and the pot whose lines it counts
# (savings nets to nil across pots; what reached savings is the savings pot's part).
NARRATED: tuple[tuple[Section, Pot | None, str], ...] = (
    (Section.RECOVERIES, None, "was recovered by the funder"),
    (Section.REFUNDS, None, "was paid back to the person"),
    (Section.SAVINGS, Pot.SAVINGS, "moved to protected savings"),
    (Section.EFFICIENCY_SHARE, None, "was the holder's share of an efficiency saving"),
    (Section.MOVED_TO_NEW_HOLDER, None, "moved with the person to their new holder"),
    (Section.MOVED_FROM_PREVIOUS_HOLDER, None, "came with the person from their previous holder"),
)
# Sections whose lines take money away from the person (their sentence names it as a positive sum).
OUTGOING = frozenset({Section.RECOVERIES, Section.REFUNDS, Section.EFFICIENCY_SHARE, Section.MOVED_TO_NEW_HOLDER})
MOVE_PREPOSITION = {Section.MOVED_TO_NEW_HOLDER: "to", Section.MOVED_FROM_PREVIOUS_HOLDER: "from"}
MOVE_WORDS = {Section.MOVED_TO_NEW_HOLDER: "moved to the new holder",
              Section.MOVED_FROM_PREVIOUS_HOLDER: "moved from the previous holder"}
CSV_COLUMNS = ("section", "code", "label", "amount_minor_units", "amount")


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from", description="first value date in the period")
    to: date = Field(description="last value date in the period")


class HoldingsOut(BaseModel):
    at_end_of: date = Field(description="balances include everything dated on or before this day")
    total: int = Field(description="everything held for the person: available + savings + in_pools (posted)")
    available: int = Field(description="posted, so it includes money set aside by holds and approvals")
    by_source: dict[str, int]
    savings: int
    in_pools: int
    display: dict[str, str]

    @classmethod
    def of(cls, holdings: Holdings, day: date, currency: str) -> HoldingsOut:
        amounts = {"total": holdings.total, "available": holdings.available, "savings": holdings.savings,
                   "in_pools": holdings.pools}
        return cls(at_end_of=day, by_source=holdings.by_source, **amounts,
                   display={k: format_pounds(v, currency) for k, v in amounts.items()})


class StatementLineOut(BaseModel):
    section: Section
    code: str = Field(description="the funding source, spending category or kind of movement, as a stable code")
    label: str = Field(description="the same in plain words, for people (\"Your contribution\", \"Personal care\")")
    pot: Pot = Field(description="which of the person's pots it moved")
    amount: int = Field(description="signed minor units: positive added to the pot, negative took from it")
    display: str
    other_wallet_id: str | None = Field(
        default=None, description="for a move: the person's wallet at the new holder (on the old wallet's "
                                  "statement) or at the previous holder (on the new wallet's)")


class PaymentItemOut(BaseModel):
    """One payment (or the correction of one): the lines of money out add up from these."""

    transaction_id: str
    effective_date: date
    kind: str
    kind_label: str
    section: Section = Field(description="money_out, or pools for the person's part of a shared pool's payment")
    category: str
    category_label: str
    payee: str | None = Field(description="the holder's reference for whom it was paid to")
    pool_id: str | None
    pool_name: str | None
    amount: int = Field(description="signed minor units: negative took money from the person")
    display: str
    service_from: date | None = Field(None, description="the first day of the support it paid for, when given")
    service_to: date | None = Field(None, description="the last day of that support")
    hours: str | None = Field(None, description="a timesheet's hours, e.g. \"7.50\"")
    rate: int | None = Field(None, description="a timesheet's rate, minor units an hour")

    @classmethod
    def of(cls, item: ItemisedPayment, currency: str, pool_names: dict[str, str]) -> PaymentItemOut:
        return cls(transaction_id=item.transaction_id, effective_date=item.effective_date, kind=item.kind,
                   kind_label=kind_label(item.kind), section=item.section, category=item.category,
                   category_label=category_label(item.category), payee=item.payee, pool_id=item.pool_id,
                   pool_name=pool_names.get(item.pool_id) if item.pool_id else None, amount=item.amount,
                   display=format_pounds(item.amount, currency), service_from=item.service_from,
                   service_to=item.service_to, hours=item.hours, rate=item.rate)


class HoursOut(BaseModel):
    """What the money means in support, at the policy's hourly rate, rounded down."""

    hourly_rate: int = Field(description="minor units an hour")
    display: str
    paid_for: float = Field(description="hours the period's money out paid for")
    held_at_end: float = Field(description="hours what was held at the end would pay for")
    planned_per_week: float | None = Field(None, description="hours a week the weekly budget pays for (the planned "
                                                             "budget's, else the schedules')")


class NettedPeriodOut(BaseModel):
    """A funding period the funder paid less on, to settle a close's surplus (``net_off``): the
    period's whole budget still reached the person; the funder kept back ``netted`` of the cash."""

    period_start: date
    period_end: date
    netted: int
    display: str
    status: str = Field(description="netted, or restored when the close was reversed")
    funding_transaction_id: str
    transaction_id: str


class SectionTotalOut(BaseModel):
    section: Section
    title: str
    amount: int
    display: str


class HoldsOut(BaseModel):
    """Money reserved for known costs: pending, so it never moves the balances above."""

    committed_at_start: int
    placed: int
    captured: int
    sent_for_approval: int = Field(description="captures that had to wait for approval")
    released: int = Field(description="given back to available: released or expired")
    committed_at_end: int


class AwaitingApprovalOut(BaseModel):
    at_start: int
    requested: int
    approved: int
    rejected: int
    at_end: int


class StatementOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    wallet_id: str
    person_ref: str
    funder_id: str
    funder_name: str
    holder_id: str
    holder_name: str
    currency: str
    period: PeriodOut
    as_of: datetime | None = Field(description="by value date, as known at this moment (null: as known now)")
    opening: HoldingsOut
    lines: list[StatementLineOut]
    payments: list[PaymentItemOut] = Field(description="every payment in the period on its own, by value date "
                                                       "then journal order, up to `payments_limit` of them")
    payments_next_cursor: str | None = Field(
        None, description="when more payments follow: ask again with it as `payments_cursor` for the next")
    hours: HoursOut | None = Field(description="only when the wallet's policy sets an hourly rate")
    totals: list[SectionTotalOut]
    movement: int = Field(description="the sum of every line: closing.total - opening.total")
    closing: HoldingsOut
    holds: HoldsOut
    awaiting_approval: AwaitingApprovalOut
    reconciled: bool = Field(description="opening + every line = closing, pot by pot; never false in a response")
    netted_off: list[NettedPeriodOut] = Field(default_factory=list,
                                              description="each funding period of the statement a close's surplus "
                                                          "was netted off (beside the figures: the person's money "
                                                          "is unchanged by it)")
    opening_float_held: int = Field(0, description="of the available money at the end, the opening float the "
                                                   "policy holds as contingency until the wallet ends")
    summary: str

    @classmethod
    def of(cls, found: WalletStatement, *, payments_next_cursor: str | None = None) -> StatementOut:
        wallet, statement = found.wallet, found.statement
        currency = wallet.currency
        totals = statement.section_totals()
        return cls(
            wallet_id=wallet.id, person_ref=wallet.person_ref, funder_id=wallet.funder_id,
            funder_name=found.funder_name, holder_id=wallet.holder_id, holder_name=found.holder_name,
            currency=currency,
            period=PeriodOut(from_=statement.first_day, to=statement.last_day), as_of=found.as_of,
            opening=HoldingsOut.of(statement.opening, day_before(statement.first_day), currency),
            lines=[StatementLineOut(section=line.section, code=line.label, label=plain_line_label(line), pot=line.pot,
                                    amount=line.amount, display=format_pounds(line.amount, currency),
                                    other_wallet_id=line.other_wallet_id)
                   for line in statement.lines],
            payments=[PaymentItemOut.of(item, currency, dict(found.pool_names)) for item in statement.payments or ()],
            payments_next_cursor=payments_next_cursor,
            hours=hours_out(found),
            totals=[SectionTotalOut(section=section, title=SECTION_TITLES[section], amount=amount,
                                    display=format_pounds(amount, currency))
                    for section in Section if (amount := totals.get(section)) is not None],
            movement=statement.movement,
            closing=HoldingsOut.of(statement.closing, statement.last_day, currency),
            holds=HoldsOut(committed_at_start=statement.holds.at_start, placed=statement.holds.placed,
                           captured=statement.holds.captured, sent_for_approval=statement.holds.sent_for_approval,
                           released=statement.holds.released, committed_at_end=statement.holds.at_end),
            awaiting_approval=AwaitingApprovalOut(
                at_start=statement.approvals.at_start, requested=statement.approvals.requested,
                approved=statement.approvals.approved, rejected=statement.approvals.rejected,
                at_end=statement.approvals.at_end),
            reconciled=statement.reconciled,
            netted_off=[NettedPeriodOut(period_start=p.period_start, period_end=p.period_end, netted=p.amount,
                                        display=format_pounds(p.amount, currency), status=p.status,
                                        funding_transaction_id=p.funding_transaction_id,
                                        transaction_id=p.transaction_id) for p in found.netted_off],
            opening_float_held=found.float_held,
            summary=summary(statement, currency, found.hourly_rate),
        )


def hours_out(found: WalletStatement) -> HoursOut | None:
    rate = found.hourly_rate
    if not rate:
        return None
    statement = found.statement
    paid = -statement.itemised_total  # every payment, however many the statement lists
    return HoursOut(hourly_rate=rate, display=f"{format_pounds(rate, found.wallet.currency)} an hour",
                    paid_for=hours_of_support(paid, rate) or 0.0,
                    held_at_end=hours_of_support(statement.closing.total, rate) or 0.0,
                    planned_per_week=hours_of_support(found.weekly_budget, rate) if found.weekly_budget else None)


def summary(statement: Statement, currency: str, hourly_rate: int | None = None) -> str:
    """The statement in sentences: what came in and went out, then what happened to unspent money
    and moves between holders, when anything did, and what is held in hours of support."""
    came_in = statement.came_in
    sentences = [f"From {day_month_year(statement.first_day)} to {day_month_year(statement.last_day)}: "
                 f"{format_pounds(came_in, currency)} came in "
                 f"and {format_pounds(came_in - statement.movement, currency)} went out."]
    for section, pot, words in NARRATED:
        if any(line.section is section for line in statement.lines):
            amount = statement.total_of(section, pot)
            sentences.append(f"{format_pounds(-amount if section in OUTGOING else amount, currency)} {words}.")
    sentences.append(f"Held at the start {format_pounds(statement.opening.total, currency)}, "
                     f"at the end {format_pounds(statement.closing.total, currency)}.")
    hours = hours_of_support(statement.closing.total, hourly_rate)
    if hourly_rate and hours is not None:
        sentences.append(f"At {format_pounds(hourly_rate, currency)} an hour, that pays for about "
                         f"{hours:g} hours of support.")
    return " ".join(sentences)


def day_before(day: date) -> date:
    return day - timedelta(days=1) if day > date.min else day


def decimal_amount(amount: int) -> str:
    """Plain decimal pounds, no symbol or separators, so spreadsheets read it as a number."""
    sign = "-" if amount < 0 else ""
    whole, pence = divmod(abs(amount), 100)
    return f"{sign}{whole}.{pence:02d}"


def statement_csv(found: WalletStatement) -> str:
    """Opening, one row per line, closing: the rows between opening and closing sum to the
    difference. Pending money follows, in sections named ``pending:...``; it is not a movement.
    Each row has its stable code and its plain label."""
    statement = found.statement
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def row(section: str, code: str, label: str, amount: int) -> None:
        writer.writerow((section, code, label, amount, decimal_amount(amount)))

    row("opening", "opening", f"Held at the end of {day_month_year(day_before(statement.first_day))}",
        statement.opening.total)
    for line in statement.lines:
        row(line.section.value, line_code(line), line_label(line), line.amount)
    row("closing", "closing", f"Held at the end of {day_month_year(statement.last_day)}", statement.closing.total)
    for group, amounts in pending_money(statement):
        for code, amount in amounts:
            row(f"pending:{group}", code, pending_label(code), amount)
    for code, label, amount in beside_the_figures(found):
        row(code.split(":", 1)[0], code, label, amount)
    return out.getvalue()


def beside_the_figures(found: WalletStatement) -> list[tuple[str, str, int]]:
    """(code, plain label, amount) of what a statement says beside its figures, moving none of the
    person's money: each period a close's surplus was netted off, and an opening float held."""
    rows = []
    for period in found.netted_off:
        restored = " (given back: the close was reversed)" if period.status == "restored" else ""
        rows.append((f"netted_off:{period.period_start}",
                     f"Kept back by the council from the funding for {day_month_year(period.period_start)} to "
                     f"{day_month_year(period.period_end)}, for unspent money recovered earlier{restored}",
                     period.amount))
    if found.float_held:
        rows.append(("opening_float_held", "Opening float kept for you until your support ends", found.float_held))
    return rows


def line_code(line: StatementLine) -> str:
    """A line's code as a row that stands alone: its pot when it is not the available one, and for
    a move, the other wallet (``funder (savings) to wallet <id>``)."""
    code = line.label if line.pot is Pot.AVAILABLE else f"{line.label} ({line.pot.value})"
    if line.other_wallet_id is not None:
        code += f" {MOVE_PREPOSITION.get(line.section, 'with')} wallet {line.other_wallet_id}"
    return code


def line_label(line: StatementLine) -> str:
    """A line's plain label as a row that stands alone (a spreadsheet row, a printed one): its pot
    when it is not the available one, and where a move went."""
    label = plain_line_label(line)
    if line.other_wallet_id is not None:
        label += f", {MOVE_WORDS.get(line.section, 'moved')}"
    return label


def pending_money(statement: Statement) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """Money set aside during the period, by group: pending, so it is not a movement."""
    holds, approvals = statement.holds, statement.approvals
    return (
        ("holds", (("committed at start", holds.at_start), ("placed", holds.placed),
                   ("captured", holds.captured), ("sent for approval", holds.sent_for_approval),
                   ("released", holds.released), ("committed at end", holds.at_end))),
        ("awaiting_approval", (("at start", approvals.at_start), ("requested", approvals.requested),
                               ("approved", approvals.approved), ("rejected", approvals.rejected),
                               ("at end", approvals.at_end))),
    )

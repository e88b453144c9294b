"""Unspent funds: how much a person keeps, how much is surplus, and what the rules do with it.

Age is tracked first-in first-out: each source's money arrives in lots (fundings, refunds back from a
pool) and spending takes the oldest lot first. The contingency keeps the newest money, up to
``contingency_weeks`` of the weekly budget; surplus is everything above that, plus any money older
than ``surplus_max_age_weeks``, which is dealt with even under the cap.

Surplus of public money (funder, NHS) follows the policy's action; the person's own contribution
and top-ups are never taken by the council or the holder: they go back to the person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from wallet.domain.allocation import allocate
from wallet.domain.policies import Policy, SurplusAction
from wallet.domain.postings import Posting, credit, debit
from wallet.domain.wallets import Source, WalletAccounts, format_pounds

PUBLIC_SOURCES = (Source.FUNDER, Source.NHS)
PERSONS_OWN_SOURCES = (Source.PERSON_CONTRIBUTION, Source.TOP_UP)


@dataclass(frozen=True, slots=True)
class Lot:
    source: Source
    received_on: date
    amount: int


def unspent_lots(movements: Iterable[tuple[Source, date, int]]) -> list[Lot]:
    """Replay signed movements (money in positive, out negative) per source, oldest taken first.

    Money can leave on a value date before the funding that paid for it arrived; that spending is
    carried as a deficit the next lots pay first, so the lots always add up to the balance.
    """
    queues: dict[Source, list[list[object]]] = {}
    deficits: dict[Source, int] = {}
    for source, day, amount in movements:
        queue = queues.setdefault(source, [])
        if amount > 0:
            paid = min(deficits.get(source, 0), amount)
            deficits[source] = deficits.get(source, 0) - paid
            if amount > paid:
                queue.append([day, amount - paid])
            continue
        remaining = -amount
        while remaining and queue:
            take = min(queue[0][1], remaining)  # type: ignore[type-var]
            queue[0][1] -= take  # type: ignore[operator]
            remaining -= take  # type: ignore[operator]
            if queue[0][1] == 0:
                queue.pop(0)
        deficits[source] = deficits.get(source, 0) + remaining
    return sorted((Lot(s, d, a) for s, q in queues.items() for d, a in q if a),  # type: ignore[misc]
                  key=lambda lot: (lot.received_on, list(Source).index(lot.source)))


def take_oldest(lots: Sequence[Lot], amount: int) -> dict[Source, int]:
    taken: dict[Source, int] = {}
    for lot in lots:
        if amount <= 0:
            break
        part = min(lot.amount, amount)
        taken[lot.source] = taken.get(lot.source, 0) + part
        amount -= part
    return taken


def without_oldest(lots: Sequence[Lot], amount: int) -> list[Lot]:
    """The lots left once ``amount`` of the oldest money is set apart."""
    left: list[Lot] = []
    for lot in lots:
        part = min(lot.amount, max(amount, 0))
        amount -= part
        if lot.amount > part:
            left.append(Lot(lot.source, lot.received_on, lot.amount - part))
    return left


@dataclass(frozen=True, slots=True)
class SurplusAssessment:
    available: int
    contingency_cap: int
    contingency_kept: int
    over_cap: int
    aged: int
    surplus: int
    surplus_by_source: dict[Source, int]
    reason: str
    float_held: int = 0


def assess(lots: Sequence[Lot], policy: Policy, weekly_budget: int, period_end: date, *,
           final: bool = False, opening_float: int = 0) -> SurplusAssessment:
    """Contingency and surplus of the unspent (available) money at a period end.

    A final close (the wallet has ended) keeps no contingency: everything is surplus. Where the
    policy holds an opening float as contingency, up to ``opening_float`` of the unspent money
    (the oldest, which is where the float sits) is kept on top of the weeks of budget and is
    never aged: it is there to pay in arrears until the wallet ends.
    """
    available = sum(lot.amount for lot in lots)
    held = min(opening_float, available) if policy.opening_float_as_contingency and not final else 0
    assessed = without_oldest(lots, held)
    weeks_cap = 0 if final else policy.contingency_weeks * weekly_budget
    cap = weeks_cap + held
    over_cap = max(available - cap, 0)
    aged = 0
    if policy.surplus_max_age_weeks is not None and not final:
        cutoff = period_end - timedelta(weeks=policy.surplus_max_age_weeks)
        aged = sum(lot.amount for lot in assessed if lot.received_on <= cutoff)
    # Over-cap money and aged money are both the oldest lots, so together they are the larger one.
    surplus = max(over_cap, aged)
    kept = available - surplus
    if final:
        reason = f"the wallet has ended: all {format_pounds(available)} unspent is returned"
    else:
        reason = (f"{format_pounds(available)} unspent; the policy keeps up to {policy.contingency_weeks} weeks "
                  f"of a {format_pounds(weekly_budget)} weekly budget ({format_pounds(weeks_cap)}) as contingency")
        if held:
            reason += f", and {format_pounds(held)} of the opening float until the wallet ends"
        if aged > over_cap:
            reason += (f"; {format_pounds(aged)} has been unspent for more than {policy.surplus_max_age_weeks} "
                       f"weeks and is dealt with even under the cap")
        reason += f"; surplus {format_pounds(surplus)}"
    return SurplusAssessment(available, cap, kept, over_cap, aged, surplus, take_oldest(assessed, surplus), reason,
                             held)


@dataclass(frozen=True, slots=True)
class ClosePlan:
    postings: tuple[Posting, ...]
    recovered: int
    refunded_to_person: int
    to_savings: int
    to_holder: int
    words: list[str] = field(default_factory=list)
    to_net_off: int = 0


def plan(accounts: WalletAccounts, surplus_by_source: Mapping[Source, int], policy: Policy, *,
         recovery_account: str, efficiency_account: str, action: SurplusAction | None = None,
         everything_to_funder: bool = False, currency: str = "GBP") -> ClosePlan:
    """The postings the rule would make for this surplus, and what they mean in words."""
    action = action or policy.surplus_action
    postings: list[Posting] = []
    totals = {"recovered": 0, "refunded": 0, "savings": 0, "holder": 0, "net_off": 0}
    words: list[str] = []

    def move(source: Source, amount: int, to: str, bucket: str) -> None:
        if amount <= 0:
            return
        postings.extend([debit(accounts.available(source), amount, currency=currency, memo=source.value),
                         credit(to, amount, currency=currency, memo=source.value)])
        totals[bucket] += amount

    for source in Source:
        amount = surplus_by_source.get(source, 0)
        if amount <= 0 or action is SurplusAction.CARRY_FORWARD:
            continue
        if everything_to_funder:
            # After a death the money is never the estate's: all of it returns to the funder.
            move(source, amount, recovery_account, "recovered")
        elif action is SurplusAction.SAVINGS:
            move(source, amount, accounts.savings, "savings")
        elif source in PERSONS_OWN_SOURCES:
            # The person's own money is never recovered or shared: paid back, or kept in savings
            # where the funder has chosen to share efficiencies.
            if action is SurplusAction.SHARE:
                move(source, amount, accounts.savings, "savings")
            else:
                move(source, amount, accounts.cash, "refunded")
        elif action is SurplusAction.RECOVER:
            move(source, amount, recovery_account, "recovered")
        elif action is SurplusAction.NET_OFF:
            # Recovered at once, as a recovery owed that the next fundings settle (``netting``).
            move(source, amount, recovery_account, "recovered")
            totals["net_off"] += amount
        else:
            split = policy.share_split
            assert split is not None, "a share policy always has a split"
            person, holder, funder = allocate(amount, [split.person, split.holder, split.funder])
            move(source, person, accounts.savings, "savings")
            move(source, holder, efficiency_account, "holder")
            move(source, funder, recovery_account, "recovered")
    if totals["refunded"]:
        words.append(f"{format_pounds(totals['refunded'])} of the person's own money is paid back to them")
    if totals["net_off"]:
        words.append(f"{format_pounds(totals['net_off'])} is recovered by the funder by netting it off the "
                     "wallet's next fundings, as many periods as it takes, instead of being repaid")
    elif totals["recovered"]:
        words.append(f"{format_pounds(totals['recovered'])} is recovered by the funder")
    if totals["savings"]:
        words.append(f"{format_pounds(totals['savings'])} moves to the person's protected savings")
    if totals["holder"]:
        words.append(f"{format_pounds(totals['holder'])} is the holder's share of the efficiency saving")
    if action is SurplusAction.CARRY_FORWARD and not postings:
        words.append("the surplus is carried forward: nothing moves")
    return ClosePlan(tuple(postings), totals["recovered"], totals["refunded"], totals["savings"], totals["holder"],
                     words, totals["net_off"])


def final_settlement(accounts: WalletAccounts, available_by_source: Mapping[Source, int],
                     savings_by_source: Mapping[Source, int], *, recovery_account: str, after_death: bool,
                     currency: str = "GBP") -> ClosePlan:
    """Everything left when a wallet ends: public money is recovered, the person's own money is
    paid back to them; after a death, all of it returns to the funder, never to the estate."""
    postings: list[Posting] = []
    recovered = refunded = 0
    for from_account, by_source in ((None, available_by_source), (accounts.savings, savings_by_source)):
        for source in Source:
            amount = by_source.get(source, 0)
            if amount <= 0:
                continue
            to_funder = after_death or source in PUBLIC_SOURCES
            destination = recovery_account if to_funder else accounts.cash
            postings += [debit(from_account or accounts.available(source), amount, currency=currency, memo=source.value),
                         credit(destination, amount, currency=currency, memo=source.value)]
            if to_funder:
                recovered += amount
            else:
                refunded += amount
    words = []
    if refunded:
        words.append(f"{format_pounds(refunded)} of the person's own money is paid back to them")
    if recovered:
        words.append(f"{format_pounds(recovered)} returns to the funder"
                     + (" (after a death the money is never part of the estate)" if after_death else ""))
    return ClosePlan(tuple(postings), recovered, refunded, 0, 0, words)


def underspent(available: int, funded: int, percent: int) -> bool:
    """Unspent money above ``percent`` of the period's budget: the planned budget for its days
    where the wallet has one, else what was paid in for the period."""
    return funded > 0 and available * 100 > percent * funded


def review_due_dates(opened_on: date, first_review_weeks: int, up_to: date) -> list[date]:
    """The first review after ``first_review_weeks``, then yearly."""
    due = opened_on + timedelta(weeks=first_review_weeks)
    dates = []
    while due <= up_to:
        dates.append(due)
        due += timedelta(weeks=52)
    return dates

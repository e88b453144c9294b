"""What a funding run pays, decided for many schedules at once from their wallets' state.

A run pays each owed funding as its own transaction: the money to the source's available account
and, on public money, the management fee to the holder, never taking a wallet's fees for the
financial year past the policy's cap. The single-wallet path (``record_funding``) and the bulk run
decide with the same functions, so a rule added here applies to both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from wallet.domain.policies import ManagementFee, fee_year_start
from wallet.domain.postings import Posting
from wallet.domain.schedules import Funding, FundingKind
from wallet.domain.spending import WalletState, check_value_date
from wallet.domain.wallet_postings import funding_postings
from wallet.domain.wallets import FEE_BEARING_SOURCES, Source, WalletAccounts


def management_fee(rules: ManagementFee, source: Source, amount: int, *, per_period: bool,
                   charged_this_year: int) -> int:
    """The fee on one funding: none on the person's own money or top-ups."""
    if source not in FEE_BEARING_SOURCES:
        return 0
    return rules.on_funding(amount, per_period=per_period, charged_this_year=charged_this_year)


@dataclass(frozen=True, slots=True)
class OwedSchedule:
    """A schedule with what it owes, and what the decision needs to know of its wallet."""

    schedule_id: str
    source: Source
    fundings: Sequence[Funding]
    wallet: WalletState
    accounts: WalletAccounts
    currency: str
    fee_rules: ManagementFee


@dataclass(frozen=True, slots=True)
class PlannedFunding:
    schedule_id: str
    wallet_id: str
    source: Source
    funding: Funding
    effective_date: date
    fee: int
    postings: tuple[Posting, ...]
    description: str

    @property
    def fee_year(self) -> date:
        return fee_year_start(self.effective_date)


def fee_years(owed: Sequence[OwedSchedule]) -> set[date]:
    """The financial years the fundings fall in: what the fees already charged are read for."""
    return {fee_year_start(_effective_date(schedule, funding)) for schedule in owed for funding in schedule.fundings}


def plan_fundings(owed: Sequence[OwedSchedule],
                  charged: Mapping[tuple[str, date], int]) -> Iterator[PlannedFunding]:
    """Every owed funding, in the order given (schedule by schedule, each in period order), with
    its fee. ``charged`` holds the fees each wallet has been charged in each financial year
    (``(wallet id, first day of the year)``); the fees planned here count towards the cap of the
    fundings after them, exactly as if each had been posted before the next was decided.

    Made as they are taken, so a run decides its next batch while the one before is written (a
    whole book's plan, made first, kept the server idle for three seconds); the fees run on in the
    same order either way. A refusal (a value date outside the wallet's life) raises when reached."""
    running = dict(charged)
    for schedule in owed:
        wallet_id = schedule.wallet.wallet_id
        for funding in schedule.fundings:
            effective_date = _effective_date(schedule, funding)
            check_value_date(schedule.wallet, effective_date)
            is_period = funding.kind is FundingKind.PERIOD
            year = (wallet_id, fee_year_start(effective_date))
            # The fixed fee per period is for periods; the float is a one-off sum.
            fee = management_fee(schedule.fee_rules, schedule.source, funding.amount, per_period=is_period,
                                 charged_this_year=running.get(year, 0))
            running[year] = running.get(year, 0) + fee
            yield PlannedFunding(
                schedule_id=schedule.schedule_id, wallet_id=wallet_id, source=schedule.source, funding=funding,
                effective_date=effective_date, fee=fee,
                postings=tuple(funding_postings(schedule.accounts, schedule.source, funding.amount, fee,
                                                schedule.currency)),
                description=(f"{schedule.source.value} funding for {funding.start} to {funding.end}" if is_period
                             else f"{schedule.source.value} opening float"),
            )


def _effective_date(schedule: OwedSchedule, funding: Funding) -> date:
    # A wallet that moved holder carries on its schedules; a period that fell due before the new
    # wallet opened is dated the day it opened.
    return max(funding.due_on, schedule.wallet.opened_on)

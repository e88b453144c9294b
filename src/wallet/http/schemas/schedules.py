from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from wallet.domain.schedules import Every, FundingKind, weekly_equivalent
from wallet.domain.wallets import Source
from wallet.http.schemas.common import PositiveAmount, RequestBody
from wallet.persistence.schedule_repository import ScheduleRecord
from wallet.usecases.funding_run import FundingRun, PaidFunding
from wallet.usecases.pools.scheduled_contributions import ContributionMade, ContributionRefused


class ScheduleIn(RequestBody):
    amount: PositiveAmount = Field(description="minor units paid each period")
    source: Source
    every: Every = Field(description="1w, 2w, 4w or 1m (monthly on the same day, or the month's last day)")
    in_advance: bool = Field(description="paid on each period's first day (true) or its last day (false)")
    starts_on: date = Field(description="the first period's first day; not before the wallet opened")
    ends_on: date | None = Field(None, description="the last day funded; a final part-period is pro-rated by days")
    opening_float: PositiveAmount | None = Field(None, description="paid once, on the first run from starts_on")


class AmountChangeIn(RequestBody):
    amount: PositiveAmount
    effective_from: date = Field(description="periods starting on or after this date pay the new amount")


class ScheduleEndIn(RequestBody):
    ends_on: date = Field(description="the last day funded: no period starting later is paid, and one running "
                                      "over it is pro-rated by days. An end only ever moves earlier")


class AmountChangeOut(BaseModel):
    effective_from: date
    amount: int


class ScheduleOut(BaseModel):
    id: str
    wallet_id: str
    funder_id: str
    amount: int
    source: Source
    every: Every
    in_advance: bool
    starts_on: date
    ends_on: date | None = Field(description="the last day funded, as things stand: the earlier of "
                                             "ends_on_as_created and ended_on")
    ends_on_as_created: date | None = Field(description="the end the schedule was set up with")
    ended_on: date | None = Field(description="the end the funder set later (POST …/end); null if never ended")
    ended_at: datetime | None = Field(description="when the funder last ended it")
    opening_float: int | None
    amount_changes: list[AmountChangeOut]
    weekly_equivalent: int = Field(description="the schedule's own amount as a weekly budget, rounded down")
    created_at: datetime

    @classmethod
    def of(cls, record: ScheduleRecord) -> ScheduleOut:
        terms = record.terms
        return cls(
            id=record.id, wallet_id=record.wallet_id, funder_id=record.funder_id, amount=terms.amount,
            source=record.source, every=terms.every, in_advance=terms.in_advance, starts_on=terms.starts_on,
            ends_on=terms.ends_on, ends_on_as_created=record.ends_on_as_created, ended_on=record.ended_on,
            ended_at=record.ended_at, opening_float=terms.opening_float,
            amount_changes=[AmountChangeOut(effective_from=c.effective_from, amount=c.amount) for c in terms.changes],
            weekly_equivalent=weekly_equivalent(terms.amount, terms.every), created_at=record.created_at,
        )


class FundingRunIn(RequestBody):
    as_of: date = Field(description="pay every period due on or before this date")
    itemised: bool = Field(True, description=(
        "list every period paid and every contribution made; false answers with the counts and totals "
        "only, for a run over a whole book (each period is still its own transaction in the journal)"))


class PaidPeriodOut(BaseModel):
    schedule_id: str
    wallet_id: str
    kind: FundingKind = Field(description="period, or the schedule's one opening_float")
    period_start: date
    period_end: date
    amount: int
    management_fee: int
    transaction_id: str
    netted: int = Field(0, description="of the amount, what the funder kept back to settle a close's surplus "
                                       "(surplus_action net_off): the person still receives the whole amount")

    @classmethod
    def of(cls, paid: PaidFunding) -> PaidPeriodOut:
        return cls(schedule_id=paid.schedule_id, wallet_id=paid.wallet_id, kind=paid.kind,
                   period_start=paid.period_start, period_end=paid.period_end, amount=paid.amount,
                   management_fee=paid.management_fee, transaction_id=paid.transaction_id, netted=paid.netted)


class ContributionPaidOut(BaseModel):
    schedule_id: str = Field(description="the pool contribution schedule")
    pool_id: str
    wallet_id: str
    period_start: date
    period_end: date
    amount: int
    transaction_id: str

    @classmethod
    def of(cls, made: ContributionMade) -> ContributionPaidOut:
        return cls(**{f: getattr(made, f) for f in cls.model_fields})


class ContributionRefusedOut(BaseModel):
    schedule_id: str = Field(description="the pool contribution schedule")
    pool_id: str
    wallet_id: str
    period_start: date = Field(description="the first period not made; later ones wait for it")
    type: str = Field(description="the problem type that refused it, e.g. insufficient-funds")
    detail: str
    shortfall: int | None = None

    @classmethod
    def of(cls, refused: ContributionRefused) -> ContributionRefusedOut:
        return cls(**{f: getattr(refused, f) for f in cls.model_fields})


class FundingRunOut(BaseModel):
    as_of: date
    periods_paid: list[PaidPeriodOut] = Field(
        description="what this run paid; empty when all was already paid, or when the run was not itemised")
    periods_count: int = Field(description="how many periods (and opening floats) this run paid")
    wallets_count: int = Field(description="how many wallets this run paid")
    total_amount: int
    total_fees: int
    total_netted: int = Field(description="of the amount paid, what the funder kept back to net off earlier surplus")
    contributions_count: int = Field(description="how many pool contributions this run made")
    contributions_refused_count: int = Field(description="how many members could not contribute")
    contributions_paid: list[ContributionPaidOut] = Field(
        description="pool contributions this run made from the members this funder funds, after its fundings")
    contributions_refused: list[ContributionRefusedOut] = Field(
        description="members who could not contribute: nothing was stored for them, and the next run tries again")

    @classmethod
    def of(cls, run: FundingRun, *, itemised: bool = True) -> FundingRunOut:
        made, refused = run.contributions.made, run.contributions.refused
        return cls(as_of=run.as_of, periods_paid=[PaidPeriodOut.of(p) for p in run.paid] if itemised else [],
                   periods_count=len(run.paid), wallets_count=len({p.wallet_id for p in run.paid}),
                   total_amount=run.total_amount, total_fees=run.total_fees,
                   total_netted=sum(p.netted for p in run.paid),
                   contributions_count=len(made), contributions_refused_count=len(refused),
                   contributions_paid=[ContributionPaidOut.of(m) for m in made] if itemised else [],
                   contributions_refused=[ContributionRefusedOut.of(r) for r in refused] if itemised else [])

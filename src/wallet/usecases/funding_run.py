"""Funding runs: pay every period due by a date for a funder's schedules, each period as its own
ledger transaction (with its management fee), recorded against its schedule in the same database
transaction.

Idempotent per schedule and period. A run locks the schedules it pays (``SELECT ... FOR UPDATE``
in id order on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), then skips
what is recorded as paid, so a second run, even one started at the same moment, waits for the
first and then finds nothing left to pay. The partial unique index on paid periods is the
backstop. A reversed funding is no longer paid, so a later run pays its period again.

After its fundings, a run makes the pool contributions due from the members the funder funds
(``pools.scheduled_contributions``), in the same database transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, NotFound, WalletClosed
from wallet.domain.kinds import Kind
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.domain.schedules import Funding, FundingKind, ScheduleNotFound, check_run_date
from wallet.domain.suspensions import periods_to_pay, redate_funding
from wallet.persistence.contribution_schedule_repository import ContributionScheduleRepository
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.schedule_repository import ScheduleRecord, ScheduleRepository
from wallet.persistence.suspension_repository import SuspensionRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRecord, WalletRepository
from wallet.usecases.authorisation import allowed
from wallet.usecases.pools.scheduled_contributions import (
    ContributionRun,
    lock_owed,
    make_contributions,
    run_contribution_schedule,
)
from wallet.usecases.record_funding import post_funding
from wallet.usecases.wallet_context import wallet_context


@dataclass(frozen=True, slots=True)
class PaidFunding:
    schedule_id: str
    wallet_id: str
    kind: FundingKind
    period_start: date
    period_end: date
    amount: int
    management_fee: int
    transaction_id: str


@dataclass(frozen=True, slots=True)
class FundingRun:
    as_of: date
    paid: tuple[PaidFunding, ...]
    contributions: ContributionRun = field(default_factory=ContributionRun)

    @property
    def total_amount(self) -> int:
        return sum(p.amount for p in self.paid)

    @property
    def total_fees(self) -> int:
        return sum(p.management_fee for p in self.paid)


@dataclass(frozen=True, slots=True)
class _Owed:
    schedule: ScheduleRecord
    wallet: WalletRecord
    fundings: list[Funding]


@allowed(Role.FUNDER)
def run_funding(session: Session, principal: Principal, as_of: date, *, today: date | None = None) -> FundingRun:
    """Every schedule of the calling funder, in the caller's one database transaction."""
    _check(principal, as_of, today)
    owed = _owed(session, ScheduleRepository(session).lock_of_funder(principal.organisation_id), as_of)
    contribution_schedules = ContributionScheduleRepository(session).lock_of_funder(principal.organisation_id)
    # Every account to be paid, pool shares included, is locked in one ordered statement before
    # any is paid: locking them a few at a time could deadlock with a pool payment that locks
    # several of them at once.
    contributions = lock_owed(session, principal, contribution_schedules, as_of,
                              also_lock=_account_codes([o.wallet for o in owed]))
    paid = tuple(paid for o in owed for paid in _pay(session, principal, o))
    return FundingRun(as_of, paid, make_contributions(session, principal, contributions))


@allowed(Role.FUNDER)
def schedules_to_run(session: Session, principal: Principal, as_of: date, *, today: date | None = None) -> list[str]:
    """The ids of the funder's schedules, for a run that goes one schedule at a time."""
    _check(principal, as_of, today)
    return ScheduleRepository(session).ids_of_funder(principal.organisation_id)


@allowed(Role.FUNDER)
def run_funding_for_schedule(session: Session, principal: Principal, schedule_id: str, as_of: date, *,
                             today: date | None = None) -> FundingRun:
    """One schedule, so a long run can commit schedule by schedule instead of holding one giant
    transaction. Safe beside any other run: the schedule's row lock makes them take turns."""
    _check(principal, as_of, today)
    schedule = ScheduleRepository(session).get(schedule_id, lock=True)
    if schedule is None or schedule.funder_id != principal.organisation_id:
        raise ScheduleNotFound(f"no schedule {schedule_id}", schedule_id=schedule_id)
    owed = _owed(session, [schedule], as_of)
    return FundingRun(as_of, tuple(paid for o in owed for paid in _pay(session, principal, o)))


@allowed(Role.FUNDER)
def contribution_schedules_to_run(session: Session, principal: Principal, as_of: date, *,
                                  today: date | None = None) -> list[str]:
    """The ids of the contribution schedules of pools the funder has members in, for a run that
    goes one schedule at a time (after the funding schedules, so the money is there)."""
    _check(principal, as_of, today)
    return ContributionScheduleRepository(session).ids_of_funder(principal.organisation_id)


@allowed(Role.FUNDER)
def run_contributions_for_schedule(session: Session, principal: Principal, schedule_id: str, as_of: date, *,
                                   today: date | None = None) -> ContributionRun:
    """One contribution schedule's contributions from the funder's members."""
    _check(principal, as_of, today)
    return run_contribution_schedule(session, principal, schedule_id, as_of)


def _check(principal: Principal, as_of: date, today: date | None) -> None:
    if principal.role is not Role.FUNDER:
        raise Forbidden(f"a {principal.role.value} key may not run fundings", allowed_roles=[Role.FUNDER.value])
    check_run_date(as_of, today or utc_now().date())


def _owed(session: Session, schedules: list[ScheduleRecord], as_of: date) -> list[_Owed]:
    wallet_ids = sorted({s.wallet_id for s in schedules})
    if not wallet_ids:
        return []
    # Closed wallets are not paid.
    open_wallets = {w.id: w for w in WalletRepository(session).list(wallet_ids=wallet_ids, status="open",
                                                                    limit=len(wallet_ids))}
    running = [s for s in schedules if s.wallet_id in open_wallets]
    paid = ScheduleRepository(session).paid(running)
    paused = SuspensionRepository(session).pausing(sorted({s.wallet_id for s in running}))
    owed = []
    for schedule in running:
        wallet = open_wallets[schedule.wallet_id]
        # A wallet with an end date (support ended, the person died) is paid up to that day only.
        terms = schedule.terms.until(wallet.closed_on)
        fundings = [f for f in terms.due_by(as_of) if not paid[schedule.id].includes(f)]
        # A suspension that paused the schedules holds its periods back, then pays or skips them.
        fundings = periods_to_pay(fundings, paused[schedule.wallet_id], start=lambda f: f.start, redate=redate_funding)
        if fundings:
            owed.append(_Owed(schedule, wallet, fundings))
    return owed


def _account_codes(wallets: list[WalletRecord]) -> list[str]:
    codes: list[str] = []
    for wallet in wallets:
        accounts = wallet.accounts
        codes += [code for code, _, _ in accounts.own_accounts()] + [accounts.cash, accounts.fee_income]
    return codes


def _pay(session: Session, principal: Principal, owed: _Owed) -> list[PaidFunding]:
    schedule = owed.schedule
    try:
        context = wallet_context(session, principal, schedule.wallet_id, roles=(Role.FUNDER,))
    except WalletClosed:
        return []  # closed since we looked: skipped like any closed wallet
    repository = ScheduleRepository(session)
    paid = []
    for funding in owed.fundings:
        is_period = funding.kind is FundingKind.PERIOD
        transaction = post_funding(
            # A wallet that moved holder carries on its schedules; a period that fell due before
            # the new wallet opened is dated the day it opened.
            context, amount=funding.amount, source=schedule.source,
            effective_date=max(funding.due_on, context.wallet.opened_on),
            reference=f"schedule {schedule.id}",
            description=(f"{schedule.source.value} funding for {funding.start} to {funding.end}" if is_period
                         else f"{schedule.source.value} opening float"),
            # The fixed fee per period is for periods; the float is a one-off sum.
            per_period=is_period, kind=Kind.SCHEDULED_FUNDING, schedule_id=schedule.id,
            funding_kind=funding.kind.value, period_start=str(funding.start), period_end=str(funding.end),
        )
        repository.record_payment(schedule, funding, transaction.id)
        paid.append(PaidFunding(
            schedule_id=schedule.id, wallet_id=schedule.wallet_id, kind=funding.kind, period_start=funding.start,
            period_end=funding.end, amount=funding.amount,
            management_fee=int(transaction.details.get("management_fee") or 0), transaction_id=transaction.id,
        ))
    return paid


def funder_principal(session: Session, organisation_id: str) -> Principal:
    """The funder itself, for runs started from the command line rather than with an API key."""
    organisation = OrganisationRepository(session).get(organisation_id)
    if organisation is None or organisation.kind is not OrganisationKind.FUNDER:
        raise NotFound(f"no funder organisation {organisation_id}", organisation_id=organisation_id)
    return Principal(key_id="command-line", organisation_id=organisation.id,
                     organisation_kind=OrganisationKind.FUNDER, role=Role.FUNDER)

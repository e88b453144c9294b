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

import functools
import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, NotFound
from wallet.domain.funding_runs import (
    OwedSchedule,
    PlannedFunding,
    fee_years,
    plan_fundings,
)
from wallet.domain.kinds import Kind
from wallet.domain.postings import TransactionDraft
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.domain.schedules import (
    Funding,
    FundingKind,
    ScheduleNotFound,
    check_run_date,
)
from wallet.domain.suspensions import Suspension, periods_to_pay, redate_funding
from wallet.domain.visibility import can_see_wallet
from wallet.domain.wallet_postings import MANAGEMENT_FEE
from wallet.persistence.batch_reads import without_jit
from wallet.persistence.budget_repository import NetOffRepository
from wallet.persistence.bulk_rows import EncodedRows
from wallet.persistence.contribution_schedule_repository import (
    ContributionScheduleRepository,
)
from wallet.persistence.event_repository import WalletOwners
from wallet.persistence.ledger_repository import MANY_CODES, LedgerRepository, PreparedBatch, TransactionRecord
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.schedule_repository import PaidFundings, ScheduleRecord, ScheduleRepository
from wallet.persistence.suspension_repository import SuspensionRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import (
    PolicyRepository,
    PolicyVersion,
    WalletRecord,
    WalletRepository,
)
from wallet.persistence.write_behind import WriteBehind
from wallet.usecases.authorisation import allowed
from wallet.usecases.cycle_collector import bulk_run
from wallet.usecases.net_off import accounts_to_lock, net_off_funding
from wallet.usecases.pools.scheduled_contributions import (
    ContributionRun,
    lock_owed,
    make_contributions,
    run_contribution_schedule,
)
from wallet.usecases.wallet_context import WalletContext


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
    netted: int = 0  # kept back by the funder to settle a close's surplus (``net_off``)


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
    # What the fundings were decided from, besides the schedule and the wallet.
    paid: PaidFundings
    paused: list[Suspension]


# Schedules decided and written together: big enough that a statement carries thousands of rows,
# small enough that one batch's rows stay a few megabytes.
BATCH = 2_000


@allowed(Role.FUNDER)
@bulk_run
def run_funding(session: Session, principal: Principal, as_of: date, *, today: date | None = None) -> FundingRun:
    """Every schedule of the calling funder, in the caller's one database transaction."""
    _check(principal, as_of, today)
    without_jit(session)
    schedules = ScheduleRepository(session).lock_of_funder(principal.organisation_id)
    first = _owed(session, principal, schedules, as_of)
    contribution_schedules = ContributionScheduleRepository(session).lock_of_funder(principal.organisation_id)
    # Every account to be paid, pool shares included, is locked in one ordered statement before
    # any is paid: locking them a few at a time could deadlock with a pool payment that locks
    # several of them at once.
    # The funder's recovered account too, for wallets with a close's surplus still to net off.
    contributions = lock_owed(session, principal, contribution_schedules, as_of,
                              also_lock=_account_codes(first) + accounts_to_lock(session, [o.wallet for o in first]))
    paid = _pay(session, principal, _still_owed(session, principal, first, as_of))
    return FundingRun(as_of, tuple(paid), make_contributions(session, principal, contributions))


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
    return run_funding_for_schedules(session, principal, [schedule_id], as_of, today=today)


@allowed(Role.FUNDER)
@bulk_run
def run_funding_for_schedules(session: Session, principal: Principal, schedule_ids: Sequence[str], as_of: date, *,
                              today: date | None = None) -> FundingRun:
    """Some of the funder's schedules (the command line's run goes a batch at a time, each batch
    committed on its own). Safe beside any other run: the schedules' row locks make them take turns."""
    _check(principal, as_of, today)
    schedules = ScheduleRepository(session).lock_many(schedule_ids)
    found = {s.id for s in schedules if s.funder_id == principal.organisation_id}
    missing = [i for i in schedule_ids if i not in found]
    if missing:
        raise ScheduleNotFound(f"no schedule {missing[0]}", schedule_id=missing[0])
    first = _owed(session, principal, schedules, as_of)
    LedgerRepository(session).lock_accounts(_account_codes(first) + accounts_to_lock(session, [o.wallet for o in first]))
    return FundingRun(as_of, tuple(_pay(session, principal, _still_owed(session, principal, first, as_of))))


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


def _owed(session: Session, principal: Principal, schedules: list[ScheduleRecord], as_of: date, *,
          decided: Mapping[str, _Owed] | None = None) -> list[_Owed]:
    """``decided``: what an earlier look found owed, kept for each schedule whose wallet, paid
    periods and pauses are still what they were then (the dates are the slow part)."""
    decided = decided or {}
    if not schedules:
        return []
    # Closed wallets are not paid; nor, as ever, a wallet this funder may not see.
    open_wallets = {w.id: w for w in _wallets(session, principal, {s.wallet_id for s in schedules})
                    if w.is_open and can_see_wallet(principal, w)}
    running = [s for s in schedules if s.wallet_id in open_wallets]
    many = len(running) > MANY_CODES
    paid = ScheduleRepository(session).paid(running, of_funder=principal.organisation_id if many else None)
    paused = SuspensionRepository(session).pausing(sorted({s.wallet_id for s in running}))
    owed = []
    for schedule in running:
        wallet = open_wallets[schedule.wallet_id]
        before = decided.get(schedule.id)
        if (before is not None and before.schedule == schedule and before.wallet == wallet
                and before.paid == paid[schedule.id] and before.paused == paused[schedule.wallet_id]):
            owed.append(before)
            continue
        # A wallet with an end date (support ended, the person died) is paid up to that day only.
        terms = schedule.terms.until(wallet.closed_on)
        fundings = [f for f in terms.due_by(as_of) if not paid[schedule.id].includes(f)]
        # A suspension that paused the schedules holds its periods back, then pays or skips them.
        fundings = periods_to_pay(fundings, paused[schedule.wallet_id], start=lambda f: f.start, redate=redate_funding)
        if fundings:
            owed.append(_Owed(schedule, wallet, fundings, paid[schedule.id], paused[schedule.wallet_id]))
    return owed


def _wallets(session: Session, principal: Principal, wallet_ids: set[str]) -> list[WalletRecord]:
    repository = WalletRepository(session)
    if len(wallet_ids) > MANY_CODES:  # a whole book: by funder, not by naming every wallet
        return [w for w in repository.list(funder_id=principal.organisation_id, limit=len(wallet_ids) + MANY_CODES)
                if w.id in wallet_ids]
    return repository.list(wallet_ids=sorted(wallet_ids), limit=len(wallet_ids))


def _still_owed(session: Session, principal: Principal, first: list[_Owed], as_of: date) -> list[_Owed]:
    """What is owed, read again now that the accounts are locked: a wallet closed or ended while
    we waited is seen now (closing takes the same locks). Only schedules whose accounts are locked."""
    locked = {o.schedule.id: o for o in first}
    return [o for o in _owed(session, principal, [o.schedule for o in first], as_of, decided=locked)
            if o.schedule.id in locked]


def _account_codes(owed: list[_Owed]) -> list[str]:
    """What a funding touches: the source's available account, the cash and fee-income parts."""
    codes: set[str] = set()
    for o in owed:
        accounts = o.wallet.accounts
        codes.update((accounts.available(o.schedule.source), accounts.cash, accounts.fee_income))
    return sorted(codes)


def _pay(session: Session, principal: Principal, owed: list[_Owed]) -> list[PaidFunding]:
    """Decide the schedules in order (the domain: fees under each wallet's cap, dates) and write
    them a batch at a time: transactions, postings, totals, paid periods, each its own transaction on
    the chain with its own event. Each batch is written while the next is made ready
    (``WriteBehind``). A refusal anywhere raises, and the caller's database transaction rolls the
    run back whole."""
    ledger = LedgerRepository(session)
    policies = _policies(session, owed)
    # A wallet's account codes are made afresh at each ``accounts``: once a schedule here.
    accounts = {o.schedule.id: o.wallet.accounts for o in owed}
    decided = [OwedSchedule(o.schedule.id, o.schedule.source, o.fundings, o.wallet.spending_state({}),
                            accounts[o.schedule.id], o.wallet.currency,
                            policies[o.wallet.policy_id].rules.management_fee) for o in owed]
    # Read once, with the accounts locked: the fees charged before this run. The fees planned
    # here count towards the cap of the fundings after them, across batches too.
    charged = ledger.fees_charged({o.wallet.id: accounts[o.schedule.id].fee_bearing
                                   for o in owed}, MANAGEMENT_FEE, fee_years(decided))
    planned = plan_fundings(decided, charged)
    of_schedule = {o.schedule.id: o for o in owed}
    # Read once too: what the run nets off only settles net-offs (a close adding one waits for
    # the accounts), and a wallet with none left nets nothing.
    owing = NetOffRepository(session).wallets_owing([o.wallet.id for o in owed])
    schedules = ScheduleRepository(session)
    paid: list[PaidFunding] = []
    written: tuple[list[PlannedFunding], PreparedBatch, Future[None]] | None = None
    with WriteBehind(session) as writer:
        while part := list(itertools.islice(planned, BATCH)):
            prepared = ledger.prepare_many([(_draft(p, of_schedule[p.schedule_id], policies),
                                             [_owners(of_schedule[p.schedule_id])]) for p in part],
                                           organisation_id=principal.organisation_id)
            payments = schedules.payment_rows([(of_schedule[p.schedule_id].schedule, p.funding, transaction_id)
                                               for p, transaction_id in zip(part, prepared.transaction_ids, strict=True)])
            sent = writer.submit(functools.partial(_write, ledger, schedules, prepared, payments))
            if written is not None:  # the batch before, finished while this one is written
                paid += _finished(session, principal, writer, *written, of_schedule, policies, owing)
            written = (part, prepared, sent)
        if written is not None:
            paid += _finished(session, principal, writer, *written, of_schedule, policies, owing)
    return paid


def _policies(session: Session, owed: list[_Owed]) -> dict[str, PolicyVersion]:
    policies: dict[str, PolicyVersion] = {}
    for policy_id in dict.fromkeys(o.wallet.policy_id for o in owed):
        found = PolicyRepository(session).get(policy_id)
        assert found is not None, "a wallet always has a policy"
        policies[policy_id] = found
    return policies


def _write(ledger: LedgerRepository, schedules: ScheduleRepository, prepared: PreparedBatch,
           payments: EncodedRows | None) -> None:
    """What the writer sends of a batch: everything in it is encoded already."""
    ledger.write_prepared(prepared)
    schedules.insert_payments(payments)


def _finished(session: Session, principal: Principal, writer: WriteBehind, part: list[PlannedFunding],
              prepared: PreparedBatch, sent: Future[None], of_schedule: dict[str, _Owed],
              policies: dict[str, PolicyVersion], owing: set[str]) -> list[PaidFunding]:
    """A written batch's records (staged for the chain, announced) and what it paid."""
    sent.result()  # its seqs and its postings' ids are known once it is written
    # The next batch's write is in flight: nothing here may read (the owners are all known).
    written = LedgerRepository(session).announce(prepared, without_reads=True)
    paid = [PaidFunding(schedule_id=p.schedule_id, wallet_id=p.wallet_id, kind=p.funding.kind,
                        period_start=p.funding.start, period_end=p.funding.end, amount=p.funding.amount,
                        management_fee=p.fee, transaction_id=transaction_id)
            for p, transaction_id in zip(part, prepared.transaction_ids, strict=True)]
    if not owing.intersection(p.wallet_id for p in part):
        return paid
    writer.wait()  # netting off reads and writes: nothing may be in flight
    # Records only for the fundings that net something off: the rest need none.
    records = [LedgerRepository.record_of(prepared, index, written[index])
               for index, p in enumerate(part) if p.wallet_id in owing]
    return _net_off(session, principal, of_schedule, policies, paid, records, owing)


def _net_off(session: Session, principal: Principal, of_schedule: dict[str, _Owed],
             policies: dict[str, PolicyVersion], paid: list[PaidFunding], records: list[TransactionRecord],
             owing: set[str]) -> list[PaidFunding]:
    """After a batch is written: what earlier closes left to net off (``net_off``) is taken from
    the periods just paid, one wallet at a time — only the few wallets that owe anything."""
    by_transaction = {r.id: r for r in records}
    result = []
    for done in paid:
        owed = of_schedule[done.schedule_id]
        if owed.wallet.id not in owing:
            result.append(done)
            continue
        context = WalletContext(session, principal, owed.wallet, policies[owed.wallet.policy_id], LedgerRepository(session))
        funding = next(f for f in owed.fundings if f.start == done.period_start and f.kind is done.kind)
        netted = net_off_funding(context, funding, owed.schedule.source, by_transaction[done.transaction_id])
        result.append(replace(done, netted=sum(int(t.details["netted"]) for t in netted)))
    return result


def _draft(planned: PlannedFunding, owed: _Owed, policies: dict[str, PolicyVersion]) -> TransactionDraft:
    funding = planned.funding
    details = {"source": planned.source.value, "management_fee": planned.fee or None,
               "schedule_id": planned.schedule_id, "funding_kind": funding.kind.value,
               "period_start": str(funding.start), "period_end": str(funding.end)}
    return TransactionDraft(
        kind=Kind.SCHEDULED_FUNDING.value, effective_date=planned.effective_date, postings=planned.postings,
        reference=f"schedule {planned.schedule_id}", description=planned.description,
        metadata={"wallet_id": owed.wallet.id, **policies[owed.wallet.policy_id].stamp,
                  **{k: v for k, v in details.items() if v is not None}},
    )


def _owners(owed: _Owed) -> WalletOwners:
    return WalletOwners(owed.wallet.id, owed.wallet.funder_id, owed.wallet.holder_id)


def funder_principal(session: Session, organisation_id: str) -> Principal:
    """The funder itself, for runs started from the command line rather than with an API key."""
    organisation = OrganisationRepository(session).get(organisation_id)
    if organisation is None or organisation.kind is not OrganisationKind.FUNDER:
        raise NotFound(f"no funder organisation {organisation_id}", organisation_id=organisation_id)
    return Principal(key_id="command-line", organisation_id=organisation.id,
                     organisation_kind=OrganisationKind.FUNDER, role=Role.FUNDER)

"""Scheduled contributions, made by the funding runs: each funder's run makes the contributions due
from the pool members it funds, after its own fundings are paid, so the money it has just paid is
there to contribute.

Each member's contribution for a period is its own ledger transaction, the same kind and postings
as a one-off contribution, recorded against (schedule, member, period) in the same database
transaction. A run locks the schedules (in id order), then every account it may touch in one
ordered statement, so it never deadlocks with a pool payment; it then reads again what is owed,
skipping what is recorded as made, so a second run pays nothing twice. A member who cannot pay
does not stop the run: nothing is stored for them, the refusal is reported, and the next run tries
again. A reversed contribution is no longer recorded as made, so a later run makes it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState
from wallet.domain.contribution_schedules import DueContribution
from wallet.domain.errors import DomainError, NotFound
from wallet.domain.pools import PoolAccounts
from wallet.domain.postings import TransactionDraft, apply_postings
from wallet.domain.principals import Principal, Role
from wallet.domain.suspensions import PeriodDecision, period_decision
from wallet.domain.wallets import Source
from wallet.persistence.contribution_schedule_repository import (
    ContributionScheduleRecord,
    ContributionScheduleRepository,
)
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.pool_repository import MemberRecord, PoolRecord, PoolRepository
from wallet.persistence.suspension_repository import SuspensionRepository
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion, WalletRecord, WalletRepository
from wallet.usecases.authorisation import allowed
from wallet.usecases.pools.context import PoolContext
from wallet.usecases.pools.contribute import contribution_draft, draw_contributions


class ContributionScheduleNotFound(NotFound):
    type = "contribution-schedule-not-found"
    title = "Contribution schedule not found"


@dataclass(frozen=True, slots=True)
class ContributionMade:
    schedule_id: str
    pool_id: str
    wallet_id: str
    period_start: date
    period_end: date
    amount: int
    transaction_id: str


@dataclass(frozen=True, slots=True)
class ContributionRefused:
    schedule_id: str
    pool_id: str
    wallet_id: str
    period_start: date
    type: str
    detail: str
    shortfall: int | None


@dataclass(frozen=True, slots=True)
class ContributionRun:
    made: tuple[ContributionMade, ...] = ()
    refused: tuple[ContributionRefused, ...] = ()

    @property
    def total_amount(self) -> int:
        return sum(m.amount for m in self.made)


@dataclass(frozen=True, slots=True)
class OwedContribution:
    schedule_id: str
    pool: PoolRecord
    wallet: WalletRecord
    due: DueContribution

    @property
    def account_codes(self) -> list[str]:
        return ([self.wallet.accounts.available(s) for s in Source]
                + PoolAccounts(self.pool.id).shares_of(self.wallet.id))


def owed_contributions(session: Session, funder_id: str, schedules: Sequence[ContributionScheduleRecord],
                       as_of: date) -> list[OwedContribution]:
    """What the funder's members owe under these schedules by ``as_of`` and have not yet made,
    schedule by schedule, each in period order."""
    pools = PoolRepository(session)
    made = ContributionScheduleRepository(session).paid([s.id for s in schedules])
    owed = []
    for schedule in schedules:
        pool = pools.get(schedule.pool_id)
        if pool is None or pool.status != "open":
            continue  # a closed pool has returned every share: nothing more goes in
        members = pools.members(pool.id)  # leavers too: a period is split over who was in it
        wallets = _wallets(session, members)
        paused = SuspensionRepository(session).pausing(sorted(wallets))
        for due in schedule.terms.due_by(pool.split, [m.terms for m in members], as_of):
            wallet = wallets[due.wallet_id]
            # A member's suspension that paused its schedules pauses its contributions too.
            # (One paid on resumption keeps its period's date, as every contribution does.)
            decision, _ = period_decision(due.period_start, paused[wallet.id])
            if (due.member.left_on is None  # a member who left has had their share back
                    and wallet.funder_id == funder_id
                    and wallet.is_open and not wallet.ended_by(due.due_on)
                    and decision is PeriodDecision.PAY
                    and (schedule.id, wallet.id, due.period_start) not in made):
                owed.append(OwedContribution(schedule.id, pool, wallet, due))
    return owed


def _wallets(session: Session, members: Sequence[MemberRecord]) -> dict[str, WalletRecord]:
    wallet_ids = sorted({m.wallet_id for m in members})
    return {w.id: w for w in WalletRepository(session).list(wallet_ids=wallet_ids, limit=len(wallet_ids))}


def lock_owed(session: Session, principal: Principal, schedules: Sequence[ContributionScheduleRecord], as_of: date,
              *, also_lock: Iterable[str] = ()) -> list[OwedContribution]:
    """Lock every account the owed contributions touch (with ``also_lock``, in the same one
    ordered statement), then read again what is owed: a member who left, or a pool that closed,
    while we waited for the locks is seen now. A member who joined meanwhile is left for the next
    run, since their accounts are not among those locked."""
    first = owed_contributions(session, principal.organisation_id, schedules, as_of)
    LedgerRepository(session).lock_accounts([*also_lock, *(code for o in first for code in o.account_codes)])
    locked = {(o.pool.id, o.wallet.id) for o in first}
    return [o for o in owed_contributions(session, principal.organisation_id, schedules, as_of)
            if (o.pool.id, o.wallet.id) in locked]


def make_contributions(session: Session, principal: Principal, owed: Sequence[OwedContribution]) -> ContributionRun:
    """Make each owed contribution, dated its period's first day. The accounts must already be
    locked (``lock_owed``). Decided one after another, each from the balances the ones before it
    leave; then written together: each contribution its own transaction on the chain, but all of
    them a few statements (``post_many``), and their records one insert."""
    ledger = LedgerRepository(session)
    codes = sorted({code for item in owed for code in item.account_codes})
    # Locked already by this transaction: the balances as they stand, without a read.
    states = ledger.lock_accounts(codes)
    policies: dict[str, PolicyVersion] = {}
    decided: list[tuple[OwedContribution, TransactionDraft, PoolContext]] = []
    refused: list[ContributionRefused] = []
    waiting: set[tuple[str, str]] = set()
    for item in owed:
        member = (item.schedule_id, item.wallet.id)
        if member in waiting:
            continue  # a member's periods are made in order: later ones wait for the refused one
        context = _member_context(session, principal, item, policies, states, ledger)
        amounts = {item.wallet.id: item.due.amount}
        try:
            postings = draw_contributions(context, amounts, item.due.due_on)
            draft = contribution_draft(
                context, amounts, postings, effective_date=item.due.due_on,
                reference=f"contribution schedule {item.schedule_id}", contribution_schedule_id=item.schedule_id,
                period_start=str(item.due.period_start), period_end=str(item.due.period_end))
            after, _ = apply_postings({p.account: states[p.account] for p in draft.postings}, draft.postings)
        except DomainError as refusal:
            # Refused before anything was written: nothing to undo, and the next run tries again.
            waiting.add(member)
            refused.append(ContributionRefused(
                schedule_id=item.schedule_id, pool_id=item.pool.id, wallet_id=item.wallet.id,
                period_start=item.due.period_start, type=refusal.type, detail=refusal.detail,
                shortfall=refusal.extensions.get("shortfall")))
            continue
        states.update(after)
        decided.append((item, draft, context))
    if not decided:
        return ContributionRun((), tuple(refused))
    records = ledger.post_many([(draft, context.owners) for _, draft, context in decided],
                               organisation_id=principal.organisation_id)
    ContributionScheduleRepository(session).record_many(
        [(item.schedule_id, item.wallet.id, item.due.period_start, item.due.period_end, record.id)
         for (item, _, _), record in zip(decided, records, strict=True)])
    made = tuple(ContributionMade(
        schedule_id=item.schedule_id, pool_id=item.pool.id, wallet_id=item.wallet.id,
        period_start=item.due.period_start, period_end=item.due.period_end, amount=item.due.amount,
        transaction_id=record.id) for (item, _, _), record in zip(decided, records, strict=True))
    return ContributionRun(made, tuple(refused))


def _member_context(session: Session, principal: Principal, item: OwedContribution,
                    policies: dict[str, PolicyVersion], states: dict[str, AccountState],
                    ledger: LedgerRepository) -> PoolContext:
    """The pool as one member's contribution sees it, with that member's balances as the run has
    left them so far (earlier fundings and contributions of this run included)."""
    policy = policies.get(item.wallet.policy_id)
    if policy is None:
        policy = policies[item.wallet.policy_id] = PolicyRepository(session).get(item.wallet.policy_id)  # type: ignore[assignment]
        assert policy is not None, "a wallet always has a policy"
    context = PoolContext(session, principal, item.pool, [], {item.wallet.id: item.wallet},
                          {item.wallet.id: policy}, ledger)
    context.states = {code: states[code] for code in item.account_codes}
    return context


@allowed(Role.FUNDER)
def run_contribution_schedule(session: Session, principal: Principal, schedule_id: str,
                              as_of: date) -> ContributionRun:
    """One schedule's contributions from the funder's members, for a run that commits schedule by
    schedule. Safe beside any other run: the schedule's row lock makes them take turns."""
    repository = ContributionScheduleRepository(session)
    schedule = repository.get(schedule_id, lock=True)
    if schedule is None or schedule.id not in repository.ids_of_funder(principal.organisation_id):
        raise ContributionScheduleNotFound(f"no contribution schedule {schedule_id}", schedule_id=schedule_id)
    return make_contributions(session, principal, lock_owed(session, principal, [schedule], as_of))

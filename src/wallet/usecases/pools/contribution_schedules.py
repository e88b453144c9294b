"""A holder sets up recurring contributions into a pool, and ends them from a date; whoever may
see the pool lists them.

Nothing moves here: the funding runs make the contributions (``scheduled_contributions``). A
schedule is checked as a one-off contribution on its first day would be, so a schedule that could
never be made is refused now, with the same problem types, rather than by every run.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.contribution_schedules import ContributionTerms
from wallet.domain.principals import Principal, Role
from wallet.domain.schedules import Every, check_end
from wallet.persistence.contribution_schedule_repository import (
    ContributionScheduleRecord,
    ContributionScheduleRepository,
)
from wallet.persistence.wallet_repository import WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.pools.context import PoolContext, load_pool, pool_context, visible_member_ids
from wallet.usecases.pools.contribute import amounts_on
from wallet.usecases.pools.scheduled_contributions import ContributionScheduleNotFound


@allowed(Role.HOLDER)
def create_contribution_schedule(session: Session, principal: Principal, pool_id: str, *, every: Every,
                                 starts_on: date, ends_on: date | None, wallet_id: str | None,
                                 amount: int | None) -> ContributionScheduleRecord:
    context = pool_context(session, principal, pool_id, lock=False)
    terms = ContributionTerms(every=every, starts_on=starts_on, ends_on=ends_on, wallet_id=wallet_id, amount=amount)
    terms.check()
    amounts_on(context, context.members, wallet_id=wallet_id, amount=amount, on=starts_on)
    schedule = ContributionScheduleRepository(session).add(pool_id, terms)
    for member_wallet in _concerned(session, context, terms):
        record_change(session, principal, "pool.contribution_schedule_created",
                      object_type="pool_contribution_schedule", object_id=schedule.id,
                      wallet=member_wallet, pool_id=pool_id, every=every.value,
                      starts_on=starts_on, ends_on=ends_on, from_wallet_id=wallet_id, amount=amount)
    return schedule


@allowed(Role.HOLDER)
def end_contribution_schedule(session: Session, principal: Principal, pool_id: str, schedule_id: str, *,
                              ends_on: date) -> ContributionScheduleRecord:
    """No period starting after ``ends_on`` is contributed for, and one running over it is
    pro-rated by days, as if the schedule had been set up with that end. Refused if that would
    change a contribution already made (see ``check_end``)."""
    context = pool_context(session, principal, pool_id, lock=False)
    repository = ContributionScheduleRepository(session)
    # Locked, so no funding run makes a contribution of it between the check and the end.
    schedule = repository.get(schedule_id, lock=True)
    if schedule is None or schedule.pool_id != context.pool.id:
        raise ContributionScheduleNotFound(f"no contribution schedule {schedule_id} in pool {pool_id}",
                                           schedule_id=schedule_id)
    previous = schedule.terms.ends_on
    check_end(schedule.id, starts_on=schedule.terms.starts_on, ends_on=previous, new_end=ends_on,
              paid=repository.paid_periods(schedule.id))
    repository.end(schedule.id, ends_on)
    details = {"pool_id": context.pool.id, "ends_on": ends_on, "previous_ends_on": previous,
               "ends_on_as_created": schedule.ends_on_as_created}
    concerned = _concerned(session, context, schedule.terms)
    for member_wallet in concerned:
        record_change(session, principal, "pool.contribution_schedule_ended",
                      object_type="pool_contribution_schedule", object_id=schedule.id, wallet=member_wallet,
                      **details)
    if not concerned:  # everyone has left: the change is still recorded, as the holder's
        record_change(session, principal, "pool.contribution_schedule_ended",
                      object_type="pool_contribution_schedule", object_id=schedule.id,
                      holder_id=context.pool.holder_id, **details)
    return repository.get(schedule.id)  # type: ignore[return-value]


def _concerned(session: Session, context: PoolContext, terms: ContributionTerms) -> list[WalletRecord]:
    """The member wallets a schedule concerns, one audit entry each, so each member's funder (and
    its auditors) read about their own person; never the pool's name, which often names the
    people in it. A one-member schedule concerns its member even after they left the pool."""
    if terms.wallet_id is None:
        return [context.wallets[w] for w in sorted(context.wallets)]
    wallet = context.wallets.get(terms.wallet_id) or WalletRepository(session).get(terms.wallet_id)
    return [wallet] if wallet is not None else []


@allowed(*EVERY_ROLE)
def list_contribution_schedules(session: Session, principal: Principal, pool_id: str, *,
                                after_id: str | None = None, limit: int = 50) -> list[ContributionScheduleRecord]:
    """The holder sees all of a pool's schedules; a funder, auditor or person sees those for every
    member and those for a member of theirs, never another member's own."""
    pool = load_pool(session, principal, pool_id)
    everything = principal.is_admin or principal.role is Role.HOLDER
    visible = None if everything else visible_member_ids(session, principal, pool.id)
    return ContributionScheduleRepository(session).of_pool(pool.id, wallet_ids=visible, after_id=after_id,
                                                           limit=limit)

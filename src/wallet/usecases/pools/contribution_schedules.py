"""A holder sets up recurring contributions into a pool, and whoever may see the pool lists them.

Nothing moves here: the funding runs make the contributions (``scheduled_contributions``). A
schedule is checked as a one-off contribution on its first day would be, so a schedule that could
never be made is refused now, with the same problem types, rather than by every run.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.contribution_schedules import ContributionTerms
from wallet.domain.principals import Principal, Role
from wallet.domain.schedules import Every
from wallet.persistence.contribution_schedule_repository import (
    ContributionScheduleRecord,
    ContributionScheduleRepository,
)
from wallet.usecases.audit_trail import record_change
from wallet.usecases.pools.context import load_pool, pool_context, visible_member_ids
from wallet.usecases.pools.contribute import amounts_on


def create_contribution_schedule(session: Session, principal: Principal, pool_id: str, *, every: Every,
                                 starts_on: date, ends_on: date | None, wallet_id: str | None,
                                 amount: int | None) -> ContributionScheduleRecord:
    context = pool_context(session, principal, pool_id, lock=False)
    terms = ContributionTerms(every=every, starts_on=starts_on, ends_on=ends_on, wallet_id=wallet_id, amount=amount)
    terms.check()
    amounts_on(context, context.members, wallet_id=wallet_id, amount=amount, on=starts_on)
    schedule = ContributionScheduleRepository(session).add(pool_id, terms)
    # One entry per member it concerns, so each member's funder (and its auditors) read about
    # their own person; never the pool's name, which often names the people in it.
    concerned = [wallet_id] if wallet_id is not None else sorted(context.wallets)
    for member_wallet in concerned:
        record_change(session, principal, "pool.contribution_schedule_created",
                      object_type="pool_contribution_schedule", object_id=schedule.id,
                      wallet=context.wallets[member_wallet], pool_id=pool_id, every=every.value,
                      starts_on=starts_on, ends_on=ends_on, from_wallet_id=wallet_id, amount=amount)
    return schedule


def list_contribution_schedules(session: Session, principal: Principal, pool_id: str, *,
                                after_id: str | None = None, limit: int = 50) -> list[ContributionScheduleRecord]:
    """The holder sees all of a pool's schedules; a funder, auditor or person sees those for every
    member and those for a member of theirs, never another member's own."""
    pool = load_pool(session, principal, pool_id)
    everything = principal.is_admin or principal.role is Role.HOLDER
    visible = None if everything else visible_member_ids(session, principal, pool.id)
    return ContributionScheduleRepository(session).of_pool(pool.id, wallet_ids=visible, after_id=after_id,
                                                           limit=limit)

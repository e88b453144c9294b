"""A funder's recurring fundings of a wallet: set one up, list them, change the amount from a date,
end it from a date.

None of these moves money; funding runs do (see ``funding_run``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, WalletClosed
from wallet.domain.principals import Principal, Role
from wallet.domain.schedules import AmountChange, Every, ScheduleNotFound, ScheduleTerms, check_end
from wallet.domain.wallets import Source
from wallet.persistence.schedule_repository import ScheduleRecord, ScheduleRepository
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import load_wallet


def _funded_open_wallet(session: Session, principal: Principal, wallet_id: str) -> WalletRecord:
    # Locked, so the wallet cannot close while a schedule is being added to it.
    wallet = load_wallet(session, principal, wallet_id, lock=True)
    if principal.role is not Role.FUNDER:
        raise Forbidden(f"a {principal.role.value} key may not set a wallet's funding",
                        allowed_roles=[Role.FUNDER.value])
    if not wallet.is_open:
        raise WalletClosed(f"wallet {wallet_id} closed on {wallet.closed_on}", wallet_id=wallet_id,
                           closed_on=str(wallet.closed_on))
    return wallet


@allowed(Role.FUNDER)
def create_schedule(session: Session, principal: Principal, wallet_id: str, *, amount: int, source: Source,
                    every: Every, in_advance: bool, starts_on: date, ends_on: date | None,
                    opening_float: int | None) -> ScheduleRecord:
    wallet = _funded_open_wallet(session, principal, wallet_id)
    terms = ScheduleTerms(amount=amount, every=every, in_advance=in_advance, starts_on=starts_on,
                          ends_on=ends_on, opening_float=opening_float)
    terms.check(opened_on=wallet.opened_on)
    schedule = ScheduleRepository(session).add(wallet_id=wallet.id, funder_id=wallet.funder_id, source=source,
                                               terms=terms)
    record_change(session, principal, "schedule.created", object_type="schedule", object_id=schedule.id,
                  wallet=wallet, **schedule_created_facts(source, terms))
    return schedule


def schedule_created_facts(source: Source, terms: ScheduleTerms) -> dict[str, Any]:
    """What the audit entry of a new schedule says (the bulk batch writes the same)."""
    return dict(amount=terms.amount, source=source.value, every=terms.every.value, in_advance=terms.in_advance,
                starts_on=terms.starts_on, ends_on=terms.ends_on, opening_float=terms.opening_float)


@allowed(*EVERY_ROLE)
def list_schedules(session: Session, principal: Principal, wallet_id: str, *, after_id: str | None = None,
                   limit: int = 50) -> list[ScheduleRecord]:
    wallet = load_wallet(session, principal, wallet_id)
    return ScheduleRepository(session).of_wallet(wallet.id, after_id=after_id, limit=limit)


@allowed(Role.FUNDER)
def change_schedule_amount(session: Session, principal: Principal, wallet_id: str, schedule_id: str, *,
                           amount: int, effective_from: date) -> ScheduleRecord:
    """Periods starting on or after ``effective_from`` pay ``amount``. Periods already paid stay
    as they were paid: history is never rewritten."""
    wallet = _funded_open_wallet(session, principal, wallet_id)
    repository = ScheduleRepository(session)
    schedule = repository.get(schedule_id)
    if schedule is None or schedule.wallet_id != wallet.id:
        raise ScheduleNotFound(f"no schedule {schedule_id} on wallet {wallet_id}", schedule_id=schedule_id)
    schedule.terms.check_change(effective_from)
    repository.add_amount_change(schedule.id, AmountChange(effective_from, amount))
    record_change(session, principal, "schedule.amount_changed", object_type="schedule", object_id=schedule.id,
                  wallet=wallet, amount=amount, previous_amount=schedule.terms.amount_on(effective_from),
                  effective_from=effective_from)
    return repository.get(schedule.id)  # type: ignore[return-value]


@allowed(Role.FUNDER)
def end_schedule(session: Session, principal: Principal, wallet_id: str, schedule_id: str, *,
                 ends_on: date) -> ScheduleRecord:
    """No period starting after ``ends_on`` is paid, and one running over it is pro-rated by days,
    as if the schedule had been set up with that end. What it said when set up is kept beside it.
    Refused if that would change a period already paid (see ``check_end``)."""
    wallet = _funded_open_wallet(session, principal, wallet_id)
    repository = ScheduleRepository(session)
    # Locked, so no funding run pays a period of it between the check and the end.
    schedule = repository.get(schedule_id, lock=True)
    if schedule is None or schedule.wallet_id != wallet.id:
        raise ScheduleNotFound(f"no schedule {schedule_id} on wallet {wallet_id}", schedule_id=schedule_id)
    previous = schedule.terms.ends_on
    check_end(schedule.id, starts_on=schedule.terms.starts_on, ends_on=previous, new_end=ends_on,
              paid=repository.paid_periods(schedule))
    repository.end(schedule.id, ends_on)
    record_change(session, principal, "schedule.ended", object_type="schedule", object_id=schedule.id,
                  wallet=wallet, ends_on=ends_on, previous_ends_on=previous,
                  ends_on_as_created=schedule.ends_on_as_created)
    return repository.get(schedule.id)  # type: ignore[return-value]

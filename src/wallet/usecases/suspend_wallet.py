"""A funder suspends a wallet from a date (an investigation, a hospital stay, another reason) and
resumes it later. What the suspension does to spending and to the schedules is decided in
``domain.suspensions``; this records it, tells the holder (an alert) and the feeds (an event),
and keeps the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput, WalletClosed
from wallet.domain.principals import Principal, Role
from wallet.domain.suspensions import (
    SuspensionNotFound,
    SuspensionReason,
    check_new,
    check_resume,
    describe,
)
from wallet.persistence.suspension_repository import SuspensionRecord, SuspensionRepository
from wallet.persistence.wallet_repository import PolicyRepository, WalletRecord
from wallet.usecases.audit_trail import json_ready, record_change
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.events import emit_event
from wallet.usecases.raise_alert import raise_alert
from wallet.usecases.visibility import load_wallet


def _funders_wallet(session: Session, principal: Principal, wallet_id: str) -> WalletRecord:
    # Locked, so two suspensions of one wallet (or a suspension and its resumption) take turns.
    wallet = load_wallet(session, principal, wallet_id, lock=True)
    if wallet.funder_id != principal.organisation_id:
        raise Forbidden("only the wallet's funder may suspend or resume it", allowed_roles=[Role.FUNDER.value])
    return wallet


@allowed(Role.FUNDER)
def suspend_wallet(session: Session, principal: Principal, wallet_id: str, *, starts_on: date, reason: str,
                   pause_schedules: bool, note: str | None = None) -> SuspensionRecord:
    try:
        why = SuspensionReason(reason)
    except ValueError:
        raise InvalidInput(f"reason must be one of {', '.join(r.value for r in SuspensionReason)}",
                           field="reason") from None
    wallet = _funders_wallet(session, principal, wallet_id)
    if not wallet.is_open:
        raise WalletClosed(f"wallet {wallet_id} closed on {wallet.closed_on}", wallet_id=wallet_id,
                           closed_on=str(wallet.closed_on))
    repository = SuspensionRepository(session)
    current = repository.get(wallet.suspension_id) if wallet.suspension_id else None
    check_new(starts_on, opened_on=wallet.opened_on, ends_on=wallet.closed_on,
              current=current.terms if current else None, wallet_id=wallet_id)
    suspension = repository.add(wallet_id=wallet_id, starts_on=starts_on, reason=why,
                                pause_schedules=pause_schedules, note=note, suspended_by=principal.organisation_id)
    # The note may name the person's circumstances: it stays on the suspension, out of the audit
    # trail, the events and the alert, which hold ids and choices only.
    facts = {"suspension_id": suspension.id, "starts_on": starts_on, "reason": why.value,
             "pause_schedules": pause_schedules}
    record_change(session, principal, "wallet.suspended", object_type="suspension", object_id=suspension.id,
                  wallet=wallet, **facts)
    emit_event(session, "wallet.suspended", wallets=[wallet], data={"wallet_id": wallet_id, **facts})
    rule = PolicyRepository(session).get(wallet.policy_id).rules.while_suspended  # type: ignore[union-attr]
    spending = ("payments wait for the funder's approval" if rule.value == "approve"
                else "payments are refused")
    schedules = "scheduled funding is paused" if pause_schedules else "scheduled funding continues"
    raise_alert(session, wallet, kind="wallet_suspended", dedupe_key=f"wallet_suspended:{suspension.id}",
                message=f"{describe(why, starts_on)}: {spending}; {schedules}", **json_ready(facts))
    return suspension


@allowed(Role.FUNDER)
def resume_wallet(session: Session, principal: Principal, wallet_id: str, suspension_id: str, *,
                  resumed_on: date, pay_paused_periods: bool = False) -> SuspensionRecord:
    """Resume from ``resumed_on`` (the first day live again). Resuming again exactly so changes
    nothing; otherwise a resumed suspension stays as it was (``suspension-already-resumed``)."""
    wallet = _funders_wallet(session, principal, wallet_id)
    repository = SuspensionRepository(session)
    suspension = repository.get(suspension_id)
    if suspension is None or suspension.wallet_id != wallet_id:
        raise SuspensionNotFound(f"no suspension {suspension_id} of wallet {wallet_id}", suspension_id=suspension_id)
    if not check_resume(suspension.terms, suspension_id, resumed_on, pay_paused_periods):
        return suspension
    resumed = repository.resume(suspension, resumed_on=resumed_on, pay_paused_periods=pay_paused_periods,
                                resumed_by=principal.organisation_id)
    facts = {"suspension_id": suspension_id, "resumed_on": resumed_on,
             "pay_paused_periods": pay_paused_periods if suspension.pause_schedules else None}
    record_change(session, principal, "wallet.resumed", object_type="suspension", object_id=suspension_id,
                  wallet=wallet, **facts)
    emit_event(session, "wallet.resumed", wallets=[wallet], data={"wallet_id": wallet_id, **facts})
    paused = ""
    if suspension.pause_schedules:
        paused = ("; the periods paused meanwhile are paid by the next funding run" if pay_paused_periods
                  else "; the periods paused meanwhile are not paid")
    raise_alert(session, wallet, kind="wallet_resumed", dedupe_key=f"wallet_resumed:{suspension_id}",
                message=f"the wallet is live again from {resumed_on}{paused}",
                **json_ready({k: v for k, v in facts.items() if v is not None}))
    return resumed


@allowed(*EVERY_ROLE)
def list_suspensions(session: Session, principal: Principal, wallet_id: str) -> list[SuspensionRecord]:
    """Every suspension of a wallet the caller may see, oldest first."""
    wallet = load_wallet(session, principal, wallet_id)
    found = SuspensionRepository(session).of_wallet(wallet_id)
    # The funder's note may say why in the person's own terms: only the funder reads it back.
    return found if principal.organisation_id == wallet.funder_id and principal.role is Role.FUNDER \
        else [replace(s, note=None) for s in found]

"""Holds: money reserved for a known cost (an unpaid invoice, wages due), captured in full or in
part, released, or left to expire. A live hold's money is pending: it is never available.

One module for the life of a hold, because placing, capturing, releasing and expiring share the
same reservation and read best side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, InvalidInput, NotFound
from wallet.domain.kinds import Kind
from wallet.domain.postings import release_postings
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import Spend, SpendKind, decide_spend
from wallet.domain.wallet_postings import reservation_postings, reserved_cover, settle_reservation
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.persistence.spending_repository import HoldRecord, HoldRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import PolicyRepository, WalletRepository
from wallet.usecases.authorisation import allowed
from wallet.usecases.make_payment import PaymentOutcome, request_approval, service_dates, service_details
from wallet.usecases.raise_alert import raise_alert
from wallet.usecases.visibility import can_see_wallet
from wallet.usecases.wallet_context import WalletContext, wallet_context


class HoldNotFound(NotFound):
    type = "hold-not-found"
    title = "Hold not found"


class HoldNotLive(Conflict):
    type = "hold-not-live"
    title = "This hold has already been captured, released or expired"


class HoldExpired(Conflict):
    type = "hold-expired"
    title = "This hold has expired; its money goes back to the wallet at the next sweep"


class CaptureExceedsHold(InvalidInput):
    type = "capture-exceeds-hold"
    title = "A capture cannot take more than the hold reserved"


@dataclass(frozen=True, slots=True)
class CaptureOutcome:
    hold: HoldRecord
    payment: PaymentOutcome


@allowed(Role.HOLDER)
def place_hold(session: Session, principal: Principal, wallet_id: str, *, amount: int, category: str,
               payee: str | None, reference: str | None, description: str | None,
               expires_on: date | None) -> tuple[HoldRecord, TransactionRecord]:
    context = wallet_context(session, principal, wallet_id, roles=(Role.HOLDER,))
    today = utc_now().date()
    if expires_on is not None and expires_on < today:
        raise InvalidInput("a hold cannot expire in the past", expires_on=str(expires_on))
    decision = decide_spend(context.policy.rules, context.state(),
                            Spend(SpendKind.HOLD, amount, category, max(today, context.wallet.opened_on)))
    category = decision.category
    transaction = context.post(
        Kind.HOLD, reservation_postings(context.accounts, decision.cover, context.accounts.committed,
                                        category, context.wallet.currency),
        effective_date=max(today, context.wallet.opened_on), reference=reference, description=description,
        category=category, payee=payee,
    )
    hold = HoldRepository(session).add(
        wallet_id=wallet_id, pending_transaction_id=transaction.id, amount=amount, category=category,
        payee=payee, reference=reference, description=description, expires_on=expires_on,
        created_by=principal.organisation_id,
    )
    return hold, transaction


def _live_hold(session: Session, principal: Principal, hold_id: str) -> tuple[HoldRecord, WalletContext]:
    hold = HoldRepository(session).get(hold_id, lock=True)
    wallet = WalletRepository(session).get(hold.wallet_id) if hold else None
    if hold is None or wallet is None or not can_see_wallet(principal, wallet):
        raise HoldNotFound(f"no hold {hold_id}", hold_id=hold_id)
    context = wallet_context(session, principal, hold.wallet_id, roles=(Role.HOLDER,), require_open=False)
    if hold.status != "live":
        raise HoldNotLive(f"hold {hold_id} is {hold.status}", hold_id=hold_id, state=hold.status)
    return hold, context


@allowed(Role.HOLDER)
def capture_hold(session: Session, principal: Principal, hold_id: str, *, amount: int | None,
                 effective_date: date | None, reference: str | None, service_from: date | None = None,
                 service_to: date | None = None) -> CaptureOutcome:
    hold, context = _live_hold(session, principal, hold_id)
    today = utc_now().date()
    if hold.expires_on is not None and hold.expires_on < today:
        raise HoldExpired(f"hold {hold_id} expired on {hold.expires_on}", hold_id=hold_id)
    amount = hold.amount if amount is None else amount
    if amount > hold.amount:
        raise CaptureExceedsHold(f"hold {hold_id} reserved {hold.amount}; cannot capture {amount}",
                                 hold_amount=hold.amount, requested=amount)
    effective_date = effective_date or today
    pending = context.ledger.transaction(hold.pending_transaction_id).as_postings()
    service = service_dates(service_from, service_to)
    decision = decide_spend(context.policy.rules, context.state(held=reserved_cover(context.accounts, pending)),
                            Spend(SpendKind.HOLD_CAPTURE, amount, hold.category, effective_date, service=service))
    if decision.approval:
        # The capture still needs the funder's word: the held money moves to awaiting approval.
        outcome = request_approval(
            context, decision.cover, why=decision.approval.why, category=decision.category, payee=hold.payee,
            effective_date=effective_date, reference=reference or hold.reference, description=hold.description,
            extra_postings=release_postings(pending), resolves_id=hold.pending_transaction_id,
            **service_details(service),
        )
    else:
        transaction = context.post(
            Kind.HOLD_CAPTURE, settle_reservation(context.accounts, pending, amount, decision.category,
                                                  context.wallet.currency),
            effective_date=effective_date, reference=reference or hold.reference,
            description=hold.description, resolves_id=hold.pending_transaction_id,
            category=decision.category, payee=hold.payee, hold_id=hold.id, **service_details(service),
        )
        outcome = PaymentOutcome("posted", transaction, None, 0)
    resolved = HoldRepository(session).resolve(hold_id, status="captured", captured_amount=amount,
                                               transaction_id=outcome.transaction.id)
    return CaptureOutcome(resolved, outcome)


@allowed(Role.HOLDER)
def release_hold(session: Session, principal: Principal, hold_id: str) -> tuple[HoldRecord, TransactionRecord]:
    hold, context = _live_hold(session, principal, hold_id)
    return _release(context, hold, Kind.HOLD_RELEASE, "released")


def _release(context: WalletContext, hold: HoldRecord, kind: Kind, status: str) -> tuple[HoldRecord, TransactionRecord]:
    pending = context.ledger.transaction(hold.pending_transaction_id).as_postings()
    transaction = context.post(
        kind, settle_reservation(context.accounts, pending, 0, hold.category, context.wallet.currency),
        effective_date=max(utc_now().date(), context.wallet.opened_on), reference=hold.reference,
        description=f"hold {status}", resolves_id=hold.pending_transaction_id, category=hold.category,
        hold_id=hold.id,
    )
    resolved = HoldRepository(context.session).resolve(hold.id, status=status, captured_amount=0,
                                                       transaction_id=transaction.id)
    return resolved, transaction


def sweep_expired_holds(session: Session, *, today: date | None = None, limit: int = 500) -> list[HoldRecord]:
    """Release every live hold whose expiry date has passed, and tell its funder and holder.

    Run by the system (`wallet sweep-holds`), not on anyone's behalf: the transactions carry no
    organisation. Call it repeatedly until it returns nothing; each call is one batch.
    """
    today = today or utc_now().date()
    swept: list[HoldRecord] = []
    for hold in HoldRepository(session).expired(today, limit=limit):
        wallet = WalletRepository(session).get(hold.wallet_id)
        assert wallet is not None
        policy = PolicyRepository(session).get(wallet.policy_id)
        assert policy is not None
        system = Principal("system", None, None, Role.ADMIN)  # type: ignore[arg-type]
        context = WalletContext(session, system, wallet, policy, LedgerRepository(session))
        context.lock()
        locked = HoldRepository(session).get(hold.id, lock=True)
        if locked is None or locked.status != "live":
            continue
        released, transaction = _release(context, locked, Kind.HOLD_EXPIRY, "expired")
        raise_alert(session, wallet, kind="hold_expired", dedupe_key=f"hold_expired:{hold.id}",
                    message=f"a hold for {hold.category} expired on {hold.expires_on} and its money was released",
                    hold_id=hold.id, amount=hold.amount, transaction_id=transaction.id)
        swept.append(released)
    return swept

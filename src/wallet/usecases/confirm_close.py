"""Confirm a period close: carry out each wallet's proposal, once.

Confirming twice does nothing twice. A wallet that changed since the proposal was made (any
posting, or a new policy version) is re-checked and refused as stale: the funder proposes again,
or confirms the rest with ``skip_stale``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from wallet.domain.accounts import Side
from wallet.domain.errors import Conflict, Forbidden, NotFound
from wallet.domain.kinds import Kind
from wallet.domain.postings import Posting
from wallet.domain.principals import Principal, Role
from wallet.persistence.close_repository import CloseItemRecord, CloseRecord, CloseRepository, wallet_fingerprint
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository
from wallet.persistence.pool_repository import PoolRepository
from wallet.persistence.wallet_repository import PolicyRepository, WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.net_off import record_net_off
from wallet.usecases.pools.exit_pools import exit_pools, pool_account_codes
from wallet.usecases.propose_close import efficiency_account, recovery_account
from wallet.usecases.wallet_context import wallet_context

PLANNED_AMOUNTS = ("recovered", "refunded_to_person", "to_savings", "to_holder")


class CloseNotFound(NotFound):
    type = "period-close-not-found"
    title = "Period close not found"


class ProposalStale(Conflict):
    type = "proposal-stale"
    title = "A wallet changed after this proposal was made"


@dataclass(frozen=True, slots=True)
class Confirmation:
    close: CloseRecord
    items: list[CloseItemRecord]


@allowed(Role.FUNDER)
def load_close(session: Session, principal: Principal, close_id: str, *, lock: bool = False) -> CloseRecord:
    close = CloseRepository(session).get(close_id, lock=lock)
    if close is None or close.funder_id != principal.organisation_id:
        raise CloseNotFound(f"no period close {close_id}", close_id=close_id)
    return close


@allowed(Role.FUNDER)
def view_close(session: Session, principal: Principal, close_id: str) -> Confirmation:
    """A proposal or a confirmed close, with each wallet's item."""
    close = load_close(session, principal, close_id)
    return Confirmation(close, CloseRepository(session).items(close_id))


@allowed(Role.FUNDER)
def confirm_close(session: Session, principal: Principal, close_id: str, *, skip_stale: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Confirmation:
    if principal.role is not Role.FUNDER:
        raise Forbidden("only a funder confirms a period close", allowed_roles=["funder"])
    repository = CloseRepository(session)
    close = load_close(session, principal, close_id, lock=True)
    if close.status == "confirmed":
        return Confirmation(close, repository.items(close_id))
    items = repository.items(close_id)
    PoolRepository(session).lock_pools_of([item.wallet_id for item in items if item.status == "proposed"])
    stale = [item.wallet_id for item in items if item.status == "proposed" and _is_stale(session, item)]
    if stale and not skip_stale:
        raise ProposalStale(f"{len(stale)} wallet(s) changed since the proposal; propose again, "
                            "or confirm the rest with skip_stale", wallet_ids=stale)
    confirmed: list[WalletRecord] = []
    for done, item in enumerate(items, start=1):
        if item.status == "proposed":
            if item.wallet_id in stale:
                repository.settle_item(item.id, status="stale", transaction_id=None)
                _record(session, principal, close, item, status="stale", transaction_id=None)
            else:
                confirmed.append(_carry_out(session, principal, close, item))
        if progress:
            progress(done, len(items))
    repository.confirm(close_id)
    if not items:
        record_change(session, principal, "period_close.confirmed", object_type="period_close", object_id=close_id,
                      funder_id=close.funder_id, period_end=close.period_end, wallets=0)
    emit_event(session, "period_close.confirmed", wallets=confirmed, also=[close.funder_id],
               data={"close_id": close_id, "period_end": close.period_end, "skipped_stale": len(stale) or None})
    return Confirmation(load_close(session, principal, close_id), repository.items(close_id))


def _record(session: Session, principal: Principal, close: CloseRecord, item: CloseItemRecord, *, status: str,
            transaction_id: str | None, wallet_closed: bool = False) -> None:
    """One entry per wallet, as for the proposal: what became of that wallet's part."""
    wallet = WalletRepository(session).get(item.wallet_id)
    record_change(session, principal, "period_close.confirmed", object_type="period_close", object_id=close.id,
                  wallet=wallet, item_id=item.id, status=status, period_end=close.period_end, final=item.final,
                  surplus=item.surplus, surplus_action=item.action, transaction_id=transaction_id,
                  wallet_closed=wallet_closed or None, **{k: item.plan.get(k) or None for k in PLANNED_AMOUNTS})


def _is_stale(session: Session, item: CloseItemRecord) -> bool:
    wallet = WalletRepository(session).get(item.wallet_id)
    assert wallet is not None
    context_policy = item.plan.get("policy_version")
    policy = PolicyRepository(session).get(wallet.policy_id)
    assert policy is not None
    return policy.version != context_policy or wallet_fingerprint(session, wallet.id, policy.version) != item.fingerprint


def _carry_out(session: Session, principal: Principal, close: CloseRecord, item: CloseItemRecord) -> WalletRecord:
    context = wallet_context(session, principal, item.wallet_id, roles=(Role.FUNDER,), require_open=False, lock=False)
    wallet = context.wallet
    LedgerRepository(session).open_accounts([
        AccountSpec(recovery_account(wallet), Side.CREDIT, False, wallet.currency, organisation_id=wallet.funder_id),
        AccountSpec(efficiency_account(wallet), Side.CREDIT, False, wallet.currency, organisation_id=wallet.holder_id),
    ])
    # Everything this step may touch, pools included, locked in one ordered statement.
    context.lock([recovery_account(wallet), efficiency_account(wallet), *pool_account_codes(session, wallet)])
    if item.final:
        exit_pools(session, principal, wallet, close.period_end)
    postings = [Posting(p["account"], Side(p["side"]), p["amount"], wallet.currency, memo=p["memo"])
                for p in item.plan["postings"]]
    transaction_id = None
    if postings:
        transaction = context.post(
            Kind.FINAL_SETTLEMENT if item.final else Kind.PERIOD_CLOSE, postings, effective_date=max(close.period_end, wallet.opened_on),
            description="; ".join(item.plan["words"]) or None, close_id=close.id, period_end=str(close.period_end),
            action=item.action, recovered=item.plan["recovered"] or None,
            refunded_to_person=item.plan["refunded_to_person"] or None,
        )
        transaction_id = transaction.id
        record_net_off(session, wallet, close_id=close.id, close_transaction_id=transaction.id,
                       amount=int(item.plan.get("to_net_off") or 0))
    CloseRepository(session).settle_item(item.id, status="confirmed", transaction_id=transaction_id)
    closes_wallet = item.final and item.committed == 0
    if closes_wallet:
        WalletRepository(session).close(wallet.id, closed_on=wallet.closed_on or close.period_end,
                                        reason=wallet.closure_reason or "ended")
    _record(session, principal, close, item, status="confirmed", transaction_id=transaction_id,
            wallet_closed=closes_wallet)
    session.flush()
    return wallet

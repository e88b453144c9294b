"""A person moves to a new holder: their money and its history go with them.

A new wallet opens at the new holder (same person, funder, policy and arrangement); pool
memberships end with their shares returned; then every source's money, and savings, move in one
transaction; the old wallet closes linked to the new one, and its history stays readable there.
A funder can move every wallet of a holder at once (a holder leaving the market, or insolvent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, DomainError, InvalidInput
from wallet.domain.kinds import Kind
from wallet.domain.moves import move_postings
from wallet.domain.principals import Principal, Role
from wallet.domain.wallets import Source
from wallet.persistence.close_repository import savings_by_source
from wallet.persistence.ledger_repository import TransactionRecord
from wallet.persistence.pool_repository import PoolRepository
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.wallet_repository import WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.open_wallet import open_wallet
from wallet.usecases.pools.exit_pools import exit_pools, pool_account_codes
from wallet.usecases.wallet_context import wallet_context


class WalletHasPendingMoney(Conflict):
    type = "wallet-has-pending-money"
    title = "Holds or payments awaiting approval must be settled first"


@dataclass(frozen=True, slots=True)
class Move:
    old_wallet: WalletRecord
    new_wallet: WalletRecord
    transaction: TransactionRecord | None


@allowed(Role.FUNDER)
def move_wallet(session: Session, principal: Principal, wallet_id: str, *, new_holder_id: str,
                effective_date: date) -> Move:
    context = wallet_context(session, principal, wallet_id, roles=(Role.FUNDER,), lock=False)
    old = context.wallet
    PoolRepository(session).lock_pools_of([old.id])
    if new_holder_id == old.holder_id:
        raise InvalidInput("the wallet is already at this holder", new_holder_id=new_holder_id)
    if old.closed_on is not None:
        raise InvalidInput(f"the wallet ends on {old.closed_on}; it cannot move", wallet_id=wallet_id)
    context.check_date(effective_date)
    new = open_wallet(session, principal, person_ref=old.person_ref, holder_id=new_holder_id,
                      arrangement=old.arrangement, policy_id=old.policy_id, opened_on=effective_date,
                      moved_from_wallet_id=old.id)
    new_codes = [code for code, _, _ in new.accounts.own_accounts()] + [new.accounts.cash]
    context.lock([*new_codes, *pool_account_codes(session, old)])
    pending = {c: s.pending_out for c, s in context.states.items() if c.startswith(f"wallet:{old.id}:") and s.pending_out}
    if pending:
        raise WalletHasPendingMoney("capture or release the wallet's holds, and decide its approvals, before it moves",
                                    wallet_id=wallet_id, pending=sum(pending.values()))
    exit_pools(session, principal, old, effective_date)
    context.lock(new_codes)  # re-read balances now the pools have paid back; rows are already ours
    available = {s: context.states[old.accounts.available(s)].available for s in Source}
    postings = move_postings(old.accounts, new.accounts, available, savings_by_source(session, old.accounts.savings),
                             old.currency)
    transaction = None
    if postings:
        transaction = context.post(Kind.MOVE, postings, effective_date=effective_date,
                                   description=f"moved to holder {new_holder_id}", wallet_ids=[old.id, new.id],
                                   moved_to_wallet_id=new.id)
    ScheduleRepository(session).move_to(old.id, new.id)
    WalletRepository(session).close(old.id, closed_on=effective_date, reason="moved", moved_to_wallet_id=new.id)
    facts = {"old_wallet_id": old.id, "new_wallet_id": new.id, "from_holder_id": old.holder_id,
             "to_holder_id": new_holder_id, "effective_date": effective_date,
             "transaction_id": transaction.id if transaction else None}
    record_change(session, principal, "wallet.moved", object_type="wallet", object_id=old.id, wallet=old, **facts)
    # Both holders hear of it, each told only of its own wallet under wallet_ids; the funder of both.
    emit_event(session, "wallet.moved", wallets=[old, new], data=facts)
    return Move(WalletRepository(session).get(old.id), new, transaction)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class HolderMove:
    moved: list[Move]
    refused: list[tuple[str, DomainError]]


@allowed(Role.FUNDER)
def move_holder(session: Session, principal: Principal, *, from_holder_id: str, to_holder_id: str,
                effective_date: date, progress: Callable[[int, int], None] | None = None) -> HolderMove:
    """Move every open wallet this funder has at one holder. A wallet that cannot move yet (money
    still pending) is reported, not forced; the others move."""
    wallets = WalletRepository(session).list(funder_id=principal.organisation_id, holder_id=from_holder_id,
                                             status="open", limit=100_000)
    # All their pools before any wallet's accounts: see PoolRepository.lock_pools_of.
    PoolRepository(session).lock_pools_of([wallet.id for wallet in wallets])
    moved: list[Move] = []
    refused: list[tuple[str, DomainError]] = []
    for done, wallet in enumerate(wallets, start=1):
        try:
            with session.begin_nested():
                moved.append(move_wallet(session, principal, wallet.id, new_holder_id=to_holder_id,
                                         effective_date=effective_date))
        except DomainError as error:
            refused.append((wallet.id, error))
        if progress:
            progress(done, len(wallets))
    # Each wallet that moved has its own wallet.moved entry; this one says what was asked and what was refused.
    record_change(session, principal, "holder.moved", object_type="holder", object_id=from_holder_id,
                  funder_id=principal.organisation_id, holder_id=from_holder_id, to_holder_id=to_holder_id,
                  effective_date=effective_date, moved=len(moved),
                  refused={wallet_id: error.type for wallet_id, error in refused} or None)
    return HolderMove(moved, refused)

"""A provider's payroll or invoice run: many payments in one request.

Each item is ``make_payment`` itself, in its own savepoint, so it is posted, set aside for
approval or refused exactly as the single call would be, and a refused item leaves nothing. Before
any item is decided, every account the batch's payments can touch is locked in one ordered pass,
so two batches over the same wallets (or a batch and single payments) take turns and never
deadlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.batches import (
    BatchMode,
    BatchOutcome,
    ItemResult,
    ItemStatus,
    check_batch_shape,
    settle,
)
from wallet.domain.errors import DomainError
from wallet.domain.principals import Principal, Role
from wallet.domain.visibility import can_see_wallet
from wallet.persistence.batch_writes import item_savepoint, lock_accounts_by_code
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.authorisation import allowed
from wallet.usecases.cycle_collector import bulk_run
from wallet.usecases.make_payment import make_payment


@dataclass(frozen=True, slots=True)
class PaymentItem:
    ref: str
    wallet_id: str
    amount: int
    category: str
    effective_date: date
    payee: str | None = None
    reference: str | None = None
    description: str | None = None


@allowed(Role.HOLDER)
@bulk_run
def run_payment_batch(session: Session, principal: Principal, items: Sequence[PaymentItem], *,
                      mode: BatchMode) -> BatchOutcome:
    """Each item's result, in item order. Items are made in the order given, so a later payment
    from a wallet sees what the earlier ones took. All or nothing: one refusal raises
    ``BatchRefused`` (carrying every item's result) and the caller's transaction rolls back."""
    check_batch_shape([item.ref for item in items])
    _lock_wallets(session, principal, {item.wallet_id for item in items})
    return settle(mode, [_pay(session, principal, index, item) for index, item in enumerate(items)])


def _lock_wallets(session: Session, principal: Principal, wallet_ids: set[str]) -> None:
    # The accounts WalletContext.lock takes for a payment, for every wallet the caller may see
    # (any other is refused by its payment as not found, and stays untouched).
    wallets = WalletRepository(session).list(wallet_ids=sorted(wallet_ids), limit=len(wallet_ids))
    codes: list[str] = []
    for wallet in wallets:
        if can_see_wallet(principal, wallet):
            accounts = wallet.accounts
            codes += [code for code, _, _ in accounts.own_accounts()]
            codes += [accounts.cash, accounts.fee_income]
    lock_accounts_by_code(session, codes)


def _pay(session: Session, principal: Principal, index: int, item: PaymentItem) -> ItemResult:
    try:
        with item_savepoint(session):
            outcome = make_payment(session, principal, item.wallet_id, amount=item.amount, category=item.category,
                                   payee=item.payee, effective_date=item.effective_date, reference=item.reference,
                                   description=item.description)
    except DomainError as error:
        return ItemResult(index, item.ref, ItemStatus.REFUSED, error)
    status = ItemStatus.POSTED if outcome.status == "posted" else ItemStatus.AWAITING_APPROVAL
    ids = {"wallet_id": item.wallet_id, "transaction_id": outcome.transaction.id}
    if outcome.approval is not None:
        ids["approval_id"] = outcome.approval.id
    return ItemResult(index, item.ref, status, ids=ids)

"""A wallet ends: the support ended, or the person died. (A move to another holder is in
``move_wallet``.) From the end date no new payment may be dated later — after a death, only
payments the funder approves as contractual costs — and the next period close is the final one,
returning what is left by source."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.persistence.wallet_repository import WalletRecord, WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.wallet_context import wallet_context

END_REASONS = ("ended", "death")


class WalletAlreadyEnding(Conflict):
    type = "wallet-already-ending"
    title = "This wallet already has an end date"


@allowed(Role.FUNDER)
def end_wallet(session: Session, principal: Principal, wallet_id: str, *, reason: str,
               effective_date: date) -> WalletRecord:
    if reason not in END_REASONS:
        raise InvalidInput(f"reason must be one of {', '.join(END_REASONS)} (a move is POST /moves)", field="reason")
    context = wallet_context(session, principal, wallet_id, roles=(Role.FUNDER,), lock=False)
    wallet = context.wallet
    if wallet.closed_on is not None:
        raise WalletAlreadyEnding(f"wallet {wallet_id} already ends on {wallet.closed_on}",
                                  wallet_id=wallet_id, ends_on=str(wallet.closed_on))
    if effective_date < wallet.opened_on:
        raise InvalidInput("a wallet cannot end before it opened", effective_date=str(effective_date))
    WalletRepository(session).set_end(wallet_id, ends_on=effective_date, reason=reason)
    # The money goes back at the next period close, the final one; this records the decision.
    record_change(session, principal, "wallet.closed", object_type="wallet", object_id=wallet_id, wallet=wallet,
                  reason=reason, effective_date=effective_date)
    emit_event(session, "wallet.closed", wallets=[wallet],
               data={"wallet_id": wallet_id, "reason": reason, "effective_date": effective_date})
    return WalletRepository(session).get(wallet_id)  # type: ignore[return-value]

"""After a wallet ended: whether invoices for support given before the end may still come, and
the funder's word that they have all come (which shuts the window and lets the final close go)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import late_invoices_until
from wallet.persistence.support_plan_repository import SupportPlanRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.events import emit_event
from wallet.usecases.wallet_context import wallet_context


class WalletNotEnded(Conflict):
    type = "wallet-not-ended"
    title = "This wallet has no end date yet"


class InvoicesAlreadyConfirmed(Conflict):
    type = "invoices-already-confirmed"
    title = "The funder already said no more invoices will come for this wallet"


@allowed(Role.FUNDER)
def confirm_no_more_invoices(session: Session, principal: Principal, wallet_id: str) -> tuple[WalletRecord, date]:
    context = wallet_context(session, principal, wallet_id, roles=(Role.FUNDER,), lock=False)
    wallet = context.wallet
    if wallet.closed_on is None:
        raise WalletNotEnded(f"wallet {wallet_id} has not ended; end it first (POST /closure)", wallet_id=wallet_id)
    repository = SupportPlanRepository(session)
    confirmed = repository.invoices_confirmed_on(wallet_id)
    if confirmed is not None:
        raise InvoicesAlreadyConfirmed(f"confirmed on {confirmed}", wallet_id=wallet_id, confirmed_on=str(confirmed))
    window_was = late_invoices_until(context.policy.rules, context.state())
    today = utc_now().date()
    repository.confirm_final_invoices(wallet_id, on=today, by=principal.organisation_id)  # type: ignore[arg-type]
    facts = {"wallet_id": wallet_id, "confirmed_on": today, "window_was_until": window_was}
    record_change(session, principal, "wallet.invoices_confirmed", object_type="wallet", object_id=wallet_id,
                  wallet=wallet, **facts)
    emit_event(session, "wallet.invoices_confirmed", wallets=[wallet], data=facts)
    return wallet, today

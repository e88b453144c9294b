"""What every money operation on a wallet needs: the wallet, its current policy version, and its
accounts locked for the decision. Shared by fundings, payments, holds and approvals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState
from wallet.domain.errors import Forbidden, WalletClosed
from wallet.domain.kinds import Kind
from wallet.domain.postings import Posting, TransactionDraft
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import WalletState, check_value_date
from wallet.domain.wallet_postings import Cover
from wallet.domain.wallets import Source
from wallet.persistence.event_repository import WalletOwners
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.persistence.support_plan_repository import SupportPlanRepository
from wallet.persistence.wallet_repository import PolicyVersion, WalletRecord
from wallet.usecases.visibility import load_wallet_with_policy


@dataclass
class WalletContext:
    session: Session
    principal: Principal
    wallet: WalletRecord
    policy: PolicyVersion
    ledger: LedgerRepository
    states: dict[str, AccountState] = field(default_factory=dict)

    @property
    def accounts(self):  # type: ignore[no-untyped-def]
        return self.wallet.accounts

    def lock(self, extra_codes: Iterable[str] = ()) -> None:
        accounts = self.wallet.accounts
        codes = [code for code, _, _ in accounts.own_accounts()]
        codes += [accounts.cash, accounts.fee_income, *extra_codes]
        self.states = self.ledger.lock_accounts(codes)

    def available_by_source(self) -> dict[Source, int]:
        return {s: self.states[self.accounts.available(s)].available for s in Source}

    def reserve_used(self) -> int:
        reserve = self.states[self.accounts.reserve_draw]
        return reserve.balance + reserve.debits_pending

    def state(self, *, held: Cover | None = None) -> WalletState:
        """The wallet as a spending decision sees it, from the locked accounts."""
        return with_invoice_window(self.session, self.wallet, self.wallet.spending_state(
            self.available_by_source() if self.states else {},
            reserve_used=self.reserve_used() if self.states else 0, held=held))

    def check_date(self, effective_date: date, *, allow_after_end: bool = False) -> None:
        check_value_date(self.state(), effective_date, allow_after_end=allow_after_end)

    def post(self, kind: Kind, postings: Sequence[Posting], *, effective_date: date,
             reference: str | None = None, description: str | None = None,
             resolves_id: str | None = None, **details: Any) -> TransactionRecord:
        draft = TransactionDraft(
            # A kind not declared in domain.kinds fails here, loudly, in every test that posts it.
            kind=Kind(kind).value, effective_date=effective_date, postings=tuple(postings), reference=reference,
            description=description, resolves_id=resolves_id,
            metadata={"wallet_id": self.wallet.id, **self.policy.stamp,
                      **{k: v for k, v in details.items() if v is not None}},
        )
        wallet = self.wallet
        return self.ledger.post(draft, organisation_id=self.principal.organisation_id,
                                owners=[WalletOwners(wallet.id, wallet.funder_id, wallet.holder_id)])


def with_invoice_window(session: Session, wallet: WalletRecord, state: WalletState) -> WalletState:
    """The spending state, told whether the funder has shut the after-ending window (read only
    for a wallet that has ended)."""
    if wallet.closed_on is None:
        return state
    return replace(state, invoices_confirmed_on=SupportPlanRepository(session).invoices_confirmed_on(wallet.id))


def wallet_context(session: Session, principal: Principal, wallet_id: str, *,
                   roles: Sequence[Role], require_open: bool = True, lock: bool = True) -> WalletContext:
    """Load a wallet the principal may see, for an operation only ``roles`` may carry out."""
    wallet, policy = load_wallet_with_policy(session, principal, wallet_id)
    if principal.role not in roles:
        raise Forbidden(f"a {principal.role.value} key may not do this to a wallet",
                        allowed_roles=sorted(r.value for r in roles))
    if require_open and not wallet.is_open:
        raise WalletClosed(f"wallet {wallet_id} closed on {wallet.closed_on}", wallet_id=wallet_id,
                           closed_on=str(wallet.closed_on))
    context = WalletContext(session, principal, wallet, policy, LedgerRepository(session))
    if lock:
        context.lock()
    return context

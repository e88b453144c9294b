"""What every pool operation needs: the pool, its members' wallets and policies, and every
account the operation may touch locked in one ordered statement (so two pool operations over
overlapping members can never deadlock)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState, Side
from wallet.domain.errors import Forbidden, NotFound, RuleViolation
from wallet.domain.kinds import Kind
from wallet.domain.pools import PoolAccounts
from wallet.domain.postings import Posting, TransactionDraft
from wallet.domain.principals import Principal, Role
from wallet.domain.visibility import can_see_wallet
from wallet.domain.wallets import HolderAccounts, Source
from wallet.persistence.event_repository import WalletOwners
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository, TransactionRecord
from wallet.persistence.pool_repository import MemberRecord, PoolRecord, PoolRepository
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion, WalletRecord, WalletRepository


class PoolNotFound(NotFound):
    type = "pool-not-found"
    title = "Pool not found"


class PoolClosed(RuleViolation):
    type = "pool-closed"
    title = "This pool is closed"


def can_see_pool(session: Session, principal: Principal, pool: PoolRecord) -> bool:
    """The holder sees its pools; a funder or a person sees a pool they have a member in."""
    if principal.role is Role.HOLDER:
        return pool.holder_id == principal.organisation_id
    return principal.is_admin or bool(visible_member_ids(session, principal, pool.id))


def visible_member_ids(session: Session, principal: Principal, pool_id: str) -> set[str]:
    """The members whose details this principal may see: all for the holder (and the operator),
    for anyone else the members whose wallets it may see."""
    members = PoolRepository(session).members(pool_id)
    if principal.is_admin or principal.role is Role.HOLDER:
        return {m.wallet_id for m in members}
    wallets = WalletRepository(session)
    return {m.wallet_id for m in members
            if (w := wallets.get(m.wallet_id)) is not None and can_see_wallet(principal, w)}


def load_pool(session: Session, principal: Principal, pool_id: str, *, lock: bool = False) -> PoolRecord:
    pool = PoolRepository(session).get(pool_id, lock=lock)
    if pool is None or not can_see_pool(session, principal, pool):
        raise PoolNotFound(f"no pool {pool_id}", pool_id=pool_id)
    return pool


@dataclass
class PoolContext:
    session: Session
    principal: Principal
    pool: PoolRecord
    members: list[MemberRecord]
    wallets: dict[str, WalletRecord]
    policies: dict[str, PolicyVersion]
    ledger: LedgerRepository
    states: dict[str, AccountState] = field(default_factory=dict)

    @property
    def accounts(self) -> PoolAccounts:
        return PoolAccounts(self.pool.id)

    @property
    def cash(self) -> str:
        return HolderAccounts(self.pool.holder_id).client_bank_for_pool(self.pool.id)

    def lock(self, extra_wallets: Sequence[WalletRecord] = ()) -> None:
        for wallet in extra_wallets:
            self.wallets[wallet.id] = wallet
            self.policies[wallet.id] = _policy(self.session, wallet)
        codes = [self.cash, self.accounts.awaiting_approval]
        for wallet in self.wallets.values():
            codes += [wallet.accounts.available(s) for s in Source] + self.accounts.shares_of(wallet.id)
        self.states = self.ledger.lock_accounts(codes)

    def share_by_source(self, wallet_id: str) -> dict[Source, int]:
        return {s: self.states[self.accounts.share(wallet_id, s)].available for s in Source}

    def share(self, wallet_id: str) -> int:
        return sum(self.share_by_source(wallet_id).values())

    def available_by_source(self, wallet_id: str) -> dict[Source, int]:
        accounts = self.wallets[wallet_id].accounts
        return {s: self.states[accounts.available(s)].available for s in Source}

    def post(self, kind: Kind, postings: Sequence[Posting], *, effective_date: date, wallet_ids: Sequence[str],
             reference: str | None = None, description: str | None = None, resolves_id: str | None = None,
             **details: Any) -> TransactionRecord:
        draft = self.draft(kind, postings, effective_date=effective_date, wallet_ids=wallet_ids, reference=reference,
                           description=description, resolves_id=resolves_id, **details)
        return self.ledger.post(draft, organisation_id=self.principal.organisation_id, owners=self.owners)

    def draft(self, kind: Kind, postings: Sequence[Posting], *, effective_date: date, wallet_ids: Sequence[str],
              reference: str | None = None, description: str | None = None, resolves_id: str | None = None,
              **details: Any) -> TransactionDraft:
        """The transaction as ``post`` would post it (a run posts many at once)."""
        return TransactionDraft(
            # A kind not declared in domain.kinds fails here, loudly, in every test that posts it.
            kind=Kind(kind).value, effective_date=effective_date, postings=tuple(postings), reference=reference,
            description=description, resolves_id=resolves_id,
            metadata={"pool_id": self.pool.id, "wallet_ids": sorted(wallet_ids),
                      "policy_versions": {w: self.policies[w].version for w in sorted(wallet_ids)},
                      **{k: v for k, v in details.items() if v is not None}},
        )

    @property
    def owners(self) -> list[WalletOwners]:
        return [WalletOwners(w.id, w.funder_id, w.holder_id) for w in self.wallets.values()]


def _policy(session: Session, wallet: WalletRecord) -> PolicyVersion:
    policy = PolicyRepository(session).get(wallet.policy_id)
    assert policy is not None, "a wallet always has a policy"
    return policy


def open_share_accounts(session: Session, pool: PoolRecord, wallet: WalletRecord) -> None:
    accounts = PoolAccounts(pool.id)
    LedgerRepository(session).open_accounts(
        [AccountSpec(accounts.share(wallet.id, s), Side.CREDIT, True, pool.currency, wallet_id=wallet.id)
         for s in Source]
        + [AccountSpec(accounts.awaiting_approval, Side.CREDIT, False, pool.currency, organisation_id=pool.holder_id),
           AccountSpec(HolderAccounts(pool.holder_id).client_bank_for_pool(pool.id), Side.DEBIT, False, pool.currency,
                       organisation_id=pool.holder_id)]
    )


def pool_context(session: Session, principal: Principal, pool_id: str, *, require_open: bool = True,
                 lock: bool = True) -> PoolContext:
    """Load a pool its holder is acting on, with its current members, locked."""
    pool = load_pool(session, principal, pool_id, lock=True)
    if principal.role is not Role.HOLDER:
        raise Forbidden("only the pool's holder may do this", allowed_roles=["holder"])
    if require_open and pool.status != "open":
        raise PoolClosed(f"pool {pool_id} closed on {pool.closed_on}", pool_id=pool_id)
    members = PoolRepository(session).members(pool_id, current_only=True)
    wallets = WalletRepository(session)
    member_wallets = {m.wallet_id: wallets.get(m.wallet_id) for m in members}
    context = PoolContext(
        session, principal, pool, members, {k: w for k, w in member_wallets.items() if w is not None},
        {k: _policy(session, w) for k, w in member_wallets.items() if w is not None}, LedgerRepository(session),
    )
    if lock:
        context.lock()
    return context


def settlement_context(session: Session, principal: Principal, pool_id: str, wallet_ids: Sequence[str]) -> PoolContext:
    """The pool and the wallets a waiting pool payment touched, locked, for the funder whose
    decision settles it (the pool's holder is not the one acting, and members may have left)."""
    pool = PoolRepository(session).get(pool_id, lock=True)
    if pool is None:
        raise PoolNotFound(f"no pool {pool_id}", pool_id=pool_id)
    repository = WalletRepository(session)
    wallets = {w: wallet for w in wallet_ids if (wallet := repository.get(w)) is not None}
    context = PoolContext(session, principal, pool, [], wallets, {k: _policy(session, w) for k, w in wallets.items()},
                          LedgerRepository(session))
    context.lock()
    return context

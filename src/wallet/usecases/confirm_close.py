"""Confirm a period close: carry out each wallet's proposal, once.

Confirming twice does nothing twice. A wallet that changed since the proposal was made (any
posting, or a new policy version) is re-checked and refused as stale: the funder proposes again,
or confirms the rest with ``skip_stale``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from wallet.domain.accounts import Side
from wallet.domain.errors import Conflict, Forbidden, NotFound, WalletNotFound
from wallet.domain.kinds import Kind
from wallet.domain.postings import Posting, TransactionDraft
from wallet.domain.principals import Principal, Role
from wallet.domain.visibility import can_see_wallet
from wallet.persistence.batch_reads import without_jit
from wallet.persistence.batch_writes import insert_audit_entries
from wallet.persistence.close_facts import fingerprints
from wallet.persistence.close_repository import (
    CloseItemRecord,
    CloseRecord,
    CloseRepository,
)
from wallet.persistence.event_repository import WalletOwners
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository
from wallet.persistence.pool_repository import PoolRepository
from wallet.persistence.wallet_repository import (
    PolicyRepository,
    PolicyVersion,
    WalletRecord,
    WalletRepository,
)
from wallet.usecases.audit_trail import audit_entry, record_change, record_changes
from wallet.usecases.authorisation import allowed
from wallet.usecases.cycle_collector import bulk_run
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
@bulk_run
def confirm_close(session: Session, principal: Principal, close_id: str, *, skip_stale: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Confirmation:
    if principal.role is not Role.FUNDER:
        raise Forbidden("only a funder confirms a period close", allowed_roles=["funder"])
    repository = CloseRepository(session)
    close = load_close(session, principal, close_id, lock=True)
    if close.status == "confirmed":
        return Confirmation(close, repository.items(close_id))
    without_jit(session)
    items = repository.items(close_id)
    proposed = [item for item in items if item.status == "proposed"]
    PoolRepository(session).lock_pools_of([item.wallet_id for item in proposed])
    wallets = _wallets(session, principal, [item.wallet_id for item in proposed])
    stale = _stale(session, proposed, wallets)
    if stale and not skip_stale:
        raise ProposalStale(f"{len(stale)} wallet(s) changed since the proposal; propose again, "
                            "or confirm the rest with skip_stale", wallet_ids=stale)
    confirmed: list[WalletRecord] = []
    policies: dict[str, PolicyVersion] = {}
    # What became of each item, so the answer is made from what was written, not read back.
    outcome: dict[str, tuple[str, str | None]] = {}
    for first in range(0, len(items), BATCH):
        batch = items[first:first + BATCH]
        settled: list[tuple[str, str, str | None]] = []
        entries: list[dict[str, object]] = []
        for item in batch:
            if item.status == "proposed" and item.wallet_id in stale:
                settled.append((item.id, "stale", None))
                entries.append(_entry(principal, close, item, wallets[item.wallet_id], status="stale",
                                      transaction_id=None))
            elif item.status == "proposed" and item.final:
                # Rare, and it leaves pools and may close the wallet: one at a time.
                wallet, transaction_id = _carry_out(session, principal, close, item)
                confirmed.append(wallet)
                outcome[item.id] = ("confirmed", transaction_id)
        together = [item for item in batch if item.status == "proposed" and not item.final
                    and item.wallet_id not in stale]
        posted = _post_batch(session, principal, close, together, wallets, policies)
        for item in together:
            if item.id in posted:  # a net_off close leaves its surplus for the next fundings to take
                record_net_off(session, wallets[item.wallet_id], close_id=close.id,
                               close_transaction_id=posted[item.id], amount=int(item.plan.get("to_net_off") or 0))
            settled.append((item.id, "confirmed", posted.get(item.id)))
            entries.append(_entry(principal, close, item, wallets[item.wallet_id], status="confirmed",
                                  transaction_id=posted.get(item.id)))
            confirmed.append(wallets[item.wallet_id])
        repository.settle_items(settled)
        outcome.update((item_id, (status, transaction_id)) for item_id, status, transaction_id in settled)
        insert_audit_entries(session, entries)  # by COPY on PostgreSQL, as the proposal's
        if progress:
            for done in range(first + 1, first + len(batch) + 1):
                progress(done, len(items))
    repository.confirm(close_id)
    if not items:
        record_change(session, principal, "period_close.confirmed", object_type="period_close", object_id=close_id,
                      funder_id=close.funder_id, period_end=close.period_end, wallets=0)
    emit_event(session, "period_close.confirmed", wallets=confirmed, also=[close.funder_id],
               data={"close_id": close_id, "period_end": close.period_end, "skipped_stale": len(stale) or None})
    return Confirmation(load_close(session, principal, close_id), [
        replace(item, status=outcome[item.id][0], transaction_id=outcome[item.id][1]) if item.id in outcome else item
        for item in items])


# Items carried out together: their accounts locked, their transactions written, in a few statements.
BATCH = 1_000


def _record(session: Session, principal: Principal, close: CloseRecord, item: CloseItemRecord, *, status: str,
            transaction_id: str | None, wallet_closed: bool = False) -> None:
    wallet = WalletRepository(session).get(item.wallet_id)
    assert wallet is not None
    record_changes(session, [_entry(principal, close, item, wallet, status=status, transaction_id=transaction_id,
                                    wallet_closed=wallet_closed)])


def _entry(principal: Principal, close: CloseRecord, item: CloseItemRecord, wallet: WalletRecord, *, status: str,
           transaction_id: str | None, wallet_closed: bool = False) -> dict[str, object]:
    """One entry per wallet, as for the proposal: what became of that wallet's part."""
    return audit_entry(principal, "period_close.confirmed", object_type="period_close", object_id=close.id,
                       wallet=wallet, item_id=item.id, status=status, period_end=close.period_end, final=item.final,
                       surplus=item.surplus, surplus_action=item.action, transaction_id=transaction_id,
                       wallet_closed=wallet_closed or None, **{k: item.plan.get(k) or None for k in PLANNED_AMOUNTS})


def _wallets(session: Session, principal: Principal, wallet_ids: list[str]) -> dict[str, WalletRecord]:
    """The items' wallets, in reads of a thousand; one the caller may not see is not found, as
    ``wallet_context`` would say."""
    found: dict[str, WalletRecord] = {}
    repository = WalletRepository(session)
    for first in range(0, len(wallet_ids), BATCH):
        part = wallet_ids[first:first + BATCH]
        found.update((w.id, w) for w in repository.list(wallet_ids=part, limit=len(part)))
    for wallet_id in wallet_ids:
        if wallet_id not in found or not can_see_wallet(principal, found[wallet_id]):
            raise WalletNotFound(f"no wallet {wallet_id}", wallet_id=wallet_id)
    return found


def _stale(session: Session, items: list[CloseItemRecord], wallets: dict[str, WalletRecord]) -> list[str]:
    """The wallets whose policy version or account totals changed since their item was proposed."""
    policies = PolicyRepository(session)
    versions: dict[str, int] = {}
    for wallet in wallets.values():
        if wallet.policy_id not in versions:
            policy = policies.get(wallet.policy_id)
            assert policy is not None
            versions[wallet.policy_id] = policy.version
    stale = []
    for first in range(0, len(items), BATCH):
        part = items[first:first + BATCH]
        now = fingerprints(session, [(i.wallet_id, versions[wallets[i.wallet_id].policy_id]) for i in part])
        stale += [i.wallet_id for i in part
                  if versions[wallets[i.wallet_id].policy_id] != i.plan.get("policy_version")
                  or now[i.wallet_id] != i.fingerprint]
    return stale


def _post_batch(session: Session, principal: Principal, close: CloseRecord, items: list[CloseItemRecord],
                wallets: dict[str, WalletRecord], policies: dict[str, PolicyVersion]) -> dict[str, str]:
    """Carry out a batch of ordinary (not final) items: what each proposal planned, posted as its
    own transaction. Returns the transaction of each item that moved money."""
    if not items:
        return {}
    ledger = LedgerRepository(session)
    specs: dict[str, AccountSpec] = {}
    codes: list[str] = []
    for item in items:
        if not item.plan["postings"]:
            # Nothing of this wallet moves (its surplus is nil): no account of it to lock.
            continue
        wallet = wallets[item.wallet_id]
        if wallet.policy_id not in policies:
            found = PolicyRepository(session).get(wallet.policy_id)
            assert found is not None
            policies[wallet.policy_id] = found
        specs.setdefault(recovery_account(wallet), AccountSpec(
            recovery_account(wallet), Side.CREDIT, False, wallet.currency, organisation_id=wallet.funder_id))
        specs.setdefault(efficiency_account(wallet), AccountSpec(
            efficiency_account(wallet), Side.CREDIT, False, wallet.currency, organisation_id=wallet.holder_id))
        accounts = wallet.accounts
        codes += [code for code, _, _ in accounts.own_accounts()] + [accounts.cash, accounts.fee_income]
    if not codes:
        return {}
    ledger.open_accounts(specs.values())
    # The batch's accounts in one ordered statement, as ``wallet_context.lock`` takes one wallet's.
    ledger.lock_accounts([*codes, *specs])
    drafts = []
    for item in items:
        wallet = wallets[item.wallet_id]
        postings = [Posting(p["account"], Side(p["side"]), p["amount"], wallet.currency, memo=p["memo"])
                    for p in item.plan["postings"]]
        if not postings:
            continue
        details = {"close_id": close.id, "period_end": str(close.period_end), "action": item.action,
                   "recovered": item.plan["recovered"] or None,
                   "refunded_to_person": item.plan["refunded_to_person"] or None}
        drafts.append((item.id, TransactionDraft(
            kind=Kind.PERIOD_CLOSE.value, effective_date=max(close.period_end, wallet.opened_on),
            postings=tuple(postings), description="; ".join(item.plan["words"]) or None,
            metadata={"wallet_id": wallet.id, **policies[wallet.policy_id].stamp,
                      **{k: v for k, v in details.items() if v is not None}}),
            [WalletOwners(wallet.id, wallet.funder_id, wallet.holder_id)]))
    records = ledger.post_many([(draft, owners) for _, draft, owners in drafts],
                               organisation_id=principal.organisation_id)
    return {item_id: record.id for (item_id, _, _), record in zip(drafts, records, strict=True)}


def _carry_out(session: Session, principal: Principal, close: CloseRecord, item: CloseItemRecord
               ) -> tuple[WalletRecord, str | None]:
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
    return wallet, transaction_id

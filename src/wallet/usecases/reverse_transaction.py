"""Correct a transaction by posting its exact opposite. Nothing is edited or deleted."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import AlreadyReversed, Forbidden, NotReversible
from wallet.domain.kinds import Kind
from wallet.domain.postings import TransactionDraft, reversal_postings
from wallet.domain.principals import Principal, Role
from wallet.persistence.contribution_schedule_repository import ContributionScheduleRepository
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.authorisation import allowed
from wallet.usecases.get_transaction import load_transaction
from wallet.usecases.net_off import restore_net_off
from wallet.usecases.visibility import redact_for

# What a holder does to a wallet it may also correct; everything else is the funder's or the poster's.
# Contributions are the holder's to arrange, even those a funder's run makes from its schedules.
HOLDER_REVERSIBLE = frozenset({Kind.PAYMENT, Kind.HOLD_CAPTURE, Kind.POOL_CONTRIBUTION})


def may_reverse(session: Session, principal: Principal, original: TransactionRecord) -> bool:
    """Whoever posted a transaction may reverse it; so may the wallet's funder, and its holder
    for the payments and contributions it arranges."""
    if principal.role is Role.PERSON or principal.role is Role.AUDITOR:
        return False
    if original.organisation_id == principal.organisation_id:
        return True
    # A wallet's transaction names its wallet; a pool's names every member wallet it touches. A
    # reversal undoes all of it, so the caller must fund (or hold) every one of them.
    named = original.details.get("wallet_ids") or [original.details.get("wallet_id")]
    wallets = [WalletRepository(session).get(wallet_id) for wallet_id in named if wallet_id]
    if not wallets or None in wallets:
        return False
    if principal.role is Role.FUNDER:
        return all(wallet.funder_id == principal.organisation_id for wallet in wallets)  # type: ignore[union-attr]
    return (principal.role is Role.HOLDER and original.kind in HOLDER_REVERSIBLE
            and all(wallet.holder_id == principal.organisation_id for wallet in wallets))  # type: ignore[union-attr]


@allowed(Role.ADMIN, Role.FUNDER, Role.HOLDER)
def reverse_transaction(session: Session, principal: Principal, transaction_id: str, *,
                        effective_date: date | None = None, reason: str | None = None) -> TransactionRecord:
    ledger = LedgerRepository(session)
    # The whole original: a reversal built from a redacted view would reverse only part of it.
    original = load_transaction(session, principal, transaction_id)
    if not may_reverse(session, principal, original):
        raise Forbidden("only the organisation that posted a transaction, or the wallet's funder, may reverse it")
    if original.kind == Kind.REVERSAL:
        raise NotReversible("a reversal is not reversed again; post the original transaction anew")
    if original.kind == Kind.NET_OFF:
        raise NotReversible("a netted period is restored by reversing the close that netted it off")
    if ledger.reversal_of(transaction_id):
        raise AlreadyReversed(f"transaction {transaction_id} has already been reversed",
                              transaction_id=transaction_id)
    if original.kind == Kind.PERIOD_CLOSE:
        restore_net_off(session, original, organisation_id=principal.organisation_id,
                        effective_date=effective_date or utc_now().date())
    draft = TransactionDraft(
        kind=Kind.REVERSAL,
        effective_date=effective_date or utc_now().date(),
        postings=reversal_postings(original.as_postings()),
        reference=original.reference,
        description=reason or f"reversal of {original.kind} {original.id}",
        reverses_id=original.id,
        metadata={"reverses_kind": original.kind, **_carried(original)},
    )
    reversal = ledger.post(draft, organisation_id=principal.organisation_id)
    if original.kind == Kind.SCHEDULED_FUNDING:
        # Frees the period, so a later funding run pays it again.
        ScheduleRepository(session).mark_reversed(original.id)
    if original.kind == Kind.POOL_CONTRIBUTION and original.details.get("contribution_schedule_id"):
        # Frees the member's period, so a later funding run makes the contribution again.
        ContributionScheduleRepository(session).mark_reversed(original.id)
    return redact_for(session, principal, reversal)


def _carried(original: TransactionRecord) -> dict[str, object]:
    # Keep what scopes a transaction (its wallet, its pool) on the reversal too, so the reversal
    # appears in the same statements and feeds as the original.
    return {k: v for k, v in original.details.items() if k in ("wallet_id", "pool_id", "wallet_ids")}

"""Steps that carry out ``surplus_action: net_off`` inside other use cases: record what a close
leaves to net off, take it from each scheduled funding, and restore it when the close is reversed.

The decisions are in ``domain/netting``; these steps read and write what they need around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.kinds import Kind
from wallet.domain.netting import NETTED_SOURCES, netted_parts, netting_postings
from wallet.domain.postings import TransactionDraft, reversal_postings
from wallet.domain.schedules import Funding, FundingKind
from wallet.domain.wallets import Source, format_pounds
from wallet.persistence.budget_repository import NetOffRepository
from wallet.persistence.ledger_repository import LedgerRepository, TransactionRecord
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.wallet_context import WalletContext


def accounts_to_lock(session: Session, wallets: Sequence[WalletRecord]) -> list[str]:
    """The funder's recovered account for each wallet that still has surplus to net off: a
    funding run locks it with the wallet's own accounts, in one ordered statement, as a close
    does, so a run and a close never wait on each other in opposite orders."""
    owing = NetOffRepository(session).wallets_owing([w.id for w in wallets])
    return sorted({w.accounts.funder.recovered for w in wallets if w.id in owing})


def record_net_off(session: Session, wallet: WalletRecord, *, close_id: str, close_transaction_id: str,
                   amount: int) -> str | None:
    """What a confirmed close leaves for the wallet's next fundings to net off."""
    if amount <= 0:
        return None
    return NetOffRepository(session).add(wallet_id=wallet.id, funder_id=wallet.funder_id, close_id=close_id,
                                         close_transaction_id=close_transaction_id, amount=amount)


def net_off_funding(context: WalletContext, funding: Funding, source: Source,
                    funding_transaction: TransactionRecord) -> list[TransactionRecord]:
    """Net what closes left owed off one scheduled funding just posted: one netting transaction
    per net-off it settles, dated with the funding."""
    if funding.kind is not FundingKind.PERIOD or source not in NETTED_SOURCES:
        return []
    repository = NetOffRepository(context.session)
    parts = netted_parts(repository.owed(context.wallet.id), funding.amount)
    netted = []
    for net_off_id, amount in parts:
        transaction = context.post(
            Kind.NET_OFF,
            netting_postings(context.accounts, amount, recovery_account=context.accounts.funder.recovered,
                             currency=context.wallet.currency),
            effective_date=funding_transaction.effective_date,
            description=(f"{format_pounds(amount)} of the funding for {funding.start} to {funding.end} netted off "
                         "the surplus of an earlier close"),
            net_off_id=net_off_id, funding_transaction_id=funding_transaction.id,
            period_start=str(funding.start), period_end=str(funding.end), netted=amount,
        )
        repository.record_netting(net_off_id, wallet_id=context.wallet.id, transaction_id=transaction.id,
                                   funding_transaction_id=funding_transaction.id, period_start=funding.start,
                                   period_end=funding.end, amount=amount)
        netted.append(transaction)
    return netted


def restore_net_off(session: Session, close_transaction: TransactionRecord, *, organisation_id: str,
                    effective_date: date) -> None:
    """Before a net-off close is reversed: each period netted so far is restored (its netting
    reversed, so the funder owes it in full again) and nothing more is netted."""
    repository = NetOffRepository(session)
    net_off = repository.of_close_transaction(close_transaction.id)
    if net_off is None or net_off.status == "cancelled":
        return
    ledger = LedgerRepository(session)
    for period in repository.netted_periods(net_off.id):
        original = ledger.transaction(period.transaction_id)
        ledger.post(TransactionDraft(
            kind=Kind.REVERSAL, effective_date=effective_date, postings=reversal_postings(original.as_postings()),
            reference=original.reference,
            description=f"the close netted off was reversed: the period {period.period_start} to "
                        f"{period.period_end} is owed in full again",
            reverses_id=original.id,
            metadata={"reverses_kind": original.kind, "wallet_id": net_off.wallet_id, "net_off_id": net_off.id},
        ), organisation_id=organisation_id)
    repository.cancel(net_off.id)

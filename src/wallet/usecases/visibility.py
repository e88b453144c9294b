"""What a principal may see. Everything that reads or changes a tenant's object asks here, and
an object the caller may not see is reported as not found, never as forbidden. Which wallets each
role may see is the table in ``wallet.domain.visibility``; SQL reads use the same rule through
``wallet.persistence.visibility_sql``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from wallet.domain.errors import WalletNotFound
from wallet.domain.principals import Principal, Role
from wallet.domain.visibility import can_see_wallet
from wallet.persistence.ledger_records import TransactionRecord
from wallet.persistence.tables import accounts
from wallet.persistence.wallet_repository import PolicyVersion, WalletRecord, WalletRepository


def wallet_visible(session: Session, principal: Principal, wallet_id: str, *,
                   organisation_id: str | None = None) -> bool:
    wallet = WalletRepository(session).get(wallet_id)
    if wallet is None or not can_see_wallet(principal, wallet):
        return False
    return organisation_id is None or organisation_id in (wallet.funder_id, wallet.holder_id)


def load_wallet(session: Session, principal: Principal, wallet_id: str, *, lock: bool = False) -> WalletRecord:
    wallet = WalletRepository(session).get(wallet_id, lock=lock)
    if wallet is None or not can_see_wallet(principal, wallet):
        raise WalletNotFound(f"no wallet {wallet_id}", wallet_id=wallet_id)
    return wallet


def load_wallet_with_policy(session: Session, principal: Principal, wallet_id: str) -> tuple[WalletRecord, PolicyVersion]:
    """A wallet the principal may see, with its policy's newest version, in one read."""
    found = WalletRepository(session).with_policy(wallet_id)
    if found is None or not can_see_wallet(principal, found[0]):
        raise WalletNotFound(f"no wallet {wallet_id}", wallet_id=wallet_id)
    return found


def transaction_visible(session: Session, principal: Principal, record: TransactionRecord) -> bool:
    if principal.is_admin:
        return True
    account_ids = [p.account_id for p in record.postings]
    owners = session.execute(
        select(accounts.c.organisation_id, accounts.c.wallet_id).where(accounts.c.id.in_(account_ids))
    ).all()
    # A person's key belongs to the funder's organisation, but sees only their own wallet.
    if principal.role is Role.PERSON:
        return any(wallet_id == principal.wallet_id for _, wallet_id in owners)
    if record.organisation_id == principal.organisation_id:
        return True
    return any(
        organisation_id == principal.organisation_id
        or (wallet_id is not None and wallet_visible(session, principal, wallet_id))
        for organisation_id, wallet_id in owners
    )


REDACTED_DETAILS = ("wallet_ids", "parts", "policy_versions")


def redact_for(session: Session, principal: Principal, record: TransactionRecord) -> TransactionRecord:
    """Hide the postings and details of wallets the principal may not see (another pool member's
    share), keeping the pool's totals. Holders and admins see transactions whole."""
    return redact_all(session, principal, [record])[0]


def redact_all(session: Session, principal: Principal, records: Sequence[TransactionRecord]) -> list[TransactionRecord]:
    """``redact_for`` each of a page of transactions, with one read of their accounts' owners for
    the page rather than one a transaction."""
    if principal.is_admin or principal.role is Role.HOLDER or not records:
        return list(records)
    wallet_of = dict(session.execute(
        select(accounts.c.id, accounts.c.wallet_id)
        .where(accounts.c.id.in_(sorted({p.account_id for record in records for p in record.postings})))
    ).all())
    repository = WalletRepository(session)
    seen: dict[str, bool] = {}

    def visible(wallet_id: str | None) -> bool:
        if wallet_id is None:
            return True
        if wallet_id not in seen:
            wallet = repository.get(wallet_id)
            seen[wallet_id] = wallet is not None and can_see_wallet(principal, wallet)
        return seen[wallet_id]

    return [_without_hidden(record, wallet_of, visible) for record in records]


def _without_hidden(record: TransactionRecord, wallet_of: Mapping[int, str | None],
                    visible: Callable[[str | None], bool]) -> TransactionRecord:
    postings = tuple(p for p in record.postings if visible(wallet_of.get(p.account_id)))
    if len(postings) == len(record.postings):
        return record
    details = dict(record.details)
    for key in REDACTED_DETAILS:
        value = details.get(key)
        if isinstance(value, dict):
            details[key] = {k: v for k, v in value.items() if visible(k)}
        elif isinstance(value, list):
            details[key] = [w for w in value if visible(w)]
    details["redacted"] = "postings of other members are not shown"
    return replace(record, postings=postings, details=details)

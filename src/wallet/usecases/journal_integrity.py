"""Tamper evidence an auditor can check remotely: the journal's head, and verification of the chain.

Keep the heads you read (signed, when the deployment has a key). Later, verify up to a kept head's
count with its hash: if anything at or before it changed since, even with every later hash
rewritten to match, verification fails.

The chain is one for the whole service (one head to keep, whatever the grants); a broken link is
named by its position, and by its transaction only to a reader who may see that transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput
from wallet.domain.hashing import BrokenLink, first_broken, head_message
from wallet.domain.principals import Principal, Role
from wallet.persistence.db import is_postgresql
from wallet.persistence.journal_chain import hash_at, read_head, stored_links, unchained_count
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.parallel_verification import verify_beside
from wallet.persistence.report_repository import ReportRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.head_signing import ALGORITHM, HeadSigner
from wallet.usecases.visibility import can_see_wallet, transaction_visible

# A call stays within seconds: Python recomputes ~10,000 links a second; PostgreSQL checks them
# set-based, in chunks on several connections, well over 100,000 a second.
MAX_SPAN = 10_000
MAX_SPAN_IN_DATABASE = 1_000_000
BATCH = 500
# From this many transactions on the chain, a verification's ledger-wide checks (every posting
# summed) are made on a connection of their own while the chain is checked: below it they take
# less than opening that connection does.
CHECKS_APART_FROM = 20_000
READERS = (Role.AUDITOR, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class SignedHead:
    count: int
    hash: str
    signed_at: datetime
    message: str
    algorithm: str | None
    public_key: str | None
    signature: str | None


@dataclass(frozen=True, slots=True)
class Verification:
    first: int
    last: int
    head_count: int
    head_hash: str
    hash_at_last: str | None
    expected_hash: str | None
    broken: BrokenLink | None
    unchained: int
    account_out_of_step: str | None
    accounts_agree: bool

    @property
    def matches_expected(self) -> bool | None:
        return None if self.expected_hash is None else self.expected_hash == self.hash_at_last

    @property
    def ok(self) -> bool:
        return (self.broken is None and self.unchained == 0 and self.accounts_agree
                and self.matches_expected is not False)

    @property
    def next_from(self) -> int | None:
        return self.last + 1 if self.ok and self.last < self.head_count else None


def _reader(principal: Principal) -> None:
    if principal.role not in READERS:
        raise Forbidden("the journal's tamper evidence is for auditors", allowed_roles=[r.value for r in READERS])


@allowed(*EVERY_ROLE)
def journal_head(session: Session, principal: Principal, signer: HeadSigner | None) -> SignedHead:
    _reader(principal)
    head, signed_at = read_head(session), utc_now()
    message = head_message(head.count, head.hash, signed_at)
    return SignedHead(head.count, head.hash, signed_at, message.decode(),
                      ALGORITHM if signer else None, signer.public_key if signer else None,
                      signer.sign(message) if signer else None)


@allowed(*EVERY_ROLE)
def verify_journal(session: Session, principal: Principal, *, first: int = 1, last: int | None = None,
                   expected_hash: str | None = None) -> Verification:
    """Recompute the links at positions ``first``..``last`` from the stored transactions and
    postings, starting from the stored hash before ``first``; name the first that fails."""
    _reader(principal)
    one_snapshot(session)
    head = read_head(session)
    max_span = max_span_of(session)
    last = min(head.count, first + max_span - 1) if last is None else last
    if first < 1 or last < first - 1 or last > head.count:
        raise InvalidInput(f"verify positions from 1 to {head.count} (the journal's length), from <= to",
                           head_count=head.count)
    if last - first + 1 > max_span:
        raise InvalidInput(f"verify at most {max_span} transactions a call; continue from next_from",
                           max_span=max_span)
    start_prev = hash_at(session, first - 1)
    checks: _LedgerChecks | None = None
    if start_prev is None:
        broken: BrokenLink | None = BrokenLink(first - 1, None, None, f"the link at position {first - 1} is missing")
        proven = None
    elif is_postgresql(session):
        broken, checks = verify_beside(session, first, last, start_prev, _ledger_checks,
                                       apart=head.count >= CHECKS_APART_FROM)
        proven = None if broken is not None else hash_at(session, last)
    else:
        broken, proven = _walk(session, first, last, start_prev)
    if broken is not None and broken.transaction_id and not _may_see(session, principal, broken.transaction_id):
        broken = BrokenLink(broken.position, None, None, broken.reason)
    out_of_step, unchained = checks or _ledger_checks(session)
    shown = out_of_step[0] if out_of_step and _may_see_account(session, principal, out_of_step[1]) else None
    return Verification(first, last, head.count, head.hash, proven, expected_hash,
                        broken, unchained, shown, out_of_step is None)


# The first account whose totals disagree with its postings (code, wallet id), and the number of
# transactions not on the chain: both over the whole ledger, whatever the range verified.
_LedgerChecks = tuple[tuple[str, str | None] | None, int]


def _ledger_checks(executor: Session | Connection) -> _LedgerChecks:
    return ReportRepository(executor).first_account_out_of_step(), unchained_count(executor)  # type: ignore[arg-type]


def max_span_of(session: Session) -> int:
    return MAX_SPAN_IN_DATABASE if is_postgresql(session) else MAX_SPAN


def _walk(session: Session, first: int, last: int, start_prev: str) -> tuple[BrokenLink | None, str | None]:
    """SQLite: recompute every link in Python, a batch at a time, in position order."""
    broken, proven = None, start_prev
    for batch_first in range(first, last + 1, BATCH):
        links = stored_links(session, batch_first, min(batch_first + BATCH - 1, last))
        broken, proven = first_broken(links, start_position=batch_first, start_prev=proven)
        if broken is None and len(links) < min(BATCH, last - batch_first + 1):
            broken = BrokenLink(batch_first + len(links), None, None,
                                f"the transaction at position {batch_first + len(links)} is missing")
        if broken is not None:
            return broken, None
    return None, proven


def _may_see(session: Session, principal: Principal, transaction_id: str) -> bool:
    if principal.is_admin:
        return True
    return transaction_visible(session, principal, LedgerRepository(session).transaction(transaction_id))


def _may_see_account(session: Session, principal: Principal, wallet_id: str | None) -> bool:
    if principal.is_admin:
        return True
    wallet = WalletRepository(session).get(wallet_id) if wallet_id else None
    return wallet is not None and can_see_wallet(principal, wallet)


def one_snapshot(session: Session) -> None:
    """Every read of a verification sees one moment (the head, the links, the counts); SQLite's
    read transaction already does, PostgreSQL's READ COMMITTED would not."""
    if not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

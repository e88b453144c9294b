"""Typed domain errors.

Each error has a stable ``type`` slug (the RFC 9457 ``type`` integrators match on) and states
the fact that stopped the operation, in the spirit of TigerBeetle's result codes. The HTTP layer
maps the four families below to status codes; the domain never mentions HTTP.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    type: str = "domain-error"
    title: str = "The request could not be carried out"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it does."""

    type = "not-found"
    title = "Not found"


class RuleViolation(DomainError):
    """The request is well formed but a rule of the money says no."""

    type = "rule-violation"
    title = "A rule of the ledger refuses this"


class InvalidInput(DomainError):
    """The request's values are not acceptable on their own terms."""

    type = "invalid-input"
    title = "Invalid input"


class Conflict(DomainError):
    """The request clashes with the current state of an object."""

    type = "conflict"
    title = "Conflict"


class Forbidden(DomainError):
    """The caller is known but its role may not do this."""

    type = "forbidden"
    title = "Forbidden"


# --- the ledger's own facts -------------------------------------------------------------


class InvalidAmount(InvalidInput):
    type = "invalid-amount"
    title = "Amounts are positive whole numbers of minor units"


class CurrencyMismatch(InvalidInput):
    type = "currency-mismatch"
    title = "Currencies do not match"


class Unbalanced(InvalidInput):
    type = "unbalanced"
    title = "Debits and credits differ"


class TooFewPostings(InvalidInput):
    type = "too-few-postings"
    title = "A transaction needs at least two postings"


class InsufficientFunds(RuleViolation):
    type = "insufficient-funds"
    title = "Not enough money"

    def __init__(self, detail: str, *, shortfall: int, **extensions: Any) -> None:
        super().__init__(detail, shortfall=shortfall, **extensions)
        self.shortfall = shortfall


class AlreadyReversed(Conflict):
    type = "already-reversed"
    title = "This transaction has already been reversed"


class NotReversible(RuleViolation):
    type = "not-reversible"
    title = "This transaction cannot be reversed"


class AccountNotFound(NotFound):
    type = "account-not-found"
    title = "Account not found"


class TransactionNotFound(NotFound):
    type = "transaction-not-found"
    title = "Transaction not found"


class PendingAlreadyResolved(Conflict):
    type = "pending-already-resolved"
    title = "This pending transaction has already been posted or voided"


class Unauthenticated(DomainError):
    """No key, or a key that is unknown or revoked."""

    type = "unauthenticated"
    title = "A valid API key is required"


class WalletNotFound(NotFound):
    type = "wallet-not-found"
    title = "Wallet not found"


class WalletClosed(RuleViolation):
    type = "wallet-closed"
    title = "This wallet is closed"


class WalletEnded(RuleViolation):
    type = "wallet-ended"
    title = "The wallet has ended"


class ApprovalNotFound(NotFound):
    type = "approval-not-found"
    title = "Approval not found"


class ApprovalAlreadyDecided(Conflict):
    type = "approval-already-decided"
    title = "This payment has already been approved or rejected"

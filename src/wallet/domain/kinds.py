"""Every kind of transaction the service writes, and where each belongs on a statement and in an
export. A kind is declared here once; the use cases post these members, and statements and
exports place a transaction by its kind's entry. A kind missing from ``PLACEMENTS`` stops the
import of this module, so a new kind cannot vanish into "other movements" unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    FUNDING = "funding"
    SCHEDULED_FUNDING = "scheduled_funding"
    PAYMENT = "payment"
    APPROVAL_REQUEST = "approval_request"
    PAYMENT_REJECTED = "payment_rejected"
    HOLD = "hold"
    HOLD_CAPTURE = "hold_capture"
    HOLD_RELEASE = "hold_release"
    HOLD_EXPIRY = "hold_expiry"
    POOL_CONTRIBUTION = "pool_contribution"
    POOL_PAYMENT = "pool_payment"
    POOL_PAYMENT_REQUEST = "pool_payment_request"
    POOL_PAYMENT_REJECTED = "pool_payment_rejected"
    POOL_REFUND = "pool_refund"
    PERIOD_CLOSE = "period_close"
    FINAL_SETTLEMENT = "final_settlement"
    MOVE = "move"
    NET_OFF = "net_off"
    REVERSAL = "reversal"


class Placement(StrEnum):
    """How a kind's posted postings are placed on a statement."""

    MONEY_IN = "money_in"  # by funding source
    MONEY_OUT = "money_out"  # by spending category
    POOLS = "pools"  # a pool line named by ``pool_line``
    BY_DESTINATION = "by_destination"  # where each posting's money went (closes)
    BY_MOVE = "by_move"  # money out of the old wallet, into the new one
    AS_REVERSED = "as_reversed"  # on the line of the transaction it reverses
    PENDING_ONLY = "pending_only"  # reserves or releases money; never a line of its own


@dataclass(frozen=True, slots=True)
class KindEntry:
    placement: Placement
    label: str  # plain words for statements and export narrations
    pool_line: str | None = None


PLACEMENTS: dict[Kind, KindEntry] = {
    Kind.FUNDING: KindEntry(Placement.MONEY_IN, "Money in"),
    Kind.SCHEDULED_FUNDING: KindEntry(Placement.MONEY_IN, "Scheduled money in"),
    Kind.PAYMENT: KindEntry(Placement.MONEY_OUT, "Payment for support"),
    Kind.HOLD_CAPTURE: KindEntry(Placement.MONEY_OUT, "Payment of money set aside"),
    Kind.APPROVAL_REQUEST: KindEntry(Placement.PENDING_ONLY, "Payment waiting for approval"),
    Kind.PAYMENT_REJECTED: KindEntry(Placement.PENDING_ONLY, "Payment not approved"),
    Kind.HOLD: KindEntry(Placement.PENDING_ONLY, "Money set aside"),
    Kind.HOLD_RELEASE: KindEntry(Placement.PENDING_ONLY, "Money set aside released"),
    Kind.HOLD_EXPIRY: KindEntry(Placement.PENDING_ONLY, "Money set aside expired"),
    Kind.POOL_CONTRIBUTION: KindEntry(Placement.POOLS, "Paid into a shared pool", pool_line="contributions"),
    Kind.POOL_PAYMENT: KindEntry(Placement.POOLS, "Payment from a shared pool", pool_line="payments"),
    Kind.POOL_REFUND: KindEntry(Placement.POOLS, "Returned from a shared pool", pool_line="refunds"),
    Kind.POOL_PAYMENT_REQUEST: KindEntry(Placement.PENDING_ONLY, "Pool payment waiting for approval"),
    Kind.POOL_PAYMENT_REJECTED: KindEntry(Placement.PENDING_ONLY, "Pool payment not approved"),
    Kind.PERIOD_CLOSE: KindEntry(Placement.BY_DESTINATION, "Unspent money at the end of a period"),
    Kind.FINAL_SETTLEMENT: KindEntry(Placement.BY_DESTINATION, "Final settlement"),
    Kind.MOVE: KindEntry(Placement.BY_MOVE, "Moved between holders"),
    # Touches only the wallet's cash and the funder's recovered account, never what is held for
    # the person: a statement lists each netted period beside its figures (``netted_off``).
    Kind.NET_OFF: KindEntry(Placement.BY_DESTINATION, "Netted off a funding"),
    Kind.REVERSAL: KindEntry(Placement.AS_REVERSED, "Correction"),
}

_missing = set(Kind) - set(PLACEMENTS)
if _missing:  # pragma: no cover - a programming error, caught on import and by the tests
    raise RuntimeError(f"transaction kinds without a statement placement: {sorted(_missing)}")


# A statement asks this once a posting: a dict lookup, not Enum's constructor and its exception.
_BY_VALUE = {kind.value: kind for kind in Kind}


def kind_of(value: str) -> Kind | None:
    """The kind of a stored transaction; None for a kind this service does not write (a test's)."""
    return _BY_VALUE.get(value)


def entry_of(value: str) -> KindEntry | None:
    kind = kind_of(value)
    return PLACEMENTS[kind] if kind is not None else None


def kinds_placed(placement: Placement) -> frozenset[Kind]:
    """Every kind placed so: ``kinds_placed(Placement.MONEY_IN)`` is every kind of money in."""
    return frozenset(kind for kind, entry in PLACEMENTS.items() if entry.placement is placement)

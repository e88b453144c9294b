"""A wallet's statement for a period of value dates: what came in, what went out, and proof that
it adds up to the penny. Pure: the use case reads the ledger; this module classifies and checks.

Everything held for the person sits in three pots: ``available`` (kept per funding source),
``savings``, and their shares in ``pools``. Each posted posting on one of the wallet's accounts
moves one pot, and lands on a line chosen by what its transaction was for (the kind, or for a
reversal the kind it reverses), its memo and its account. A reversal therefore nets into the line
of the mistake it corrects. Where each kind lands is declared with the kind, in ``kinds.py``; a
kind this service does not write (a test's) lands in "other movements", so the statement still
adds up.

A period close or final settlement moves surplus to several places in one transaction, so its
lines are chosen by where each posting's money went: the other side of the pair it belongs to
(recovered by the funder, paid back to the person, protected savings, the holder's share). A move
to a new holder shows as money out on the old wallet and money in on the new one, each line naming
the other wallet.

Pending postings never move a pot; they are summarised separately as holds and approvals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.errors import InvalidInput
from wallet.domain.kinds import PLACEMENTS, Kind, Placement, entry_of
from wallet.domain.wallet_balances import POOL_SHARE_PREFIX
from wallet.domain.wallet_postings import MANAGEMENT_FEE
from wallet.domain.wallets import Source, WalletAccounts

COVERED_BY_RESERVE = "covered_by_holder_reserve"
UNCATEGORISED = "uncategorised"
SOURCE_NAMES = frozenset(s.value for s in Source)


class Pot(StrEnum):
    AVAILABLE = "available"
    SAVINGS = "savings"
    POOLS = "pools"


class Section(StrEnum):
    """In the order a statement shows them."""

    MONEY_IN = "money_in"
    MOVED_FROM_PREVIOUS_HOLDER = "moved_from_previous_holder"
    MONEY_OUT = "money_out"
    HOLDER_RESERVE = "holder_reserve"
    FEES = "fees"
    POOLS = "pools"
    RECOVERIES = "recoveries"
    REFUNDS = "refunds"
    SAVINGS = "savings"
    EFFICIENCY_SHARE = "efficiency_share"
    MOVED_TO_NEW_HOLDER = "moved_to_new_holder"
    OTHER = "other"


# Money that arrived for the person, as against money moved between their own pots or spent.
ARRIVALS = frozenset({Section.MONEY_IN, Section.MOVED_FROM_PREVIOUS_HOLDER})


class InvalidStatementPeriod(InvalidInput):
    type = "invalid-statement-period"
    title = "A statement period ends on or after the day it starts"


class StatementDoesNotReconcile(Exception):
    """Not a domain error: the ledger's own figures disagree, which is a bug, never bad input."""


def check_period(first_day: date, last_day: date) -> None:
    if last_day < first_day:
        raise InvalidStatementPeriod(f"the period ends on {last_day}, before it starts on {first_day}",
                                     first_day=str(first_day), last_day=str(last_day))


# --- where an account sits ---------------------------------------------------------------------


def pot_of(accounts: WalletAccounts, code: str) -> Pot:
    if code == accounts.savings:
        return Pot.SAVINGS
    if code.startswith(POOL_SHARE_PREFIX):
        return Pot.POOLS
    # The available accounts, and committed / awaiting approval, which only ever hold pending
    # money set aside from what is available.
    return Pot.AVAILABLE


_SOURCES = {source.value: source for source in Source}


def source_of(code: str) -> Source | None:
    """The funding source an account keeps apart (``...:available:<source>``, ``...:share:<wallet>:<source>``)."""
    return _SOURCES.get(code.rsplit(":", 1)[-1])


# --- the lines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementPosting:
    """One posting on one of the wallet's accounts, with what the statement needs of its transaction."""

    transaction_id: str
    kind: str
    reverses_kind: str | None
    account: str
    normal_side: Side
    side: Side
    phase: Phase
    amount: int
    memo: str | None
    # Only for the kinds that need them (``placed_by_destination``, ``placed_by_move``), read from the whole
    # transaction: the account on the other side of this posting's pair (see ``counterparts``),
    # and the wallets a move went from and to (for a reversal, those of the move it reverses).
    counterpart: str | None = None
    moved_from_wallet_id: str | None = None
    moved_to_wallet_id: str | None = None

    @property
    def purpose(self) -> str:
        """What the money moved for: a reversal is filed under what it reverses."""
        if self.kind == Kind.REVERSAL:
            return self.reverses_kind or Kind.REVERSAL
        return self.kind

    @property
    def original_side(self) -> Side:
        """The side this posting had in the transaction it belongs to or reverses."""
        return self.side.opposite if self.kind == Kind.REVERSAL else self.side

    @property
    def destination(self) -> str | None:
        """Where the money of this posting's pair went: the account credited by the original."""
        return self.account if self.original_side is Side.CREDIT else self.counterpart


@dataclass(frozen=True, slots=True)
class Leg:
    """A posting of a whole transaction, for pairing; ``key`` identifies it to the caller."""

    key: int
    account: str
    side: Side
    phase: Phase
    amount: int
    memo: str | None


def counterparts(legs: Sequence[Leg]) -> dict[int, str]:
    """Each posted leg's partner: the nearest earlier unpaired leg on the other side with the same
    amount and memo. The close and move builders write every movement as such a pair, one after
    the other (a reversal keeps the order), so this finds where each pound went. A leg left
    unpaired has no entry, and its line falls back to "other movements"."""
    unpaired: list[Leg] = []
    found: dict[int, str] = {}
    for leg in legs:
        if leg.phase is not Phase.POSTED:
            continue
        partner = next((u for u in reversed(unpaired) if u.side is not leg.side and u.amount == leg.amount
                        and u.memo == leg.memo), None)
        if partner is None:
            unpaired.append(leg)
            continue
        unpaired.remove(partner)
        found[leg.key], found[partner.key] = partner.account, leg.account
    return found


@dataclass(frozen=True, slots=True)
class StatementLine:
    section: Section
    label: str
    pot: Pot
    amount: int  # signed: what it added to (or took from) the pot
    # For a move: the person's wallet at the other holder.
    other_wallet_id: str | None = None


def placed_by_destination(purpose: str) -> bool:
    """Whether a kind's lines need each posting's counterpart (``StatementPosting.counterpart``)."""
    entry = entry_of(purpose)
    return entry is not None and entry.placement is Placement.BY_DESTINATION


def placed_by_move(purpose: str) -> bool:
    """Whether a kind's lines need the wallets it moved between."""
    entry = entry_of(purpose)
    return entry is not None and entry.placement is Placement.BY_MOVE


# The purposes whose lines need the whole transaction (``placed_by_destination``, ``placed_by_move``):
# a database summing postings by line keeps these apart, posting by posting.
WHOLE_TRANSACTION_PURPOSES = frozenset(
    kind.value for kind, entry in PLACEMENTS.items()
    if entry.placement in (Placement.BY_DESTINATION, Placement.BY_MOVE))


def line_for(purpose: str, memo: str | None, account: str) -> tuple[Section, str]:
    """The line of a posting whose kind places it by itself (not by destination or move)."""
    if memo == MANAGEMENT_FEE:
        return Section.FEES, MANAGEMENT_FEE
    entry = entry_of(purpose)
    if entry is None:
        return Section.OTHER, purpose
    if entry.placement is Placement.MONEY_IN:
        return Section.MONEY_IN, by_source(memo, account, purpose)
    if entry.placement is Placement.MONEY_OUT:
        return Section.MONEY_OUT, memo or UNCATEGORISED
    if entry.placement is Placement.POOLS:
        assert entry.pool_line is not None
        return Section.POOLS, entry.pool_line
    # Pending-only kinds never post; if one ever did, its money must still show somewhere.
    return Section.OTHER, purpose


def by_source(memo: str | None, account: str, purpose: str) -> str:
    """The funding source of an account that keeps one; else the memo, which the builders set to
    the source on savings and cash postings."""
    source = source_of(account)
    return source.value if source else (memo or purpose)


def recovery_account(accounts: WalletAccounts) -> str:
    return accounts.funder.recovered


def efficiency_account(accounts: WalletAccounts) -> str:
    return accounts.holder.efficiency_income


def destination_section(accounts: WalletAccounts, destination: str | None) -> Section | None:
    """The line a close's money takes, by the account it went to."""
    if destination is not None and accounts.is_cash(destination):
        return Section.REFUNDS  # the person's own money paid back through the holder's bank
    return {
        recovery_account(accounts): Section.RECOVERIES,
        accounts.savings: Section.SAVINGS,
        efficiency_account(accounts): Section.EFFICIENCY_SHARE,
    }.get(destination or "")


def line_of(accounts: WalletAccounts, posting: StatementPosting) -> tuple[Section, str, str | None]:
    """The line a posting lands on: (section, label, the other wallet of a move)."""
    purpose = posting.purpose
    label = by_source(posting.memo, posting.account, purpose)
    entry = entry_of(purpose)
    placement = entry.placement if entry is not None else None
    if placement is Placement.BY_DESTINATION:
        section = destination_section(accounts, posting.destination)
        return (section, label, None) if section else (Section.OTHER, purpose, None)
    if placement is Placement.BY_MOVE:
        arrived = (posting.moved_to_wallet_id == accounts.wallet_id if posting.moved_to_wallet_id
                   else posting.original_side is Side.CREDIT)
        if arrived:
            return Section.MOVED_FROM_PREVIOUS_HOLDER, label, posting.moved_from_wallet_id
        return Section.MOVED_TO_NEW_HOLDER, label, posting.moved_to_wallet_id
    return (*line_for(purpose, posting.memo, posting.account), None)


def movements(accounts: WalletAccounts, postings: Iterable[StatementPosting]) -> list[StatementLine]:
    """Posted postings summed into lines, in section order then by label, pot and other wallet."""
    sums: dict[tuple[Section, str, Pot, str | None], int] = defaultdict(int)
    for posting in postings:
        if posting.phase is not Phase.POSTED:
            continue
        section, label, other_wallet = line_of(accounts, posting)
        pot = pot_of(accounts, posting.account)
        if posting.normal_side is Side.CREDIT:
            sums[(section, label, pot, other_wallet)] += posting.amount if posting.side is Side.CREDIT else -posting.amount
        else:
            # A debit-normal account (the holder's reserve draw) holds nothing for the person:
            # show the full cost on its line and what the reserve covered beside it, netting to nil.
            covered = posting.amount if posting.side is Side.DEBIT else -posting.amount
            sums[(section, label, pot, other_wallet)] -= covered
            sums[(Section.HOLDER_RESERVE, COVERED_BY_RESERVE, pot, None)] += covered
    order = list(Section)
    keys = sorted(sums, key=lambda key: (order.index(key[0]), key[1], key[2], key[3] or ""))
    return [StatementLine(*key[:3], sums[key], key[3]) for key in keys]


# --- balances at the edges of the period -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Holdings:
    """Everything held for the person at a moment, posted money only, by pot."""

    by_source: dict[str, int]
    available: int
    savings: int
    pools: int

    @property
    def total(self) -> int:
        return self.available + self.savings + self.pools

    def pot(self, pot: Pot) -> int:
        return {Pot.AVAILABLE: self.available, Pot.SAVINGS: self.savings, Pot.POOLS: self.pools}[pot]


def holdings(accounts: WalletAccounts, states: Mapping[str, AccountState]) -> Holdings:
    pots: dict[Pot, int] = defaultdict(int)
    by_source = {s.value: 0 for s in Source}
    for code, state in states.items():
        if state.normal_side is not Side.CREDIT:
            continue
        pots[pot_of(accounts, code)] += state.balance
        source = accounts.source_of(code)
        if source is not None:
            by_source[source.value] += state.balance
    return Holdings(by_source, pots[Pot.AVAILABLE], pots[Pot.SAVINGS], pots[Pot.POOLS])


def pending_in(states: Mapping[str, AccountState], code: str) -> int:
    state = states.get(code)
    return state.pending_in if state else 0


# --- pending money: holds and approvals --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HoldActivity:
    at_start: int
    placed: int
    captured: int
    sent_for_approval: int
    released: int
    at_end: int

    @property
    def adds_up(self) -> bool:
        return self.at_start + self.placed - self.captured - self.sent_for_approval - self.released == self.at_end


@dataclass(frozen=True, slots=True)
class ApprovalActivity:
    at_start: int
    requested: int
    approved: int
    rejected: int
    at_end: int

    @property
    def adds_up(self) -> bool:
        return self.at_start + self.requested - self.approved - self.rejected == self.at_end


@dataclass(frozen=True, slots=True)
class PendingLeg:
    """A posting of a transaction that reserves or releases money, as pending activity needs it."""

    transaction_id: str
    account: str
    side: Side
    phase: Phase
    amount: int


def _total(postings: Iterable[StatementPosting | PendingLeg], account: str, phase: Phase, side: Side) -> int:
    return sum(p.amount for p in postings if p.account == account and p.phase is phase and p.side is side)


def _pending_activity(accounts: WalletAccounts, postings: Sequence[StatementPosting | PendingLeg],
                      opening: Mapping[str, AccountState], closing: Mapping[str, AccountState]
                      ) -> tuple[HoldActivity, ApprovalActivity]:
    """How money set aside moved. A transaction that releases a reservation pays part of it,
    forwards part to awaiting approval (a capture that needs approval), and gives back the rest."""
    by_transaction: dict[str, list[StatementPosting | PendingLeg]] = defaultdict(list)
    for posting in postings:
        by_transaction[posting.transaction_id].append(posting)
    placed = captured = forwarded = released = 0
    requested = approved = rejected = 0
    for lines in by_transaction.values():
        hold_resolved = _total(lines, accounts.committed, Phase.RELEASE, Side.CREDIT)
        approval_resolved = _total(lines, accounts.awaiting_approval, Phase.RELEASE, Side.CREDIT)
        now_awaiting = _total(lines, accounts.awaiting_approval, Phase.PENDING, Side.CREDIT)
        paid = sum(p.amount for p in lines if p.phase is Phase.POSTED and p.side is Side.DEBIT
                   and (accounts.source_of(p.account) is not None or p.account == accounts.reserve_draw))
        placed += _total(lines, accounts.committed, Phase.PENDING, Side.CREDIT)
        requested += now_awaiting
        if hold_resolved:
            captured += paid
            forwarded += now_awaiting
            released += hold_resolved - paid - now_awaiting
        if approval_resolved:
            approved += paid
            rejected += approval_resolved - paid
    return (
        HoldActivity(pending_in(opening, accounts.committed), placed, captured, forwarded, released,
                     pending_in(closing, accounts.committed)),
        ApprovalActivity(pending_in(opening, accounts.awaiting_approval), requested, approved, rejected,
                         pending_in(closing, accounts.awaiting_approval)),
    )


# --- the statement -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    first_day: date
    last_day: date
    opening: Holdings
    lines: tuple[StatementLine, ...]
    closing: Holdings
    holds: HoldActivity
    approvals: ApprovalActivity
    # The wallet's maintained balances, when no posting is dated after the period: the closing
    # must then equal them, which checks the sums of history against the running totals.
    current: Holdings | None = None
    # Every payment on its own, when the caller listed them (``with_payments``): they must then
    # add up to the lines they make up. ``more_payments``: only a page of them is listed (the
    # rest follow by cursor), so the check waits for a complete list.
    payments: tuple[ItemisedPayment, ...] | None = None
    more_payments: bool = False

    @property
    def movement(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def came_in(self) -> int:
        """Money that arrived for the person: fundings, and what a previous holder passed on."""
        return sum(line.amount for line in self.lines if line.section in ARRIVALS)

    @property
    def has_payments(self) -> bool:
        """Whether any line is made of payments: every payment's postings make one (even a
        payment and its correction, netting to nil), so without such a line there are none."""
        return any(itemised_line(line.section, line.label) is not None for line in self.lines)

    @property
    def itemised_total(self) -> int:
        """What the lines made of payments come to (signed: negative took money from the person),
        whether or not every payment is listed; reconciled, it is what the payments add up to."""
        return sum(line.amount for line in self.lines if itemised_line(line.section, line.label) is not None)

    def section_totals(self) -> dict[Section, int]:
        totals: dict[Section, int] = {}
        for line in self.lines:
            totals[line.section] = totals.get(line.section, 0) + line.amount
        return totals

    def total_of(self, section: Section, pot: Pot | None = None) -> int:
        """One section's lines, on one pot if named: a move into savings nets to nil across pots,
        so what reached savings is its savings-pot lines."""
        return sum(line.amount for line in self.lines if line.section is section and pot in (None, line.pot))

    def discrepancies(self) -> list[str]:
        found = []
        if self.opening.total + self.movement != self.closing.total:
            found.append(f"opening {self.opening.total} + movements {self.movement} != closing {self.closing.total}")
        for pot in Pot:
            moved = sum(line.amount for line in self.lines if line.pot is pot)
            opened, closed = self.opening.pot(pot), self.closing.pot(pot)
            if opened + moved != closed:
                found.append(f"{pot.value}: opening {opened} + movements {moved} != closing {closed}")
        if self.current is not None and self.current != self.closing:
            found.append(f"closing {self.closing} != the wallet's balances {self.current}")
        if not self.holds.adds_up:
            found.append(f"holds do not add up: {self.holds}")
        if not self.approvals.adds_up:
            found.append(f"approvals do not add up: {self.approvals}")
        if self.payments is not None and not self.more_payments:
            for section in ITEMISED_SECTIONS:
                listed = sum(p.amount for p in self.payments if p.section is section)
                booked = sum(line.amount for line in self.lines if itemised_line(line.section, line.label) is section)
                if listed != booked:
                    found.append(f"{section.value}: the payments listed come to {listed}, the lines to {booked}")
        return found

    @property
    def reconciled(self) -> bool:
        return not self.discrepancies()


def build_statement(accounts: WalletAccounts, first_day: date, last_day: date, *,
                    opening: Mapping[str, AccountState], closing: Mapping[str, AccountState],
                    postings: Sequence[StatementPosting],
                    current: Mapping[str, AccountState] | None = None,
                    pending: Sequence[PendingLeg] | None = None) -> Statement:
    """``opening`` and ``closing`` are the wallet's accounts summed up to the day before the period
    and up to its last day; ``postings`` are every posting dated within it.

    A caller that sums in the database passes instead, as ``postings``, the posted postings of
    each line summed into one (same purpose, memo, account and side: their line is decided by
    those alone), with the postings of closes and moves on their own; and as ``pending`` every
    posting of the transactions that reserve or release money, which are all that the holds and
    approvals are made of."""
    check_period(first_day, last_day)
    holds, approvals = _pending_activity(accounts, postings if pending is None else pending, opening, closing)
    return Statement(
        first_day, last_day, holdings(accounts, opening), tuple(movements(accounts, postings)),
        holdings(accounts, closing), holds, approvals,
        holdings(accounts, current) if current is not None else None,
    )


def require_reconciled(statement: Statement) -> Statement:
    problems = statement.discrepancies()
    if problems:
        period = f"{statement.first_day}..{statement.last_day}"
        raise StatementDoesNotReconcile(f"the statement for {period} does not add up: " + "; ".join(problems))
    return statement


# --- every payment on its own ------------------------------------------------------------------

# Where payments land: money out, and the person's part of what a shared pool paid.
POOL_PAYMENTS = "payments"
ITEMISED_SECTIONS = (Section.MONEY_OUT, Section.POOLS)


def itemised_line(section: Section, label: str) -> Section | None:
    """The section a line's payments are listed under, if it is made of payments."""
    if section is Section.MONEY_OUT or (section is Section.POOLS and label == POOL_PAYMENTS):
        return section
    return None


@dataclass(frozen=True, slots=True)
class ItemisedPayment:
    transaction_id: str
    effective_date: date
    kind: str  # the transaction's own kind: a correction stays a reversal
    section: Section
    category: str
    payee: str | None
    amount: int  # signed as the lines are: negative took money from the person
    pool_id: str | None = None
    service_from: date | None = None  # the days the support was given, when the payment said
    service_to: date | None = None
    hours: str | None = None  # a timesheet's hours ("7.50") and rate, in pence an hour
    rate: int | None = None

"""The statement's classification and checks, on postings made by the domain's own builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from wallet.domain.accounts import AccountState, Side
from wallet.domain.postings import Posting, credit, debit, release_postings, reversal_postings
from wallet.domain.statements import (
    InvalidStatementPeriod,
    Pot,
    Section,
    StatementDoesNotReconcile,
    StatementPosting,
    build_statement,
    line_for,
    require_reconciled,
)
from wallet.domain.wallet_postings import Cover, funding_postings, payment_postings, reservation_postings, settle_reservation
from wallet.domain.wallets import Arrangement, Source, WalletAccounts

ACCOUNTS = WalletAccounts("w1", "f1", "h1", Arrangement.ISF)
POOL_SHARE = "pool:p1:share:w1:funder"
START, END = date(2026, 4, 1), date(2026, 4, 30)


@dataclass
class Ledger:
    """An in-memory journal of one wallet, enough to feed a statement."""

    entries: list[tuple[str, str, str | None, date, tuple[Posting, ...]]] = field(default_factory=list)

    def post(self, kind: str, on: date, postings: list[Posting] | tuple[Posting, ...],
             reverses_kind: str | None = None) -> tuple[Posting, ...]:
        self.entries.append((f"t{len(self.entries)}", kind, reverses_kind, on, tuple(postings)))
        return tuple(postings)

    def normal_side(self, code: str) -> Side:
        own = {c: side for c, side, _ in ACCOUNTS.own_accounts()}
        return own.get(code, Side.CREDIT if code.startswith(("wallet:", "pool:")) else Side.DEBIT)

    def wallet_codes(self) -> list[str]:
        return [c for c, _, _ in ACCOUNTS.own_accounts()] + [POOL_SHARE]

    def states(self, through: date) -> dict[str, AccountState]:
        states = {code: AccountState(i, code, "GBP", self.normal_side(code)) for i, code in enumerate(self.wallet_codes())}
        for _, _, _, on, postings in self.entries:
            for p in postings:
                if on <= through and p.account in states:
                    states[p.account] = states[p.account].apply(p.side, p.phase, p.amount, p.currency)
        return states

    def between(self, first: date, last: date) -> list[StatementPosting]:
        return [
            StatementPosting(tid, kind, reverses_kind, p.account, self.normal_side(p.account), p.side, p.phase,
                             p.amount, p.memo)
            for tid, kind, reverses_kind, on, postings in self.entries if first <= on <= last
            for p in postings if p.account in self.wallet_codes()
        ]

    def statement(self, first: date = START, last: date = END, *, current: bool = True):  # type: ignore[no-untyped-def]
        return build_statement(ACCOUNTS, first, last, opening=self.states(date.fromordinal(first.toordinal() - 1)),
                               closing=self.states(last), postings=self.between(first, last),
                               current=self.states(date.max) if current else None)


def test_lines_are_chosen_by_purpose_memo_and_account() -> None:
    available = ACCOUNTS.available(Source.NHS)
    assert line_for("funding", "nhs", available) == (Section.MONEY_IN, "nhs")
    assert line_for("scheduled_funding", "nhs", available) == (Section.MONEY_IN, "nhs")
    assert line_for("funding", "management_fee", available) == (Section.FEES, "management_fee")
    assert line_for("hold_capture", "invoice", available) == (Section.MONEY_OUT, "invoice")
    assert line_for("recovery", None, available) == (Section.RECOVERIES, "nhs")
    assert line_for("pool_refund", "nhs", POOL_SHARE) == (Section.POOLS, "refunds")
    assert line_for("savings_transfer", None, ACCOUNTS.savings) == (Section.SAVINGS, "transfers")
    assert line_for("efficiency_share", None, available) == (Section.OTHER, "efficiency_share")


def test_reversals_net_into_the_line_they_correct_even_for_kinds_not_yet_invented() -> None:
    ledger = Ledger()
    ledger.post("funding", START, funding_postings(ACCOUNTS, Source.FUNDER, 100000, 5000))
    payment = ledger.post("payment", date(2026, 4, 3), payment_postings(ACCOUNTS, Cover(((Source.FUNDER, 20000),), 0), "respite"))
    ledger.post("reversal", date(2026, 4, 4), reversal_postings(payment), reverses_kind="payment")
    bonus = ledger.post("efficiency_share", date(2026, 4, 5), [debit(ACCOUNTS.available(Source.FUNDER), 3000),
                                                                  credit(ACCOUNTS.savings, 1000), credit("holder:h1:income", 2000)])
    ledger.post("reversal", date(2026, 4, 6), reversal_postings(bonus), reverses_kind="efficiency_share")
    ledger.post("recovery", date(2026, 4, 7), [debit(ACCOUNTS.available(Source.FUNDER), 4000), credit("funder:f1:cash", 4000)])
    statement = require_reconciled(ledger.statement())
    lines = {(line.section, line.label, line.pot): line.amount for line in statement.lines}
    assert lines == {
        (Section.MONEY_IN, "funder", Pot.AVAILABLE): 100000,
        (Section.FEES, "management_fee", Pot.AVAILABLE): -5000,
        (Section.MONEY_OUT, "respite", Pot.AVAILABLE): 0,
        (Section.OTHER, "efficiency_share", Pot.AVAILABLE): 0,
        (Section.OTHER, "efficiency_share", Pot.SAVINGS): 0,
        (Section.RECOVERIES, "funder", Pot.AVAILABLE): -4000,
    }
    assert statement.closing.total == 91000


def test_transfers_between_the_persons_pots_move_pots_not_the_total() -> None:
    ledger = Ledger()
    ledger.post("funding", date(2026, 3, 20), funding_postings(ACCOUNTS, Source.FUNDER, 50000, 0))
    ledger.post("pool_contribution", START, [debit(ACCOUNTS.available(Source.FUNDER), 8000, memo="funder"),
                                             credit(POOL_SHARE, 8000, memo="funder")])
    ledger.post("savings_transfer", START, [debit(ACCOUNTS.available(Source.FUNDER), 2000), credit(ACCOUNTS.savings, 2000)])
    ledger.post("pool_payment", date(2026, 4, 2), [debit(POOL_SHARE, 3000, memo="cooking"), credit("holder:h1:client_bank", 3000)])
    statement = require_reconciled(ledger.statement())
    assert statement.opening.total == 50000 and statement.movement == -3000
    assert (statement.closing.available, statement.closing.savings, statement.closing.pools) == (40000, 2000, 5000)
    assert statement.section_totals() == {Section.POOLS: -3000, Section.SAVINGS: 0}


def test_holds_and_approvals_are_followed_through_their_pending_life() -> None:
    ledger = Ledger()
    ledger.post("funding", date(2026, 3, 1), funding_postings(ACCOUNTS, Source.FUNDER, 100000, 0))
    early = ledger.post("hold", date(2026, 3, 30), reservation_postings(ACCOUNTS, Cover(((Source.FUNDER, 10000),), 0),
                                                                         ACCOUNTS.committed, "wages"))
    big = ledger.post("hold", date(2026, 4, 2), reservation_postings(ACCOUNTS, Cover(((Source.FUNDER, 40000),), 0),
                                                                      ACCOUNTS.committed, "equipment"))
    ledger.post("hold_release", date(2026, 4, 3), settle_reservation(ACCOUNTS, early, 0, "wages"))
    # A capture that needs approval: the held money moves on to awaiting approval, 30000 of 40000.
    waiting = ledger.post("approval_request", date(2026, 4, 4), [
        *release_postings(big),
        *reservation_postings(ACCOUNTS, Cover(((Source.FUNDER, 30000),), 0), ACCOUNTS.awaiting_approval, "equipment")])
    ledger.post("payment", date(2026, 4, 5), settle_reservation(ACCOUNTS, waiting, 30000, "equipment"))
    ledger.post("hold", date(2026, 4, 6), reservation_postings(ACCOUNTS, Cover(((Source.FUNDER, 5000),), 0),
                                                               ACCOUNTS.committed, "invoice"))
    statement = require_reconciled(ledger.statement())
    holds, approvals = statement.holds, statement.approvals
    assert (holds.at_start, holds.placed, holds.captured, holds.sent_for_approval, holds.released, holds.at_end) == (
        10000, 45000, 0, 30000, 20000, 5000)
    assert (approvals.at_start, approvals.requested, approvals.approved, approvals.rejected, approvals.at_end) == (
        0, 30000, 30000, 0, 0)
    assert statement.closing.total == 70000
    assert all(line.amount for line in statement.lines if line.section is Section.MONEY_OUT)


def test_figures_that_disagree_are_refused() -> None:
    ledger = Ledger()
    ledger.post("funding", START, funding_postings(ACCOUNTS, Source.FUNDER, 1000, 0))
    honest = ledger.statement()
    lost = build_statement(ACCOUNTS, START, END, opening=ledger.states(date(2026, 3, 31)), closing=ledger.states(END),
                           postings=[])
    assert honest.reconciled and not lost.reconciled
    with pytest.raises(StatementDoesNotReconcile, match="opening 0 \\+ movements 0 != closing 1000"):
        require_reconciled(lost)
    # The sums of history must also meet the running totals when nothing is dated later.
    ledger.post("funding", date(2026, 5, 2), funding_postings(ACCOUNTS, Source.FUNDER, 500, 0))
    assert not ledger.statement().reconciled and ledger.statement(current=False).reconciled


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidStatementPeriod):
        Ledger().statement(END, START)


def test_pending_postings_never_make_lines() -> None:
    ledger = Ledger()
    ledger.post("funding", START, funding_postings(ACCOUNTS, Source.FUNDER, 1000, 0))
    ledger.post("hold", START, reservation_postings(ACCOUNTS, Cover(((Source.FUNDER, 400),), 0), ACCOUNTS.committed, "x"))
    statement = require_reconciled(ledger.statement())
    assert [(line.section, line.amount) for line in statement.lines] == [(Section.MONEY_IN, 1000)]
    assert statement.holds.at_end == 400 and statement.closing.available == 1000

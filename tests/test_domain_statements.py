"""The statement's classification and checks, on postings made by the domain's own builders."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.moves import move_postings
from wallet.domain.policies import Policy, ShareSplit, SurplusAction
from wallet.domain.postings import Posting, credit, debit, release_postings, reversal_postings
from wallet.domain.statements import (
    InvalidStatementPeriod,
    Leg,
    Pot,
    Section,
    StatementDoesNotReconcile,
    StatementPosting,
    build_statement,
    counterparts,
    line_for,
    line_of,
    require_reconciled,
)
from wallet.domain.unspent import final_settlement, plan
from wallet.domain.wallet_postings import (
    Cover,
    funding_postings,
    payment_postings,
    reservation_postings,
    settle_reservation,
)
from wallet.domain.wallets import Arrangement, Source, WalletAccounts

ACCOUNTS = WalletAccounts("w1", "f1", "h1", Arrangement.ISF)
RECOVERED, EFFICIENCY = "funder:f1:recovered", "holder:h1:efficiency_income"
POOL_SHARE = "pool:p1:share:w1:funder"
START, END = date(2026, 4, 1), date(2026, 4, 30)


@dataclass
class Ledger:
    """An in-memory journal of one wallet, enough to feed a statement."""

    entries: list[tuple[str, str, str | None, date, tuple[Posting, ...]]] = field(default_factory=list)
    # A move's (from, to) wallets by transaction id, as the journal keeps them in its details.
    moves: dict[str, tuple[str, str]] = field(default_factory=dict)

    def post(self, kind: str, on: date, postings: list[Posting] | tuple[Posting, ...],
             reverses_kind: str | None = None, moved: tuple[str, str] | None = None) -> tuple[Posting, ...]:
        if moved:
            self.moves[f"t{len(self.entries)}"] = moved
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
        """What the journal repository reads: the wallet's postings, each with its counterpart, and
        a move's wallets (post a move's reversal with the move's own)."""
        found = []
        for tid, kind, reverses_kind, on, postings in self.entries:
            if not first <= on <= last:
                continue
            partners = counterparts([Leg(i, p.account, p.side, p.phase, p.amount, p.memo) for i, p in enumerate(postings)])
            moved = self.moves.get(tid, (None, None))
            found += [StatementPosting(tid, kind, reverses_kind, p.account, self.normal_side(p.account), p.side,
                                       p.phase, p.amount, p.memo, partners.get(i), *moved)
                      for i, p in enumerate(postings) if p.account in self.wallet_codes()]
        return found

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
    assert line_for("pool_contribution", "nhs", POOL_SHARE) == (Section.POOLS, "contributions")
    assert line_for("pool_refund", "nhs", POOL_SHARE) == (Section.POOLS, "refunds")
    # A kind that only reserves money has no line of its own; a posted posting of one still shows.
    assert line_for("hold", None, ACCOUNTS.committed) == (Section.OTHER, "hold")
    assert line_for("efficiency_share", None, available) == (Section.OTHER, "efficiency_share")


def test_reversals_net_into_the_line_they_correct_even_for_kinds_not_yet_invented() -> None:
    ledger = Ledger()
    ledger.post("funding", START, funding_postings(ACCOUNTS, Source.FUNDER, 100000, 5000))
    payment = ledger.post("payment", date(2026, 4, 3), payment_postings(ACCOUNTS, Cover(((Source.FUNDER, 20000),), 0), "respite"))
    ledger.post("reversal", date(2026, 4, 4), reversal_postings(payment), reverses_kind="payment")
    bonus = ledger.post("efficiency_share", date(2026, 4, 5), [debit(ACCOUNTS.available(Source.FUNDER), 3000),
                                                                  credit(ACCOUNTS.savings, 1000), credit("holder:h1:income", 2000)])
    ledger.post("reversal", date(2026, 4, 6), reversal_postings(bonus), reverses_kind="efficiency_share")
    ledger.post("period_close", date(2026, 4, 7), [debit(ACCOUNTS.available(Source.FUNDER), 4000, memo="funder"),
                                                   credit("funder:f1:recovered", 4000, memo="funder")])
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
    ledger.post("period_close", START, [debit(ACCOUNTS.available(Source.FUNDER), 2000, memo="funder"),
                                        credit(ACCOUNTS.savings, 2000, memo="funder")])
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


# --- life events: closes and moves --------------------------------------------------------------

SHARE = Policy(surplus_action=SurplusAction.SHARE, share_split=ShareSplit(4000, 3000, 3000))


def lines_by_key(statement) -> dict[tuple[Section, str, Pot], int]:  # type: ignore[no-untyped-def]
    return {(line.section, line.label, line.pot): line.amount for line in statement.lines}


def test_counterparts_pair_each_movement_with_its_other_side() -> None:
    closing = plan(ACCOUNTS, {Source.FUNDER: 100001, Source.TOP_UP: 500}, SHARE,
                   recovery_account=RECOVERED, efficiency_account=EFFICIENCY).postings
    legs = [Leg(i, p.account, p.side, p.phase, p.amount, p.memo) for i, p in enumerate(closing)]
    found = counterparts(legs)
    # Two 30000 legs from the same account go to different places: each finds its own partner.
    assert [(closing[i].account, found[i]) for i in range(0, len(closing), 2)] == [
        (ACCOUNTS.available(Source.FUNDER), ACCOUNTS.savings),
        (ACCOUNTS.available(Source.FUNDER), EFFICIENCY),
        (ACCOUNTS.available(Source.FUNDER), RECOVERED),
        (ACCOUNTS.available(Source.TOP_UP), ACCOUNTS.savings),
    ]
    assert all(found[found_key + 1] == closing[found_key].account for found_key in range(0, len(closing), 2))
    reversed_legs = [Leg(i, p.account, p.side, p.phase, p.amount, p.memo) for i, p in enumerate(reversal_postings(closing))]
    assert counterparts(reversed_legs) == found
    # A leg with no partner (or a pending one) has none, and never borrows another's.
    odd = [Leg(0, "a", Side.DEBIT, Phase.POSTED, 5, None), Leg(1, "b", Side.CREDIT, Phase.POSTED, 4, None),
           Leg(2, "c", Side.CREDIT, Phase.PENDING, 5, None)]
    assert counterparts(odd) == {}


def test_a_close_lands_where_its_money_went_and_its_reversal_on_the_same_lines() -> None:
    ledger = Ledger()
    ledger.post("funding", date(2026, 3, 2), funding_postings(ACCOUNTS, Source.FUNDER, 100001, 0))
    ledger.post("funding", date(2026, 3, 2), funding_postings(ACCOUNTS, Source.PERSON_CONTRIBUTION, 2000, 0))
    recover = Policy(surplus_action=SurplusAction.RECOVER)
    first = ledger.post("period_close", date(2026, 3, 31), plan(
        ACCOUNTS, {Source.FUNDER: 1, Source.PERSON_CONTRIBUTION: 2000}, recover,
        recovery_account=RECOVERED, efficiency_account=EFFICIENCY).postings)
    ledger.post("period_close", START, plan(ACCOUNTS, {Source.FUNDER: 100000}, SHARE, recovery_account=RECOVERED,
                                            efficiency_account=EFFICIENCY).postings)
    march = require_reconciled(ledger.statement(date(2026, 3, 1), date(2026, 3, 31), current=False))
    assert lines_by_key(march) == {
        (Section.MONEY_IN, "funder", Pot.AVAILABLE): 100001,
        (Section.MONEY_IN, "person_contribution", Pot.AVAILABLE): 2000,
        (Section.RECOVERIES, "funder", Pot.AVAILABLE): -1,
        (Section.REFUNDS, "person_contribution", Pot.AVAILABLE): -2000,
    }
    april = require_reconciled(ledger.statement())
    assert lines_by_key(april) == {
        (Section.RECOVERIES, "funder", Pot.AVAILABLE): -30000,
        (Section.SAVINGS, "funder", Pot.AVAILABLE): -40000,
        (Section.SAVINGS, "funder", Pot.SAVINGS): 40000,
        (Section.EFFICIENCY_SHARE, "funder", Pot.AVAILABLE): -30000,
    }
    assert april.total_of(Section.SAVINGS) == 0 and april.total_of(Section.SAVINGS, Pot.SAVINGS) == 40000
    ledger.post("reversal", date(2026, 4, 2), reversal_postings(first), reverses_kind="period_close")
    undone = require_reconciled(ledger.statement(date(2026, 4, 2), date(2026, 4, 2), current=False))
    assert lines_by_key(undone) == {key: -amount for key, amount in lines_by_key(march).items()
                                    if key[0] is not Section.MONEY_IN}


def test_a_final_settlement_takes_savings_out_by_where_they_go() -> None:
    ledger = Ledger()
    ledger.post("funding", date(2026, 3, 2), funding_postings(ACCOUNTS, Source.FUNDER, 50000, 0))
    ledger.post("funding", date(2026, 3, 2), funding_postings(ACCOUNTS, Source.TOP_UP, 700, 0))
    ledger.post("period_close", date(2026, 3, 31), plan(
        ACCOUNTS, {Source.FUNDER: 20000, Source.TOP_UP: 700}, Policy(surplus_action=SurplusAction.SAVINGS),
        recovery_account=RECOVERED, efficiency_account=EFFICIENCY).postings)
    ledger.post("final_settlement", date(2026, 4, 30), final_settlement(
        ACCOUNTS, {Source.FUNDER: 30000}, {Source.FUNDER: 20000, Source.TOP_UP: 700},
        recovery_account=RECOVERED, after_death=False).postings)
    statement = require_reconciled(ledger.statement())
    assert lines_by_key(statement) == {
        (Section.RECOVERIES, "funder", Pot.AVAILABLE): -30000,
        (Section.RECOVERIES, "funder", Pot.SAVINGS): -20000,
        (Section.REFUNDS, "top_up", Pot.SAVINGS): -700,
    }
    assert statement.closing.total == 0 and statement.opening.savings == 20700


def test_a_move_is_money_out_of_the_old_wallet_and_into_the_new() -> None:
    new = WalletAccounts("w2", "f1", "h2", Arrangement.ISF)
    ledger = Ledger()
    ledger.post("funding", date(2026, 3, 2), funding_postings(ACCOUNTS, Source.FUNDER, 9000, 0))
    ledger.post("period_close", date(2026, 3, 3), [debit(ACCOUNTS.available(Source.FUNDER), 4000, memo="funder"),
                                                   credit(ACCOUNTS.savings, 4000, memo="funder")])
    move = ledger.post("move", START, move_postings(ACCOUNTS, new, {Source.FUNDER: 5000}, {Source.FUNDER: 4000}),
                       moved=("w1", "w2"))
    statement = require_reconciled(ledger.statement())
    assert [(line.section, line.label, line.pot, line.amount, line.other_wallet_id) for line in statement.lines] == [
        (Section.MOVED_TO_NEW_HOLDER, "funder", Pot.AVAILABLE, -5000, "w2"),
        (Section.MOVED_TO_NEW_HOLDER, "funder", Pot.SAVINGS, -4000, "w2"),
    ]
    assert statement.came_in == 0 and statement.closing.total == 0
    # The new wallet's side of the same transaction, and of its reversal; without the journal's
    # details the direction still follows the original side of the posting.
    arriving = [p for p in move if p.account.startswith("wallet:w2:")]
    for moved, reversed_too in ((("w1", "w2"), False), ((None, None), False), (("w1", "w2"), True)):
        for p in arriving:
            posting = StatementPosting("t", "move", None, p.account, Side.CREDIT, p.side, p.phase, p.amount, p.memo,
                                       None, *moved)
            if reversed_too:
                posting = replace(posting, kind="reversal", reverses_kind="move", side=p.side.opposite)
            section, label, other = line_of(new, posting)
            assert (section, label) == (Section.MOVED_FROM_PREVIOUS_HOLDER, "funder")
            assert other == moved[0]

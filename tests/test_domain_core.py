"""The pure domain core: money, postings, balances and allocation, without a database."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.allocation import allocate, allocate_equally
from wallet.domain.errors import (
    CurrencyMismatch,
    InsufficientFunds,
    InvalidAmount,
    InvalidInput,
    NotReversible,
    TooFewPostings,
    Unbalanced,
)
from wallet.domain.money import Money
from wallet.domain.postings import (
    Posting,
    TransactionDraft,
    apply_postings,
    credit,
    debit,
    release_postings,
    reversal_postings,
)

DAY = date(2026, 4, 6)


def draft(*postings: Posting) -> TransactionDraft:
    return TransactionDraft(kind="test", effective_date=DAY, postings=postings)


def accounts_fixture() -> dict[str, AccountState]:
    return {
        "bank": AccountState(1, "bank", "GBP", Side.DEBIT),
        "person": AccountState(2, "person", "GBP", Side.CREDIT, must_not_go_negative=True),
        "payee": AccountState(3, "payee", "GBP", Side.CREDIT),
    }


class TestMoney:
    def test_refuses_floats_and_bools(self) -> None:
        with pytest.raises(InvalidAmount):
            Money(10.5)  # type: ignore[arg-type]
        with pytest.raises(InvalidAmount):
            Money(True)  # type: ignore[arg-type]

    def test_refuses_mixed_currencies(self) -> None:
        with pytest.raises(CurrencyMismatch):
            Money(100, "GBP") + Money(100, "EUR")

    def test_prints_pounds_and_pence(self) -> None:
        assert str(Money(3500000)) == "35,000.00 GBP"
        assert str(Money(-5)) == "-0.05 GBP"


class TestTransactions:
    def test_unbalanced_is_refused(self) -> None:
        with pytest.raises(Unbalanced) as raised:
            draft(debit("bank", 100), credit("person", 99))
        assert raised.value.extensions["differences"] == {"posted GBP": 1}

    @pytest.mark.parametrize("amount", [0, -1, -100])
    def test_zero_and_negative_postings_are_refused(self, amount: int) -> None:
        with pytest.raises(InvalidAmount):
            debit("bank", amount)

    def test_a_single_posting_is_refused(self) -> None:
        with pytest.raises(TooFewPostings):
            draft(debit("bank", 100))

    def test_each_currency_balances_on_its_own(self) -> None:
        with pytest.raises(Unbalanced):
            draft(debit("bank", 100, currency="GBP"), credit("person", 100, currency="EUR"))

    def test_pending_and_posted_balance_separately(self) -> None:
        with pytest.raises(Unbalanced):
            draft(debit("person", 100, phase=Phase.PENDING), credit("payee", 100))

    def test_must_not_go_negative_names_the_shortfall(self) -> None:
        funded, _ = apply_postings(accounts_fixture(), draft(debit("bank", 500), credit("person", 500)).postings)
        with pytest.raises(InsufficientFunds) as raised:
            apply_postings(funded, draft(debit("person", 800), credit("payee", 800)).postings)
        assert raised.value.shortfall == 300

    def test_pending_money_is_not_available(self) -> None:
        funded, _ = apply_postings(accounts_fixture(), draft(debit("bank", 500), credit("person", 500)).postings)
        held, _ = apply_postings(funded, draft(
            debit("person", 400, phase=Phase.PENDING), credit("payee", 400, phase=Phase.PENDING)).postings)
        assert held["person"].balance == 500
        assert held["person"].available == 100
        with pytest.raises(InsufficientFunds) as raised:
            apply_postings(held, draft(debit("person", 200), credit("payee", 200)).postings)
        assert raised.value.shortfall == 100

    def test_release_and_partial_post_of_a_pending_transaction(self) -> None:
        funded, _ = apply_postings(accounts_fixture(), draft(debit("bank", 500), credit("person", 500)).postings)
        pending = draft(debit("person", 400, phase=Phase.PENDING), credit("payee", 400, phase=Phase.PENDING))
        held, _ = apply_postings(funded, pending.postings)
        capture = draft(*release_postings(pending.postings), debit("person", 250), credit("payee", 250))
        after, _ = apply_postings(held, capture.postings)
        assert after["person"].balance == 250
        assert after["person"].available == 250
        assert after["person"].debits_pending == 0

    def test_reversal_swaps_every_posted_posting(self) -> None:
        original = draft(debit("bank", 500, memo="funder"), credit("person", 500, memo="funder"))
        reversed_ = reversal_postings(original.postings)
        assert [(p.account, p.side, p.amount, p.memo) for p in reversed_] == [
            ("bank", Side.CREDIT, 500, "funder"), ("person", Side.DEBIT, 500, "funder")]

    def test_pending_transactions_are_not_reversed(self) -> None:
        with pytest.raises(NotReversible):
            reversal_postings(draft(debit("person", 1, phase=Phase.PENDING),
                                    credit("payee", 1, phase=Phase.PENDING)).postings)


ACCOUNTS = ["bank", "person", "payee", "fees"]


@st.composite
def transactions(draw: st.DrawFn) -> TransactionDraft:
    legs = draw(st.lists(st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS),
                                   st.integers(1, 10**9)), min_size=1, max_size=4))
    postings: list[Posting] = []
    for source, target, amount in legs:
        postings += [debit(source, amount), credit(target, amount)]
    return draft(*postings)


@given(st.lists(transactions(), max_size=30))
def test_any_sequence_of_valid_transactions_sums_to_zero(drafts: list[TransactionDraft]) -> None:
    state = {code: AccountState(i, code, "GBP", Side.CREDIT) for i, code in enumerate(ACCOUNTS)}
    for transaction in drafts:
        state, _ = apply_postings(state, transaction.postings)
        assert sum(a.net_posted for a in state.values()) == 0
    for transaction in reversed(drafts):
        state, _ = apply_postings(state, reversal_postings(transaction.postings))
    assert all(a.net_posted == 0 for a in state.values())


class TestAllocation:
    def test_pounds_split_three_ways(self) -> None:
        assert allocate_equally(10000, 3) == [3334, 3333, 3333]

    def test_the_same_inputs_give_the_same_parts(self) -> None:
        assert allocate(100, [1, 1, 1, 1, 1, 1, 1]) == [15, 15, 14, 14, 14, 14, 14]
        assert allocate(-100, [1, 1, 1]) == [-34, -33, -33]

    def test_refuses_nonsense_weights(self) -> None:
        for weights in ([], [0, 0], [-1, 2], [1.5]):
            with pytest.raises(InvalidInput):
                allocate(100, weights)  # type: ignore[arg-type]

    @given(st.integers(-10**12, 10**12), st.lists(st.integers(0, 10**6), min_size=1, max_size=12)
           .filter(lambda ws: sum(ws) > 0))
    def test_parts_sum_exactly_and_stay_within_a_penny(self, total: int, weights: list[int]) -> None:
        parts = allocate(total, weights)
        assert sum(parts) == total
        assert len(parts) == len(weights)
        for part, weight in zip(parts, weights):
            exact = Fraction(total * weight, sum(weights))
            assert abs(part - exact) < 1
            if weight == 0:
                assert part == 0

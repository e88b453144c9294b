"""``AccountState.apply``: one posting moves exactly one of the four totals, by its amount
(pending up, a release back down), and nothing else about the account."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.errors import CurrencyMismatch


def reference(state: AccountState, side: Side, phase: Phase, amount: int) -> AccountState:
    """The rule as first written."""
    field = f"{side.value}s_{'posted' if phase is Phase.POSTED else 'pending'}"
    delta = -amount if phase is Phase.RELEASE else amount
    return replace(state, **{field: getattr(state, field) + delta})


totals = st.integers(0, 10**12)
states = st.builds(AccountState, id=st.integers(1, 10**6), code=st.text(min_size=1, max_size=8), currency=st.just("GBP"),
                   normal_side=st.sampled_from(Side), must_not_go_negative=st.booleans(), debits_posted=totals,
                   credits_posted=totals, debits_pending=totals, credits_pending=totals)


@given(states, st.sampled_from(Side), st.sampled_from(Phase), st.integers(1, 10**12))
def test_apply_moves_one_total_by_the_amount(state: AccountState, side: Side, phase: Phase, amount: int) -> None:
    assert state.apply(side, phase, amount, "GBP") == reference(state, side, phase, amount)


def test_apply_refuses_another_currency() -> None:
    with pytest.raises(CurrencyMismatch):
        AccountState(1, "bank", "GBP", Side.DEBIT).apply(Side.DEBIT, Phase.POSTED, 5, "EUR")

"""The pure rules of unspent money: FIFO ages, contingency, surplus and the plan's postings."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wallet.domain.policies import parse_policy
from wallet.domain.postings import check_balanced
from wallet.domain.unspent import assess, plan, unspent_lots
from wallet.domain.wallets import Arrangement, Source, WalletAccounts

DAY = date(2026, 1, 5)
ACCOUNTS = WalletAccounts("w", "f", "h", Arrangement.ISF)


def test_spending_takes_the_oldest_money_first() -> None:
    lots = unspent_lots([(Source.FUNDER, DAY, 100), (Source.FUNDER, DAY + timedelta(7), 100),
                         (Source.FUNDER, DAY + timedelta(8), -150)])
    assert [(lot.received_on, lot.amount) for lot in lots] == [(DAY + timedelta(7), 50)]


def test_spending_dated_before_its_funding_is_carried_not_lost() -> None:
    lots = unspent_lots([(Source.FUNDER, DAY, -30), (Source.FUNDER, DAY + timedelta(1), 100)])
    assert sum(lot.amount for lot in lots) == 70


movements = st.lists(st.tuples(st.sampled_from(list(Source)), st.integers(0, 90), st.integers(-50_000, 100_000)
                               .filter(bool)), max_size=25)


@given(movements)
def test_lots_always_add_up_to_the_balance(raw: list[tuple[Source, int, int]]) -> None:
    ordered = sorted(((s, DAY + timedelta(d), a) for s, d, a in raw), key=lambda m: m[1])
    balance: dict[Source, int] = {}
    for source, _, amount in ordered:
        balance[source] = balance.get(source, 0) + amount
    lots = unspent_lots(ordered)
    for source in Source:
        in_lots = sum(lot.amount for lot in lots if lot.source is source)
        assert in_lots == max(balance.get(source, 0), 0)


@given(movements, st.integers(0, 10), st.one_of(st.none(), st.integers(1, 12)),
       st.sampled_from(["recover", "savings", "share", "carry_forward"]), st.integers(0, 100_000))
def test_the_plan_is_balanced_and_never_takes_more_than_is_there(raw, weeks, max_age, action, weekly) -> None:  # type: ignore[no-untyped-def]
    rules = {"contingency_weeks": weeks, "surplus_max_age_weeks": max_age, "surplus_action": action}
    if action == "share":
        rules["share_split"] = {"person": 4000, "holder": 3000, "funder": 3000}
    policy = parse_policy(rules)
    lots = unspent_lots(sorted(((s, DAY + timedelta(d), a) for s, d, a in raw), key=lambda m: m[1]))
    assessment = assess(lots, policy, weekly, DAY + timedelta(100))
    assert 0 <= assessment.surplus <= assessment.available
    assert assessment.contingency_kept + assessment.surplus == assessment.available
    assert sum(assessment.surplus_by_source.values()) == assessment.surplus
    result = plan(ACCOUNTS, assessment.surplus_by_source, policy, recovery_account="r", efficiency_account="e")
    if result.postings:
        check_balanced(result.postings)
    moved = result.recovered + result.refunded_to_person + result.to_savings + result.to_holder
    assert moved == (0 if action == "carry_forward" else assessment.surplus)

"""The one spending decision, and the one list of transaction kinds. Pure: no database."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

import pytest

import wallet.domain.kinds as kinds_module
from wallet.domain.errors import InsufficientFunds, InvalidInput, WalletEnded
from wallet.domain.kinds import PLACEMENTS, Kind, Placement
from wallet.domain.policies import CategoryBlocked, parse_policy
from wallet.domain.spending import ApprovalReason, Spend, SpendKind, WalletState, decide_spend
from wallet.domain.statements import Section, line_for
from wallet.domain.wallet_postings import MANAGEMENT_FEE, Cover, funding_postings
from wallet.domain.wallets import FEE_BEARING_SOURCES, Arrangement, Source, WalletAccounts

OPENED = date(2026, 4, 6)
POLICY = parse_policy({"blocked_categories": ["Gambling"], "approval_categories": ["Day Trips"],
                       "approval_threshold": 60000, "spend_order": ["person_contribution"]})
FUNDS = {Source.FUNDER: 100000, Source.PERSON_CONTRIBUTION: 2000}


def wallet(**changes) -> WalletState:  # type: ignore[no-untyped-def]
    return WalletState(**{"wallet_id": "w1", "opened_on": OPENED, "funds": FUNDS, **changes})


def spend(kind: SpendKind = SpendKind.PAYMENT, amount: int = 5000, category: str = "personal_assistant",
          on: date = date(2026, 4, 10)) -> Spend:
    return Spend(kind, amount, category, on)


def test_a_payment_is_covered_in_the_spend_order() -> None:
    decision = decide_spend(POLICY, wallet(), spend(amount=5000))
    assert decision.cover == Cover(((Source.PERSON_CONTRIBUTION, 2000), (Source.FUNDER, 3000)), 0)
    assert decision.approval is None and decision.category == "personal_assistant"


@pytest.mark.parametrize("kind", list(SpendKind))
def test_a_blocked_category_refuses_every_way_of_spending(kind: SpendKind) -> None:
    state = wallet(held=Cover(((Source.FUNDER, 5000),), 0))
    with pytest.raises(CategoryBlocked) as refused:
        decide_spend(POLICY, state, spend(kind, category=" GAMBLING "))
    assert refused.value.extensions["category"] == "gambling"


def test_why_a_spend_waits() -> None:
    by_category = decide_spend(POLICY, wallet(), spend(category="day-trips"))
    assert by_category.approval is not None and by_category.approval.reason is ApprovalReason.CATEGORY
    by_threshold = decide_spend(POLICY, wallet(funds={Source.FUNDER: 100000}), spend(amount=60001))
    assert by_threshold.approval is not None and by_threshold.approval.reason is ApprovalReason.THRESHOLD
    assert decide_spend(POLICY, wallet(), spend(amount=60000)).approval is None
    # A hold only sets money aside: the capture is what waits.
    assert decide_spend(POLICY, wallet(), spend(SpendKind.HOLD, category="day trips")).approval is None
    capture = decide_spend(POLICY, wallet(held=Cover(((Source.FUNDER, 3000),), 0)),
                           spend(SpendKind.HOLD_CAPTURE, amount=2000, category="Day Trips"))
    assert capture.approval is not None and capture.cover == Cover(((Source.FUNDER, 2000),), 0)


def test_after_a_death_payments_wait_for_the_funder_and_holds_are_refused() -> None:
    died = wallet(ended_on=date(2026, 5, 1), closure_reason="death")
    later = date(2026, 5, 8)
    for kind in (SpendKind.PAYMENT, SpendKind.POOL_PART):
        decision = decide_spend(POLICY, died, spend(kind, on=later))
        assert decision.approval is not None and decision.approval.reason is ApprovalReason.AFTER_DEATH
    with pytest.raises(WalletEnded):
        decide_spend(POLICY, died, spend(SpendKind.HOLD, on=later))
    ended = wallet(ended_on=date(2026, 5, 1), closure_reason="ended")
    with pytest.raises(WalletEnded):
        decide_spend(POLICY, ended, spend(on=later))
    assert decide_spend(POLICY, ended, spend(on=date(2026, 5, 1))).approval is None  # the last day is still open
    with pytest.raises(InvalidInput):
        decide_spend(POLICY, wallet(), spend(on=date(2026, 4, 5)))


def test_shortfalls_and_the_holders_reserve() -> None:
    with pytest.raises(InsufficientFunds) as short:
        decide_spend(POLICY, wallet(), spend(amount=102001))
    assert short.value.shortfall == 1
    reserve = parse_policy({"overspend": "holder_reserve", "overspend_limit": 5000})
    decision = decide_spend(reserve, wallet(reserve_used=1000), spend(amount=106000))
    assert decision.reserve_drawn == 4000 and decision.cover.total == 106000
    with pytest.raises(InsufficientFunds):  # the reserve never backs a hold
        decide_spend(reserve, wallet(), spend(SpendKind.HOLD, amount=102001))
    with pytest.raises(InsufficientFunds) as member:
        decide_spend(POLICY, wallet(funds={Source.FUNDER: 100}), spend(SpendKind.POOL_PART, amount=150))
    assert member.value.shortfall == 50 and member.value.extensions["wallet_id"] == "w1"


def test_every_kind_has_a_place_on_a_statement() -> None:
    assert set(PLACEMENTS) == set(Kind)
    for kind, entry in PLACEMENTS.items():
        assert entry.label, kind
        section, _ = line_for(kind, "memo", "wallet:w1:available:funder")
        if entry.placement in (Placement.MONEY_IN, Placement.MONEY_OUT, Placement.POOLS):
            assert section is not Section.OTHER, kind


def test_a_kind_without_a_place_stops_the_service_from_starting() -> None:
    source = Path(kinds_module.__file__).read_text()
    with_new_kind = source.replace('    REVERSAL = "reversal"\n', '    REVERSAL = "reversal"\n    BONUS = "bonus"\n')
    assert with_new_kind != source
    module = types.ModuleType("kinds_with_a_new_kind")
    sys.modules[module.__name__] = module  # dataclasses look their module up while the class is made
    try:
        with pytest.raises(RuntimeError, match="bonus"):
            exec(compile(with_new_kind, "kinds_with_a_new_kind.py", "exec"), module.__dict__)
    finally:
        del sys.modules[module.__name__]


def test_use_cases_post_only_declared_kinds() -> None:
    """No use case spells a kind as a string of its own any more."""
    root = Path(kinds_module.__file__).parents[1] / "usecases"
    for path in root.rglob("*.py"):
        text = path.read_text()
        for kind in Kind:
            assert f'= "{kind.value}"' not in text, f"{path.name} spells the kind {kind.value!r} itself"


def test_a_fee_is_only_ever_posted_on_the_accounts_the_fees_charged_are_read_from() -> None:
    """The fee cap reads a year's fees from the fee-bearing accounts only (``fee_bearing``): a
    fee on any other source's money would be missed by it, so none can be posted."""
    accounts = WalletAccounts("w1", "council", "provider", Arrangement.ISF)
    assert set(accounts.fee_bearing) == {accounts.available(s) for s in FEE_BEARING_SOURCES}
    for source in Source:
        if source in FEE_BEARING_SOURCES:
            named = {p.account for p in funding_postings(accounts, source, 10_000, 500) if p.memo == MANAGEMENT_FEE}
            assert named == {accounts.available(source), accounts.fee_income}
        else:
            assert not [p for p in funding_postings(accounts, source, 10_000, 0) if p.memo == MANAGEMENT_FEE]
            with pytest.raises(ValueError):
                funding_postings(accounts, source, 10_000, 500)

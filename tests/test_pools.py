"""Pooled budgets through the HTTP API: the four case studies, exact splits, privacy, membership."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.scenario import Council
from tests.support import Api, balances


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def _wallets(council: Council, names: list[str], weekly: int, **rules) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = council.policy(f"policy-{'-'.join(names)}", **rules)
    wallets = {name: council.wallet(policy, person_ref=f"P-{name}") for name in names}
    for wallet in wallets.values():
        council.fund(wallet, weekly * 4)
    return wallets


def _pool(council: Council, name: str, split: str, members: list[dict]) -> str:  # type: ignore[type-arg]
    response = council.api.post("/v1/pools", council.holder_key,
                                {"name": name, "split": split, "members": members, "joined_on": "2026-04-06"})
    assert response.status == 201, response.body
    return str(response.body["id"])


def _contribute_all(council: Council, pool: str, day: date, amount: int | None = None) -> None:
    body = {"effective_date": day.isoformat(), **({"amount": amount} if amount else {})}
    response = council.api.post(f"/v1/pools/{pool}/contributions", council.holder_key, body)
    assert response.status == 201, response.body


def _pay(council: Council, pool: str, amount: int, day: date, category: str = "shared_support"):  # type: ignore[no-untyped-def]
    return council.api.post(f"/v1/pools/{pool}/payments", council.holder_key,
                            {"amount": amount, "category": category, "effective_date": day.isoformat()})


def _shares(council: Council, pool: str) -> dict[str, int]:
    body = council.api.get(f"/v1/pools/{pool}", council.holder_key).body
    assert body["balance"] == sum(m["share"] for m in body["members"])
    return {m["person_ref"]: m["share"] for m in body["members"]}


WEEKS = [date(2026, 4, 6) + timedelta(weeks=w) for w in range(4)]


def test_david_and_richard_pay_40_a_week_each_for_a_driver(council: Council) -> None:
    wallets = _wallets(council, ["David", "Richard"], weekly=35000)
    pool = _pool(council, "Driver, 6 hours a week", "fixed",
                 [{"wallet_id": wallets["David"], "amount": 4000}, {"wallet_id": wallets["Richard"], "amount": 4000}])
    for week in WEEKS:
        _contribute_all(council, pool, week)
        assert _pay(council, pool, 8000, week + timedelta(days=3), "transport").status == 201
    assert _shares(council, pool) == {"P-David": 0, "P-Richard": 0}
    for wallet in wallets.values():
        assert council.balances(wallet)["available"] == 140000 - 4 * 4000
        assert council.balances(wallet)["in_pools"] == 0
    member = council.api.get(f"/v1/pools/{pool}", council.holder_key).body["members"][0]
    assert (member["contributed"], member["spent"], member["refunded"]) == (16000, 16000, 0)


def test_lauren_and_priya_share_a_personal_assistant_8_hours_a_week(council: Council) -> None:
    wallets = _wallets(council, ["Lauren", "Priya"], weekly=20000)
    pool = _pool(council, "Shared PA", "equal",
                 [{"wallet_id": wallets["Lauren"]}, {"wallet_id": wallets["Priya"]}])
    for week in WEEKS:
        _contribute_all(council, pool, week, amount=12001)  # an odd penny: 60.01 + 60.00
        assert _pay(council, pool, 12000, week + timedelta(days=4), "personal_assistant").status == 201
    shares = _shares(council, pool)
    assert sorted(shares.values()) == [0, 4]
    assert sum(shares.values()) == 4
    assert sum(council.balances(w)["available"] for w in wallets.values()) == 2 * 80000 - 4 * 12001


def test_andrew_and_mark_pay_25_each_for_a_50_cooking_session_twice_a_week(council: Council) -> None:
    wallets = _wallets(council, ["Andrew", "Mark"], weekly=30000)
    pool = _pool(council, "Cooking sessions", "fixed",
                 [{"wallet_id": wallets["Andrew"], "amount": 5000}, {"wallet_id": wallets["Mark"], "amount": 5000}])
    for week in WEEKS:
        _contribute_all(council, pool, week)
        for day in (1, 4):
            response = _pay(council, pool, 5000, week + timedelta(days=day), "activities")
            assert response.status == 201
            assert sorted(response.body["parts"].values()) == [2500, 2500]
    assert _shares(council, pool) == {"P-Andrew": 0, "P-Mark": 0}
    for wallet in wallets.values():
        assert council.balances(wallet)["available"] == 120000 - 4 * 5000


def test_ben_maria_lucy_and_kai_share_a_120_trainer_twice_a_week(council: Council) -> None:
    names = ["Ben", "Maria", "Lucy", "Kai"]
    wallets = _wallets(council, names, weekly=25000)
    pool = _pool(council, "Personal trainer", "equal", [{"wallet_id": wallets[n]} for n in names])
    for week in WEEKS[:3]:
        _contribute_all(council, pool, week, amount=24000)
        for day in (2, 5):
            response = _pay(council, pool, 12000, week + timedelta(days=day), "fitness")
            assert response.status == 201 and sorted(response.body["parts"].values()) == [3000] * 4
    assert set(_shares(council, pool).values()) == {0}
    for wallet in wallets.values():
        assert council.balances(wallet)["available"] == 100000 - 3 * 6000
    # Alone it was £40 each; together £30: the statement of money saved is the holder's to tell.


@pytest.mark.parametrize("members, parts", [
    (3, [3334, 3333, 3333]),
    (7, [1429, 1429, 1429, 1429, 1428, 1428, 1428]),
])
def test_splitting_never_loses_or_invents_a_penny(council: Council, members: int, parts: list[int]) -> None:
    wallets = _wallets(council, [f"M{i}" for i in range(members)], weekly=10000)
    pool = _pool(council, "Split", "equal", [{"wallet_id": w} for w in wallets.values()])
    _contribute_all(council, pool, WEEKS[0], amount=members * 7000)
    first = _pay(council, pool, 10000, WEEKS[0])
    second = _pay(council, pool, 10000, WEEKS[1])
    assert first.status == second.status == 201
    by_wallet = dict(sorted(first.body["parts"].items()))
    assert list(by_wallet.values()) == parts
    assert first.body["parts"] == second.body["parts"], "the same split every time"
    assert sum(_shares(council, pool).values()) == members * 7000 - 20000
    assert sum(balances(council.api.database).values()) == 0


def test_a_short_share_refuses_the_payment_naming_each_shortfall(council: Council) -> None:
    wallets = _wallets(council, ["A", "B", "C"], weekly=10000)
    pool = _pool(council, "Short", "equal", [{"wallet_id": w} for w in wallets.values()])
    for name, amount in (("A", 5000), ("B", 1000), ("C", 2000)):
        council.api.post(f"/v1/pools/{pool}/contributions", council.holder_key,
                         {"wallet_id": wallets[name], "amount": amount, "effective_date": "2026-04-06"})
    response = _pay(council, pool, 9000, WEEKS[0])
    assert response.status == 422 and response.body["type"] == "insufficient-funds"
    assert response.body["shortfall"] == 3000
    assert {s["wallet_id"]: s["shortfall"] for s in response.body["shortfalls"]} == {
        wallets["B"]: 2000, wallets["C"]: 1000}
    assert sum(_shares(council, pool).values()) == 8000


def test_each_members_funder_rules_apply_to_their_part(api: Api) -> None:
    first = Council.create(api, "First Council")
    second = Council.create(api, "Second Council")
    second.accredit(first.holder_id)
    strict = second.policy("strict", blocked_categories=["alcohol"], approval_threshold=2000)
    a = first.wallet(first.policy(), person_ref="P-A")
    b = second.wallet(strict, person_ref="P-B", holder_id=first.holder_id)
    first.fund(a, 20000)
    second.fund(b, 20000)
    pool = _pool(first, "Mixed", "equal", [{"wallet_id": a}, {"wallet_id": b}])
    _contribute_all(first, pool, WEEKS[0], amount=10000)
    blocked = _pay(first, pool, 1000, WEEKS[0], "alcohol")
    assert blocked.status == 422 and blocked.body["type"] == "category-blocked"
    waiting = _pay(first, pool, 5000, WEEKS[0], "outing")
    assert waiting.status == 202 and [x["wallet_id"] for x in waiting.body["approvals"]] == [b]
    approval = waiting.body["approvals"][0]["id"]
    assert api.post(f"/v1/approvals/{approval}/approve", first.funder_key).status == 404
    decided = api.post(f"/v1/approvals/{approval}/approve", second.funder_key, {"reason": "fine"})
    assert decided.status == 200 and decided.body["pool_payment"]["status"] == "posted"
    assert sum(_shares(first, pool).values()) == 5000
    rejected_payment = _pay(first, pool, 4400, WEEKS[1], "outing")
    rejected = api.post(f"/v1/approvals/{rejected_payment.body['approvals'][0]['id']}/reject", second.funder_key)
    assert rejected.status == 200 and rejected.body["pool_payment"]["status"] == "rejected"
    assert sum(_shares(first, pool).values()) == 5000


def test_a_pool_transaction_is_reversed_only_by_whoever_answers_for_every_member_it_touched(api: Api) -> None:
    first = Council.create(api, "First Council")
    second = Council.create(api, "Second Council")
    second.accredit(first.holder_id)
    a = first.wallet(first.policy(), person_ref="P-A")
    b = second.wallet(second.policy(), person_ref="P-B", holder_id=first.holder_id)
    first.fund(a, 20000)
    second.fund(b, 20000)
    pool = _pool(first, "Mixed", "equal", [{"wallet_id": a}, {"wallet_id": b}])
    _contribute_all(first, pool, WEEKS[0], amount=10000)
    paid = _pay(first, pool, 3000, WEEKS[0])
    assert paid.status == 201, paid.body
    url = f"/v1/transactions/{paid.body['transaction']['id']}/reversals"
    # Each council funds only one of the two members: reversing would touch the other's money too.
    for funder in (first, second):
        assert api.post(url, funder.funder_key, {"reason": "wrong pool"}).status in (403, 404)
    reversed_ = api.post(url, first.holder_key, {"reason": "wrong pool"})
    assert reversed_.status == 201, reversed_.body
    assert sum(_shares(first, pool).values()) == 10000


def test_leaving_returns_the_unspent_share_and_later_payments_split_over_the_rest(council: Council) -> None:
    wallets = _wallets(council, ["A", "B", "C"], weekly=10000)
    pool = _pool(council, "Leavers", "equal", [{"wallet_id": w} for w in wallets.values()])
    _contribute_all(council, pool, WEEKS[0], amount=9000)
    assert _pay(council, pool, 3000, WEEKS[0]).status == 201
    left = council.api.call("DELETE", f"/v1/pools/{pool}/members/{wallets['C']}", key=council.holder_key,
                            params={"effective_date": WEEKS[1].isoformat()})
    assert left.status == 200
    assert sum(p["amount"] for p in left.body["transaction"]["postings"] if p["side"] == "credit") == 2000
    assert council.balances(wallets["C"])["available"] == 40000 - 1000
    later = _pay(council, pool, 3000, WEEKS[2])
    assert later.status == 201 and set(later.body["parts"]) == {wallets["A"], wallets["B"]}
    closed = council.api.post(f"/v1/pools/{pool}/close", council.holder_key, {"effective_date": WEEKS[3].isoformat()})
    assert closed.status == 200
    for name in ("A", "B"):
        assert council.balances(wallets[name])["available"] == 40000 - 3000 + 500
        assert council.balances(wallets[name])["in_pools"] == 0
    body = council.api.get(f"/v1/pools/{pool}", council.holder_key).body
    assert body["status"] == "closed" and body["balance"] == 0
    assert _pay(council, pool, 100, WEEKS[3]).status == 422


def test_a_person_sees_their_own_share_and_the_pools_totals_only(council: Council) -> None:
    wallets = _wallets(council, ["A", "B"], weekly=10000)
    pool = _pool(council, "Private", "equal", [{"wallet_id": w} for w in wallets.values()])
    _contribute_all(council, pool, WEEKS[0], amount=6000)
    payment = _pay(council, pool, 4000, WEEKS[0]).body
    person_a = council.api.key_for(council.funder_id, "person", wallet_id=wallets["A"], issuer=council.funder_key)
    view = council.api.get(f"/v1/pools/{pool}", person_a).body
    assert [m["person_ref"] for m in view["members"]] == ["P-A"]
    assert view["balance"] == 2000 and view["member_count"] == 2
    assert set(view["payments"][0]["parts"]) == {wallets["A"]}
    txn = council.api.get(f"/v1/transactions/{payment['transaction']['id']}", person_a).body
    accounts = {p["account"] for p in txn["postings"]}
    assert not any(wallets["B"] in a for a in accounts)
    assert set(txn["details"]["parts"]) == {wallets["A"]}
    assert "P-B" not in str(view) + str(txn)
    outsider = council.wallet(council.policy("other"), person_ref="P-X")
    person_x = council.api.key_for(council.funder_id, "person", wallet_id=outsider, issuer=council.funder_key)
    assert council.api.get(f"/v1/pools/{pool}", person_x).status == 404


def test_money_goes_only_to_a_pool_its_owner_belongs_to(council: Council) -> None:
    wallets = _wallets(council, ["In", "Out"], weekly=10000)
    pool = _pool(council, "Members only", "equal", [{"wallet_id": wallets["In"]}])
    response = council.api.post(f"/v1/pools/{pool}/contributions", council.holder_key,
                                {"wallet_id": wallets["Out"], "amount": 1000, "effective_date": "2026-04-06"})
    assert response.status == 422 and response.body["type"] == "restricted-funds"
    assert council.balances(wallets["Out"])["available"] == 40000


def test_pools_take_only_the_holders_own_wallets(api: Api) -> None:
    first = Council.create(api, "First")
    second = Council.create(api, "Second")
    theirs = second.wallet()
    response = api.post("/v1/pools", first.holder_key, {"name": "x", "split": "equal", "joined_on": "2026-04-06",
                                                        "members": [{"wallet_id": theirs}]})
    assert response.status == 404 and response.body["type"] == "wallet-not-found"
    bad_terms = api.post("/v1/pools", first.holder_key, {"name": "x", "split": "weights", "joined_on": "2026-04-06",
                                                         "members": [{"wallet_id": first.wallet()}]})
    assert bad_terms.status == 422

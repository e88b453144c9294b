"""Unspent funds and period close through the HTTP API: reviewed proposals, then confirmation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, balances

WEEKLY = 35000


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def _wallet(council: Council, opened_on: str = "2026-01-05", **rules: Any) -> str:
    wallet = council.wallet(council.policy(f"p{len(council.policies)}", **rules), opened_on=opened_on)
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {
        "amount": WEEKLY, "source": "funder", "every": "1w", "in_advance": True, "starts_on": opened_on})
    assert response.status == 201, response.body
    return wallet


def _propose(council: Council, wallet: str, period_end: str) -> dict[str, Any]:
    response = council.api.post("/v1/period-closes", council.funder_key, {"period_end": period_end, "wallet_ids": [wallet]})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def _confirm(council: Council, close_id: str, **body: Any):  # type: ignore[no-untyped-def]
    return council.api.post(f"/v1/period-closes/{close_id}/confirm", council.funder_key, body)


def _recovered(council: Council) -> int:
    return -balances(council.api.database).get(f"funder:{council.funder_id}:recovered", 0)


def test_an_eight_week_contingency_with_the_surplus_recovered(council: Council) -> None:
    wallet = _wallet(council, contingency_weeks=8, surplus_action="recover")
    council.fund(wallet, 400000, on="2026-01-05")
    close = _propose(council, wallet, "2026-03-29")
    item = close["items"][0]
    assert (item["available"], item["contingency_cap"], item["contingency_kept"], item["surplus"]) == (
        400000, 8 * WEEKLY, 8 * WEEKLY, 120000)
    assert item["recovered"] == 120000 and "recovered by the funder" in item["reason"]
    assert council.balances(wallet)["available"] == 400000, "a proposal moves nothing"
    confirmed = _confirm(council, close["id"])
    assert confirmed.status == 200 and confirmed.body["status"] == "confirmed"
    assert council.balances(wallet)["available"] == 8 * WEEKLY
    assert _recovered(council) == 120000


def test_a_four_week_cap_with_a_twelve_week_maximum_age(council: Council) -> None:
    wallet = _wallet(council, contingency_weeks=4, surplus_max_age_weeks=12, surplus_action="recover")
    council.fund(wallet, 100000, on="2026-01-05")  # unspent for 16 weeks by the period end
    council.fund(wallet, 50000, on="2026-04-06")
    item = _propose(council, wallet, "2026-04-27")["items"][0]
    assert (item["available"], item["contingency_cap"], item["over_cap"], item["aged"]) == (150000, 140000, 10000, 100000)
    assert item["surplus"] == 100000 and "more than 12 weeks" in item["reason"]


def test_surplus_is_balance_minus_committed_costs_minus_contingency(council: Council) -> None:
    wallet = _wallet(council, contingency_weeks=4, surplus_action="recover")
    council.fund(wallet, 200000, on="2026-01-05")
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 30000, "category": "invoice"})
    assert hold.status == 201
    item = _propose(council, wallet, "2026-02-01")["items"][0]
    assert (item["available"], item["committed"], item["contingency_kept"], item["surplus"]) == (
        170000, 30000, 140000, 200000 - 30000 - 140000)


def test_a_40_30_30_efficiency_share_sums_exactly(council: Council) -> None:
    wallet = _wallet(council, surplus_action="share", share_split={"person": 4000, "holder": 3000, "funder": 3000})
    council.fund(wallet, 100001, on="2026-01-05")
    close = _propose(council, wallet, "2026-02-01")
    item = close["items"][0]
    assert item["surplus"] == 100001
    assert (item["to_savings"], item["to_holder"], item["recovered"]) == (40001, 30000, 30000)
    assert _confirm(council, close["id"]).status == 200
    after = council.balances(wallet)
    assert (after["available"], after["savings"]) == (0, 40001)
    ledger = balances(council.api.database)
    assert -ledger[f"holder:{council.holder_id}:efficiency_income"] == 30000
    assert _recovered(council) == 30000
    assert sum(ledger.values()) == 0


def test_the_persons_own_contribution_is_refunded_not_recovered(council: Council) -> None:
    wallet = _wallet(council, surplus_action="recover")
    council.fund(wallet, 10000, on="2026-01-05")
    council.fund(wallet, 5000, source="person_contribution", on="2026-01-05")
    close = _propose(council, wallet, "2026-02-01")
    item = close["items"][0]
    assert (item["recovered"], item["refunded_to_person"]) == (10000, 5000)
    assert _confirm(council, close["id"]).status == 200
    assert _recovered(council) == 10000
    refund = [p for p in item["postings"] if p["memo"] == "person_contribution" and p["side"] == "credit"]
    assert refund == [{"account": f"holder:{council.holder_id}:client_bank:wallet:{wallet}", "side": "credit", "amount": 5000,
                       "memo": "person_contribution"}]


def test_carry_forward_moves_nothing(council: Council) -> None:
    wallet = _wallet(council, surplus_action="carry_forward")
    council.fund(wallet, 90000, on="2026-01-05")
    close = _propose(council, wallet, "2026-02-01")
    assert close["items"][0]["postings"] == [] and close["items"][0]["surplus"] == 90000
    assert _confirm(council, close["id"]).status == 200
    assert council.balances(wallet)["available"] == 90000


def test_confirming_twice_moves_money_once(council: Council) -> None:
    wallet = _wallet(council, surplus_action="recover")
    council.fund(wallet, 50000, on="2026-01-05")
    close = _propose(council, wallet, "2026-02-01")
    first = _confirm(council, close["id"])
    second = _confirm(council, close["id"])  # a new Idempotency-Key: the close itself is idempotent
    assert first.status == second.status == 200
    assert first.body["items"][0]["transaction_id"] == second.body["items"][0]["transaction_id"]
    assert _recovered(council) == 50000 and council.balances(wallet)["available"] == 0


def test_a_stale_proposal_is_refused(council: Council) -> None:
    wallet = _wallet(council, surplus_action="recover")
    other = _wallet(council, surplus_action="recover")
    council.fund(wallet, 50000, on="2026-01-05")
    council.fund(other, 50000, on="2026-01-05")
    response = council.api.post("/v1/period-closes", council.funder_key, {"period_end": "2026-02-01"})
    close = response.body
    assert {i["wallet_id"] for i in close["items"]} == {wallet, other}
    assert council.pay(wallet, 1000, on="2026-01-20").status == 201
    refused = _confirm(council, close["id"])
    assert refused.status == 409 and refused.body["type"] == "proposal-stale"
    assert refused.body["wallet_ids"] == [wallet]
    assert council.balances(other)["available"] == 50000, "nothing moved"
    partial = _confirm(council, close["id"], skip_stale=True)
    statuses = {i["wallet_id"]: i["status"] for i in partial.body["items"]}
    assert statuses == {wallet: "stale", other: "confirmed"}
    assert council.balances(wallet)["available"] == 49000 and council.balances(other)["available"] == 0


def test_alerts_for_surplus_underspend_and_review(council: Council) -> None:
    wallet = _wallet(council, contingency_weeks=1, underspend_alert={"percent": 50, "periods": 2},
                     first_review_weeks=6)
    for period_end, funded_on in (("2026-02-01", "2026-01-05"), ("2026-03-01", "2026-02-02")):
        council.fund(wallet, 140000, on=funded_on)
        close = _propose(council, wallet, period_end)
        assert _confirm(council, close["id"]).status == 200
    kinds = sorted(a["kind"] for a in council.api.get("/v1/alerts", council.funder_key).body["items"])
    assert kinds == ["review_due", "surplus_over_cap", "surplus_over_cap", "underspend"]
    again = _propose(council, wallet, "2026-03-01")  # the same period again raises nothing new
    assert again["items"][0]["over_cap"] > 0
    assert len(council.api.get("/v1/alerts", council.funder_key).body["items"]) == 4


# --- the life of a wallet --------------------------------------------------------------------


def _held(council: Council, wallet: str) -> int:
    return int(council.balances(wallet)["total"])


def test_an_ended_wallet_returns_what_is_left_by_source(council: Council) -> None:
    wallet = _wallet(council, contingency_weeks=8, surplus_action="carry_forward")
    council.fund(wallet, 100000, on="2026-01-05")
    council.fund(wallet, 6000, source="person_contribution", on="2026-01-05")
    ended = council.api.post(f"/v1/wallets/{wallet}/closure", council.funder_key,
                             {"reason": "ended", "effective_date": "2026-02-28"})
    assert ended.status == 200 and ended.body["closed_on"] == "2026-02-28"
    assert council.pay(wallet, 1000, on="2026-02-27").status == 201
    late = council.pay(wallet, 1000, on="2026-03-02")
    assert late.status == 422 and late.body["type"] == "wallet-ended"
    close = _propose(council, wallet, "2026-03-01")
    item = close["items"][0]
    assert item["final"] and item["contingency_kept"] == 0
    assert (item["recovered"], item["refunded_to_person"]) == (100000, 5000)
    assert _confirm(council, close["id"]).status == 200
    view = council.api.get(f"/v1/wallets/{wallet}", council.funder_key).body
    assert view["status"] == "closed" and view["balances"]["total"] == 0
    assert sum(balances(council.api.database).values()) == 0


def test_after_a_death_only_approved_costs_are_paid_and_the_balance_returns_to_the_funder(council: Council) -> None:
    wallet = _wallet(council, surplus_action="savings")
    council.fund(wallet, 80000, on="2026-01-05")
    council.fund(wallet, 4000, source="person_contribution", on="2026-01-05")
    assert council.api.post(f"/v1/wallets/{wallet}/closure", council.funder_key,
                            {"reason": "death", "effective_date": "2026-02-10"}).status == 200
    invoice = council.pay(wallet, 12000, "care_invoice", on="2026-02-14")
    assert invoice.status == 202 and "death" in invoice.body["approval"]["why"]
    assert council.api.post(f"/v1/approvals/{invoice.body['approval']['id']}/approve", council.funder_key).status == 200
    close = _propose(council, wallet, "2026-02-28")
    item = close["items"][0]
    assert item["final"] and item["recovered"] == 72000 and item["refunded_to_person"] == 0
    assert _confirm(council, close["id"]).status == 200
    assert _held(council, wallet) == 0 and _recovered(council) == 72000
    assert sum(balances(council.api.database).values()) == 0


def test_a_moved_wallet_takes_its_money_and_history_to_the_new_holder(api: Api) -> None:
    council = Council.create(api)
    new_holder = api.organisation("holder", "New Provider")
    council.accredit(new_holder)
    wallet = _wallet(council, surplus_action="recover")
    council.fund(wallet, 50000, on="2026-01-05")
    council.fund(wallet, 3000, source="person_contribution", on="2026-01-05")
    other = council.wallet(council.policy("pool"), person_ref="P-2", opened_on="2026-01-05")
    council.fund(other, 20000, on="2026-01-05")
    pool = api.post("/v1/pools", council.holder_key, {"name": "shared", "split": "equal", "joined_on": "2026-01-05",
                                                      "members": [{"wallet_id": wallet}, {"wallet_id": other}]})
    api.post(f"/v1/pools/{pool.body['id']}/contributions", council.holder_key, {"amount": 10000, "effective_date": "2026-01-06"})
    assert len(api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-01-26"}).body["periods_paid"]) == 4
    before = _held(council, wallet)
    moved = api.post(f"/v1/wallets/{wallet}/moves", council.funder_key,
                     {"new_holder_id": new_holder, "effective_date": "2026-02-02"})
    assert moved.status == 201, moved.body
    new_wallet = moved.body["new_wallet_id"]
    old_view = api.get(f"/v1/wallets/{wallet}", council.funder_key).body
    new_view = api.get(f"/v1/wallets/{new_wallet}", council.funder_key).body
    assert (old_view["status"], old_view["moved_to_wallet_id"], new_view["moved_from_wallet_id"]) == ("closed", new_wallet, wallet)
    assert old_view["balances"]["total"] == 0 and new_view["balances"]["total"] == before
    assert new_view["balances"]["by_source"]["person_contribution"] == 3000
    assert new_view["holder_id"] == new_holder and new_view["person_ref"] == old_view["person_ref"]
    assert api.get(f"/v1/pools/{pool.body['id']}", council.holder_key).body["member_count"] == 1
    assert api.get(f"/v1/transactions/{moved.body['transaction_id']}", council.funder_key).status == 200
    assert council.pay(wallet, 100).status == 422
    assert sum(balances(api.database).values()) == 0
    # The schedule follows the person: the next run funds the new wallet, and pays no period twice.
    assert [s["wallet_id"] for s in api.get(f"/v1/wallets/{new_wallet}/schedules", council.funder_key).body["items"]] == [new_wallet]
    run = api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-02-16"})
    assert run.status == 200, run.body
    assert {(p["wallet_id"], p["period_start"]) for p in run.body["periods_paid"]} == {
        (new_wallet, day) for day in ("2026-02-02", "2026-02-09", "2026-02-16")}
    assert api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-02-16"}).body["periods_paid"] == []


def test_a_funder_moves_every_wallet_of_a_holder_at_once(api: Api) -> None:
    council = Council.create(api)
    new_holder = api.organisation("holder", "Rescue Provider")
    council.accredit(new_holder)
    wallets = [_wallet(council) for _ in range(3)]
    for wallet in wallets:
        council.fund(wallet, 10000, on="2026-01-05")
    blocked = council.api.post(f"/v1/wallets/{wallets[0]}/holds", council.holder_key, {"amount": 100, "category": "x"})
    assert blocked.status == 201
    response = api.post("/v1/holder-moves", council.funder_key, {
        "from_holder_id": council.holder_id, "to_holder_id": new_holder, "effective_date": "2026-02-02"})
    assert response.status == 200
    assert {m["old_wallet_id"] for m in response.body["moved"]} == set(wallets[1:])
    assert [(r["wallet_id"], r["type"]) for r in response.body["refused"]] == [(wallets[0], "wallet-has-pending-money")]
    assert sum(balances(api.database).values()) == 0


def test_a_close_over_a_whole_book_can_answer_with_counts_and_totals_only(council: Council) -> None:
    # Two wallets as above (8 weeks of £350 = £2,800 kept): £4,000 and £3,000 unspent, so the
    # surpluses are £1,200 and £200, recovered: £1,400 in all.
    wallets = [_wallet(council, contingency_weeks=8, surplus_action="recover") for _ in range(2)]
    council.fund(wallets[0], 400000, on="2026-01-05")
    council.fund(wallets[1], 300000, on="2026-01-05")
    proposed = council.api.post("/v1/period-closes", council.funder_key,
                                {"period_end": "2026-03-29", "wallet_ids": wallets, "itemised": False})
    assert proposed.status == 201, proposed.body
    assert proposed.body["items"] == [] and proposed.body["counts"] == {"proposed": 2}
    assert proposed.body["totals"]["surplus"] == 140000 and proposed.body["totals"]["recovered"] == 140000
    confirmed = _confirm(council, proposed.body["id"], itemised=False)
    assert confirmed.status == 200 and confirmed.body["items"] == []
    assert confirmed.body["counts"] == {"confirmed": 2} and confirmed.body["totals"]["recovered"] == 140000
    assert _recovered(council) == 140000
    # The details stay one request away.
    details = council.api.get(f"/v1/period-closes/{proposed.body['id']}", council.funder_key)
    assert sorted(item["surplus"] for item in details.body["items"]) == [20000, 120000]

"""Service dates and the after-ending window through the HTTP API, on both databases.

Warwickshire's rule after a death: "the balance after contractual costs returns to the council".
Invoices for support given before the death arrive after it; they are paid, dated when they are
paid, with the days the support was given beside them — never back-dated to the day of death.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, balances


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api, "Warwickshire County Council")


def _ended(council: Council, reason: str, on: str, opened_on: str = "2026-01-05", **rules: Any) -> str:
    wallet = council.wallet(council.policy(f"p{len(council.policies)}", surplus_action="recover", **rules),
                            opened_on=opened_on)
    council.fund(wallet, 100000, on=opened_on)
    response = council.api.post(f"/v1/wallets/{wallet}/closure", council.funder_key,
                                {"reason": reason, "effective_date": on})
    assert response.status == 200, response.body
    return wallet


def _invoice(council: Council, wallet: str, amount: int, on: str, given: tuple[str, str] | None):  # type: ignore[no-untyped-def]
    extra = {"service_from": given[0], "service_to": given[1]} if given else {}
    return council.pay(wallet, amount, "care_invoice", on=on, **extra)


def _propose(council: Council, wallet: str, period_end: str) -> dict[str, Any]:
    response = council.api.post("/v1/period-closes", council.funder_key, {"period_end": period_end, "wallet_ids": [wallet]})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def _confirm(council: Council, close_id: str) -> None:
    response = council.api.post(f"/v1/period-closes/{close_id}/confirm", council.funder_key, {})
    assert response.status == 200, response.body


def _recovered(council: Council) -> int:
    return -balances(council.api.database).get(f"funder:{council.funder_id}:recovered", 0)


def test_after_a_death_invoices_for_support_before_it_are_paid_with_their_dates_and_the_final_close_waits(
        council: Council) -> None:
    # Died 10 February; an 8-week window: 10 February + 56 days = 7 April.
    wallet = _ended(council, "death", "2026-02-10", after_end_window_weeks=8)
    invoice = _invoice(council, wallet, 24000, "2026-03-02", ("2026-02-02", "2026-02-08"))
    assert invoice.status == 202, invoice.body
    assert "invoiced after the wallet ended on 2026-02-10" in invoice.body["approval"]["why"]
    approved = council.api.post(f"/v1/approvals/{invoice.body['approval']['id']}/approve", council.funder_key, {})
    assert approved.status == 200, approved.body
    paid = approved.body["transaction"]
    assert (paid["effective_date"], paid["details"]["service_from"], paid["details"]["service_to"]) == (
        "2026-03-02", "2026-02-02", "2026-02-08")  # dated when paid, not back-dated

    # The close at 28 February is inside the window: nothing moves, the final close waits.
    waiting = _propose(council, wallet, "2026-02-28")["items"][0]
    assert (waiting["final"], waiting["action"], waiting["surplus"], waiting["recovered"]) == (
        False, "awaiting_invoices", 0, 0)
    assert "2026-04-07" in waiting["reason"]
    # Past the window (8 April), a cost is refused even with the funder's approval.
    too_late = _invoice(council, wallet, 1000, "2026-04-08", ("2026-02-09", "2026-02-10"))
    assert too_late.status == 422 and too_late.body["type"] == "wallet-ended"

    # At 30 April the window has passed: the final close returns 100000 - 24000 = 76000.
    final = _propose(council, wallet, "2026-04-30")
    item = final["items"][0]
    assert item["final"] and item["recovered"] == 76000
    _confirm(council, final["id"])
    assert _recovered(council) == 76000 and council.balances(wallet)["total"] == 0
    assert sum(balances(council.api.database).values()) == 0

    statement = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                                params={"from": "2026-01-05", "to": "2026-04-30"})
    assert statement.status == 200, statement.body
    assert [(p["effective_date"], p["amount"], p["service_from"], p["service_to"])
            for p in statement.body["payments"]] == [("2026-03-02", -24000, "2026-02-02", "2026-02-08")]
    # It reconciles: 100000 in, 24000 paid, 76000 returned, nothing left.
    assert statement.body["closing"]["total"] == 0


def test_after_an_ending_late_invoices_need_service_dates_by_the_end_and_the_funders_word_shuts_the_window(
        council: Council) -> None:
    # Support ended 10 February; 4 weeks to invoice: 10 February + 28 days = 10 March; no approval needed.
    wallet = _ended(council, "ended", "2026-02-10", after_end_window_weeks=4, after_end_approval=False)
    paid = _invoice(council, wallet, 15000, "2026-02-20", ("2026-02-09", "2026-02-10"))
    assert paid.status == 201, paid.body
    for refused in (_invoice(council, wallet, 1000, "2026-02-20", ("2026-02-11", "2026-02-11")),  # after the end
                    _invoice(council, wallet, 1000, "2026-02-20", None),  # no service dates
                    _invoice(council, wallet, 1000, "2026-03-11", ("2026-02-09", "2026-02-10"))):  # after 10 March
        assert refused.status == 422 and refused.body["type"] == "wallet-ended", refused.body
    assert council.balances(wallet)["available"] == 100000 - 15000

    # The council confirms every invoice is in: the window shuts and the final close goes ahead at once.
    not_ended = council.wallet(council.policy("open"), person_ref="P-2")
    refused = council.api.post(f"/v1/wallets/{not_ended}/closure/invoices-complete", council.funder_key, {})
    assert refused.status == 409 and refused.body["type"] == "wallet-not-ended"
    confirmed = council.api.post(f"/v1/wallets/{wallet}/closure/invoices-complete", council.funder_key, {})
    assert confirmed.status == 200 and confirmed.body["wallet_id"] == wallet, confirmed.body
    again = council.api.post(f"/v1/wallets/{wallet}/closure/invoices-complete", council.funder_key, {})
    assert again.status == 409 and again.body["type"] == "invoices-already-confirmed"
    shut = _invoice(council, wallet, 1000, "2026-02-21", ("2026-02-09", "2026-02-10"))
    assert shut.status == 422 and shut.body["type"] == "wallet-ended"

    final = _propose(council, wallet, "2026-02-28")
    assert final["items"][0]["final"] and final["items"][0]["recovered"] == 85000  # 100000 - 15000
    _confirm(council, final["id"])
    assert council.api.get(f"/v1/wallets/{wallet}", council.funder_key).body["status"] == "closed"
    assert sum(balances(council.api.database).values()) == 0


def test_a_hold_captured_after_the_end_for_support_given_before_it(council: Council) -> None:
    # Holds are placed today, so this wallet ends in a week and the invoice comes two weeks later.
    today = date.today()
    end = today + timedelta(days=7)
    wallet = _ended(council, "ended", end.isoformat(), opened_on="2026-04-06", after_end_window_weeks=8)
    holds = [council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                              {"amount": 30000, "category": "care_invoice"}).body["hold"]["id"] for _ in range(2)]
    late = (end + timedelta(days=14)).isoformat()
    captured = council.api.post(f"/v1/holds/{holds[0]}/capture", council.holder_key, {
        "amount": 25000, "effective_date": late, "service_from": today.isoformat(), "service_to": end.isoformat()})
    assert captured.status == 202, captured.body  # after the end: the funder approves
    approval = captured.body["payment"]["approval"]
    assert approval["amount"] == 25000 and "invoiced after the wallet ended" in approval["why"]
    assert council.api.post(f"/v1/approvals/{approval['id']}/approve", council.funder_key, {}).status == 200
    # Support given after the end is not a late invoice: refused, and the hold stays live.
    refused = council.api.post(f"/v1/holds/{holds[1]}/capture", council.holder_key, {
        "effective_date": late, "service_from": end.isoformat(), "service_to": (end + timedelta(days=1)).isoformat()})
    assert refused.status == 422 and refused.body["type"] == "wallet-ended"
    # 100000 - 25000 paid - 30000 still held by the second hold = 45000 available.
    view = council.balances(wallet)
    assert (view["available"], view["committed"]) == (45000, 30000)


def test_a_pool_payment_after_one_members_end_waits_for_that_members_funder(council: Council) -> None:
    opened = "2026-01-05"
    ending = council.wallet(council.policy("window", after_end_window_weeks=8), opened_on=opened)
    staying = council.wallet(council.policy("plain"), person_ref="P-2", opened_on=opened)
    for wallet in (ending, staying):
        council.fund(wallet, 50000, on=opened)
    pool = council.api.post("/v1/pools", council.holder_key, {
        "name": "shared PA", "split": "equal", "joined_on": opened,
        "members": [{"wallet_id": ending}, {"wallet_id": staying}]}).body["id"]
    assert council.api.post(f"/v1/pools/{pool}/contributions", council.holder_key,
                            {"amount": 20000, "effective_date": "2026-01-06"}).status == 201
    assert council.api.post(f"/v1/wallets/{ending}/closure", council.funder_key,
                            {"reason": "ended", "effective_date": "2026-02-10"}).status == 200
    # 8000 for support on 2-8 February, paid 20 February: 4000 from each member's share.
    paid = council.api.post(f"/v1/pools/{pool}/payments", council.holder_key, {
        "amount": 8000, "category": "personal_assistant", "effective_date": "2026-02-20",
        "service_from": "2026-02-02", "service_to": "2026-02-08"})
    assert paid.status == 202, paid.body
    assert [(a["wallet_id"], a["amount"]) for a in paid.body["approvals"]] == [(ending, 4000)]
    assert paid.body["transaction"]["details"]["service_to"] == "2026-02-08"


@pytest.mark.parametrize("rules, field", [
    ({"after_end_window_weeks": -1}, "after_end_window_weeks"),
    ({"after_end_window_weeks": 53}, "after_end_window_weeks"),  # a final close waits at most a year
    ({"after_end_approval": "yes"}, "after_end_approval"),
])
def test_the_after_end_settings_are_checked(council: Council, rules: dict[str, Any], field: str) -> None:
    response = council.api.post("/v1/policies", council.funder_key, {"name": "bad", "rules": rules})
    assert response.status == 422 and response.body["field"] == field, response.body

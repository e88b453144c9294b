"""Suspending a wallet and resuming it, through the HTTP API, each case a council's rule in its
own words (issue 15, item 6: "Councils suspend a direct payment or ISF while a concern is
investigated, or during a long hospital stay, and resume it later")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, Response
from tests.test_audit_trail import read_all

WEEKLY = {"amount": 35000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-04-06"}


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def suspend(council: Council, wallet: str, starts_on: str, *, reason: str = "investigation",
            pause_schedules: bool = True, key: str | None = None, **extra: Any) -> Response:
    return council.api.post(f"/v1/wallets/{wallet}/suspensions", key or council.funder_key,
                            {"starts_on": starts_on, "reason": reason, "pause_schedules": pause_schedules, **extra})


def resume(council: Council, wallet: str, suspension: str, resumed_on: str, *, pay_paused_periods: bool = False,
           key: str | None = None) -> Response:
    return council.api.post(f"/v1/wallets/{wallet}/suspensions/{suspension}/resume", key or council.funder_key,
                            {"resumed_on": resumed_on, "pay_paused_periods": pay_paused_periods})


def run(council: Council, as_of: str) -> list[tuple[str, int]]:
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": as_of})
    assert response.status == 200, response.body
    return [(p["period_start"], p["amount"]) for p in response.body["periods_paid"]]


def weekly_wallet(council: Council, **rules: Any) -> str:
    wallet = council.wallet(council.policy(**rules))
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, WEEKLY)
    assert response.status == 201, response.body
    return wallet


def statement(council: Council, wallet: str, first: str, last: str) -> dict[str, Any]:
    response = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                               params={"from": first, "to": last})
    assert response.status == 200, response.body
    body: dict[str, Any] = response.body
    assert body["reconciled"] is True
    assert body["opening"]["total"] + sum(line["amount"] for line in body["lines"]) == body["closing"]["total"]
    return body


# --- spending while suspended ---------------------------------------------------------------


def test_while_a_concern_is_investigated_each_payment_waits_for_the_council(council: Council) -> None:
    """Gloucestershire: "the council may suspend a payment-card account during investigation of
    unauthorised access or unusual transactions." Nothing is lost: the money waits in the wallet."""
    wallet = council.wallet(council.policy())
    council.fund(wallet, 100000, on="2026-04-06")
    suspended = suspend(council, wallet, "2026-04-15", note="card used at an unusual shop")
    assert suspended.status == 201, suspended.body
    assert suspended.body["status"] == "suspended" and suspended.body["reason"] == "investigation"

    before = council.pay(wallet, 10000, on="2026-04-14")  # the day before: paid as ever
    assert before.status == 201, before.body
    during = council.pay(wallet, 25000, on="2026-04-16")
    assert during.status == 202, during.body
    assert "suspended from 2026-04-15" in during.body["approval"]["why"]
    # 100000 in - 10000 paid = 90000; the 25000 waiting is set aside: 65000 still free to spend.
    balances = council.balances(wallet)
    assert (balances["available"], balances["awaiting_approval"]) == (65000, 25000)
    seen = council.api.get(f"/v1/wallets/{wallet}", council.holder_key).body
    assert seen["suspension"] == {"id": suspended.body["id"], "starts_on": "2026-04-15", "resumed_on": None,
                                  "reason": "investigation", "suspended_today": True}
    assert "suspended from 2026-04-15" in seen["summary"]

    approved = council.api.post(f"/v1/approvals/{during.body['approval']['id']}/approve", council.funder_key,
                                {"reason": "checked with the PA"})
    assert approved.status == 200, approved.body
    # 65000 free + 0 waiting: 100000 - 10000 - 25000.
    balances = council.balances(wallet)
    assert (balances["available"], balances["awaiting_approval"]) == (65000, 0)
    body = statement(council, wallet, "2026-04-01", "2026-04-30")
    assert (body["opening"]["total"], body["closing"]["total"]) == (0, 65000)


def test_a_council_that_refuses_spending_while_suspended_stores_nothing(council: Council) -> None:
    """A council's policy: "while the direct payment is suspended, no payments may be made"."""
    wallet = council.wallet(council.policy(while_suspended="refuse"))
    council.fund(wallet, 50000, on="2026-04-06")
    assert suspend(council, wallet, "2026-04-15", reason="other").status == 201
    refused = council.pay(wallet, 20000, on="2026-04-20")
    assert refused.status == 422 and refused.body["type"] == "wallet-suspended", refused.body
    assert refused.body["suspended_from"] == "2026-04-15"
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                            {"amount": 5000, "category": "personal_assistant"})  # dated today: suspended too
    assert hold.status == 422 and hold.body["type"] == "wallet-suspended"
    assert council.balances(wallet)["available"] == 50000  # nothing reserved, nothing paid
    assert council.pay(wallet, 20000, on="2026-04-14").status == 201  # dated before it: paid
    assert council.balances(wallet)["available"] == 30000  # 50000 - 20000


def test_after_resuming_payments_go_through_again(council: Council) -> None:
    wallet = council.wallet(council.policy())
    council.fund(wallet, 50000, on="2026-04-06")
    suspension = suspend(council, wallet, "2026-04-15").body["id"]
    resumed = resume(council, wallet, suspension, "2026-04-22")
    assert resumed.status == 200 and resumed.body["status"] == "resumed", resumed.body
    assert council.pay(wallet, 1000, on="2026-04-22").status == 201  # the first day live again
    # Dated inside the suspension, even when entered later, it still waits for the council.
    assert council.pay(wallet, 1000, on="2026-04-21").status == 202
    view = council.api.get(f"/v1/wallets/{wallet}", council.funder_key).body
    assert view["suspension"]["resumed_on"] == "2026-04-22" and view["suspension"]["suspended_today"] is False


# --- schedules ------------------------------------------------------------------------------


def test_a_hospital_stay_pauses_the_schedule_and_the_missed_weeks_are_not_paid(council: Council) -> None:
    """A long hospital stay: the council stops the weekly payments while the person is in hospital
    and restarts them when they come home, without back pay (no support was delivered)."""
    wallet = weekly_wallet(council)
    suspension = suspend(council, wallet, "2026-04-20", reason="hospital_stay").body["id"]
    # Weeks start on Mondays from 6 April; paid in advance. By 10 May: 6 and 13 April are paid
    # (2 x 35000 = 70000); 20 April, 27 April and 4 May start inside the suspension and wait.
    assert run(council, "2026-05-10") == [("2026-04-06", 35000), ("2026-04-13", 35000)]
    assert resume(council, wallet, suspension, "2026-05-11", pay_paused_periods=False).status == 200
    # Home on 11 May: that week is paid; the three weeks in hospital are never owed.
    assert run(council, "2026-05-11") == [("2026-05-11", 35000)]
    assert run(council, "2026-05-18") == [("2026-05-18", 35000)]
    assert run(council, "2026-05-18") == []
    # 4 weeks paid: 4 x 35000 = 140000.
    assert council.balances(wallet)["available"] == 140000
    body = statement(council, wallet, "2026-04-01", "2026-05-31")
    assert body["closing"]["total"] == 140000


def test_periods_the_council_wants_paid_are_paid_once_on_resumption(council: Council) -> None:
    """The council keeps the personal assistant on during a hospital stay (a retainer) and says
    on resumption that the paused weeks are to be paid: paid once, dated the day it resumed."""
    wallet = weekly_wallet(council)
    suspension = suspend(council, wallet, "2026-04-20", reason="hospital_stay").body["id"]
    assert run(council, "2026-05-10") == [("2026-04-06", 35000), ("2026-04-13", 35000)]
    assert run(council, "2026-05-10") == []  # still waiting
    assert resume(council, wallet, suspension, "2026-05-11", pay_paused_periods=True).status == 200
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-05-11"})
    paid = response.body["periods_paid"]
    # The 3 paused weeks and the week of 11 May: 4 x 35000 = 140000 in this run.
    assert [(p["period_start"], p["amount"]) for p in paid] == [
        ("2026-04-20", 35000), ("2026-04-27", 35000), ("2026-05-04", 35000), ("2026-05-11", 35000)]
    assert response.body["total_amount"] == 140000
    dated = {council.api.get(f"/v1/transactions/{p['transaction_id']}", council.funder_key).body["effective_date"]
             for p in paid}
    assert dated == {"2026-05-11"}
    assert run(council, "2026-05-11") == []  # never twice
    # 6 weeks paid in all: 6 x 35000 = 210000.
    assert council.balances(wallet)["available"] == 210000
    assert statement(council, wallet, "2026-04-01", "2026-05-31")["closing"]["total"] == 210000


def test_a_suspension_that_leaves_schedules_running_still_pays_them(council: Council) -> None:
    wallet = weekly_wallet(council)
    assert suspend(council, wallet, "2026-04-13", pause_schedules=False).status == 201
    # 6, 13 and 20 April: 3 x 35000, each paid as it falls due; spending still waits.
    assert [s for s, _ in run(council, "2026-04-20")] == ["2026-04-06", "2026-04-13", "2026-04-20"]
    assert council.balances(wallet)["available"] == 105000
    assert council.pay(wallet, 1000, on="2026-04-20").status == 202


def test_a_suspended_members_scheduled_pool_contributions_pause_too(council: Council) -> None:
    wallet = weekly_wallet(council)
    other = council.wallet(council.policy("other"), person_ref="P-0002")
    council.fund(other, 100000, on="2026-04-06")
    pool = council.api.post("/v1/pools", council.holder_key, {
        "name": "shared PA", "split": "equal", "members": [{"wallet_id": wallet}, {"wallet_id": other}], "joined_on": "2026-04-06"})
    assert pool.status == 201, pool.body
    schedule = council.api.post(f"/v1/pools/{pool.body['id']}/contribution-schedules", council.holder_key,
                                {"every": "1w", "starts_on": "2026-04-06", "amount": 2000})
    assert schedule.status == 201, schedule.body
    assert suspend(council, wallet, "2026-04-13", reason="hospital_stay").status == 201
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-04-20"})
    made = sorted((c["wallet_id"] == wallet, c["period_start"]) for c in response.body["contributions_paid"])
    # 2000 a week split equally, 1000 each: the suspended member gives only the week before it
    # (6 April); the other member all three weeks.
    assert made == [(False, "2026-04-06"), (False, "2026-04-13"), (False, "2026-04-20"), (True, "2026-04-06")]


# --- the record: events, alerts, audit, refusals -------------------------------------------


def test_suspending_and_resuming_are_announced_and_audited(council: Council) -> None:
    wallet = council.wallet(council.policy())
    created = suspend(council, wallet, "2026-04-15", reason="hospital_stay", note="Ward 4, St Thomas'")
    suspension = created.body["id"]
    assert created.body["note"] == "Ward 4, St Thomas'"
    assert resume(council, wallet, suspension, "2026-05-01", pay_paused_periods=True).status == 200

    events = [e for e in read_all_events(council.api, council.holder_key) if e["type"] in ("wallet.suspended", "wallet.resumed")]
    assert [(e["type"], e["data"]["suspension_id"]) for e in events] == [
        ("wallet.suspended", suspension), ("wallet.resumed", suspension)]
    alerts = read_all(council.api, "/v1/alerts", council.holder_key, wallet_id=wallet)
    kinds = {a["kind"]: a["message"] for a in alerts}
    assert "payments wait for the funder's approval; scheduled funding is paused" in kinds["wallet_suspended"]
    assert "live again from 2026-05-01" in kinds["wallet_resumed"]
    log = read_all(council.api, "/v1/audit/log", council.funder_key, wallet_id=wallet)
    entries = [e for e in log if e["action"] in ("wallet.suspended", "wallet.resumed")]
    assert [e["action"] for e in entries] == ["wallet.suspended", "wallet.resumed"]
    assert entries[1]["details"]["pay_paused_periods"] is True
    # The note is the funder's: kept out of the trail, the feed and the holder's reading.
    assert all("Ward" not in str(e) for e in log + events + alerts)
    listed = council.api.get(f"/v1/wallets/{wallet}/suspensions", council.holder_key).body
    assert [(s["id"], s["note"], s["resumed_on"]) for s in listed] == [(suspension, None, "2026-05-01")]


def read_all_events(api: Api, key: str) -> list[dict[str, Any]]:
    response = api.get("/v1/events", key, params={"after": 0, "limit": 500})
    assert response.status == 200, response.body
    return response.body["items"]  # type: ignore[no-any-return]


def test_resuming_is_idempotent_and_a_resumption_is_never_rewritten(council: Council) -> None:
    wallet = council.wallet(council.policy())
    suspension = suspend(council, wallet, "2026-04-15").body["id"]
    first = resume(council, wallet, suspension, "2026-05-01")
    again = resume(council, wallet, suspension, "2026-05-01")
    assert (first.status, again.status) == (200, 200) and first.body == again.body
    other_day = resume(council, wallet, suspension, "2026-05-08")
    assert other_day.status == 409 and other_day.body["type"] == "suspension-already-resumed"
    paying = resume(council, wallet, suspension, "2026-05-01", pay_paused_periods=True)
    assert paying.status == 409 and paying.body["resumed_on"] == "2026-05-01"
    log = read_all(council.api, "/v1/audit/log", council.funder_key, wallet_id=wallet)
    assert [e["action"] for e in log].count("wallet.resumed") == 1


def test_suspension_requests_are_checked(council: Council) -> None:
    wallet = council.wallet(council.policy())
    assert suspend(council, wallet, "2026-04-01").body["type"] == "invalid-input"  # before it opened
    assert suspend(council, wallet, "2026-04-15", reason="holiday").status == 422
    assert suspend(council, wallet, "2026-04-15", key=council.holder_key).status == 403
    stranger = Council.create(council.api, "Elsewhere Council")
    assert suspend(council, wallet, "2026-04-15", key=stranger.funder_key).status == 404
    suspension = suspend(council, wallet, "2026-04-15").body["id"]
    twice = suspend(council, wallet, "2026-06-01")
    assert twice.status == 409 and twice.body["type"] == "wallet-already-suspended"
    assert resume(council, wallet, suspension, "2026-04-14").body["type"] == "invalid-input"
    missing = resume(council, wallet, "00000000-0000-0000-0000-000000000000", "2026-05-01")
    assert missing.status == 404 and missing.body["type"] == "suspension-not-found"
    assert resume(council, wallet, suspension, "2026-05-01", key=council.holder_key).status == 403
    assert resume(council, wallet, suspension, "2026-05-01").status == 200
    # A new suspension may start once the last one has resumed, not inside it.
    overlapping = suspend(council, wallet, "2026-04-30")
    assert overlapping.status == 409 and overlapping.body["type"] == "wallet-already-suspended"
    assert suspend(council, wallet, "2026-05-01").status == 201


def test_the_persons_own_page_says_the_money_is_on_hold(api: Api, council: Council) -> None:
    from tests.test_person_page import issue, sign_in

    wallet = council.wallet(council.policy())
    council.fund(wallet, 20000, on="2026-04-06")
    sign_in(api.client, issue(api, wallet, council.funder_key).body["url"])
    assert 'data-notice="suspended"' not in api.client.get(f"/me/wallets/{wallet}").text
    assert suspend(council, wallet, "2026-04-15", reason="hospital_stay").status == 201
    page = api.client.get(f"/me/wallets/{wallet}")
    assert page.status_code == 200
    assert "has put your money on hold from Wednesday 15 April 2026" in page.text
    assert "must agree each payment first" in page.text


def test_a_hold_made_before_the_suspension_is_captured_only_with_the_councils_approval(council: Council) -> None:
    wallet = council.wallet(council.policy())
    council.fund(wallet, 50000, on="2026-04-06")
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                            {"amount": 30000, "category": "invoice", "reference": "INV-88"})
    assert hold.status == 201, hold.body
    assert suspend(council, wallet, "2026-04-15").status == 201  # holds and captures are dated today: inside it
    capture = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 18000})
    assert capture.status == 202, capture.body
    assert "suspended from 2026-04-15" in capture.body["payment"]["approval"]["why"]
    # 50000 - 30000 held = 20000 free; of the hold, 18000 now waits for approval and 12000 comes back.
    balances = council.balances(wallet)
    assert (balances["available"], balances["committed"], balances["awaiting_approval"]) == (32000, 0, 18000)


def test_a_suspended_members_part_of_a_pool_payment_waits_for_their_council(council: Council) -> None:
    wallet = council.wallet(council.policy())
    other = council.wallet(council.policy("other"), person_ref="P-0002")
    for member in (wallet, other):
        council.fund(member, 20000, on="2026-04-06")
    pool = council.api.post("/v1/pools", council.holder_key, {
        "name": "shared PA", "split": "equal", "members": [{"wallet_id": wallet}, {"wallet_id": other}],
        "joined_on": "2026-04-06"}).body["id"]
    for member in (wallet, other):
        made = council.api.post(f"/v1/pools/{pool}/contributions", council.holder_key,
                                {"wallet_id": member, "amount": 10000, "effective_date": "2026-04-06"})
        assert made.status == 201, made.body
    assert suspend(council, wallet, "2026-04-15").status == 201
    waiting = council.api.post(f"/v1/pools/{pool}/payments", council.holder_key,
                               {"amount": 6000, "category": "shared_support", "effective_date": "2026-04-16"})
    # 6000 split equally: 3000 each; only the suspended member's part waits.
    assert waiting.status == 202, waiting.body
    assert [a["wallet_id"] for a in waiting.body["approvals"]] == [wallet]

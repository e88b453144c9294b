"""Support plans and timesheets through the HTTP API, on both databases.

The rule, in the words councils' direct-payment agreements use: "Your budget pays for the support
agreed in your support plan — so many hours a week from your personal assistant at the agreed
hourly rate. Timesheets are paid at the agreed rate for the hours worked; anything over the agreed
rate or hours needs the council's agreement first."
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, balances
from tests.test_statement_pdf import pages_text

MONDAY, SUNDAY = "2026-04-06", "2026-04-12"  # the wallet's first week
NEXT_MONDAY, NEXT_SUNDAY = "2026-04-13", "2026-04-19"


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api, "Anytown Council")


def _plan_service(council: Council, wallet: str, **changes: Any) -> dict[str, Any]:
    body = {"provider_kind": "pa", "provider_ref": "PA-17", "category": "personal_assistant", "hourly_rate": 1750,
            "weekly_hours": "10", "starts_on": MONDAY, **changes}
    response = council.api.post(f"/v1/wallets/{wallet}/support-plan/services", council.funder_key, body)
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def _timesheet(council: Council, wallet: str, service: str, hours: str, *, first: str = MONDAY, last: str = SUNDAY,
               on: str = "2026-04-14", **extra: Any):  # type: ignore[no-untyped-def]
    return council.api.post(f"/v1/wallets/{wallet}/timesheets", council.holder_key, {
        "service_id": service, "hours": hours, "service_from": first, "service_to": last, "effective_date": on,
        "reference": "timesheet", **extra})


def _plan(council: Council, wallet: str, on: str = MONDAY) -> dict[str, Any]:
    response = council.api.get(f"/v1/wallets/{wallet}/support-plan", council.holder_key, params={"on": on})
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def test_a_timesheet_is_paid_at_hours_times_the_agreed_rate_and_the_plan_shows_the_hours_left(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 100000)
    service = _plan_service(council, wallet)
    assert (service["hourly_rate"], service["weekly_hours"], service["provider_kind"]) == (1750, "10.00", "pa")

    # 7.5 hours at £17.50 = 750 hundredths x 1750 / 100 = 13125 pence, exactly.
    paid = _timesheet(council, wallet, service["id"], "7.5")
    assert paid.status == 201, paid.body
    details = paid.body["transaction"]["details"]
    assert details["timesheet"] == {"service_id": service["id"], "hours": "7.50", "rate": 1750, "week_start": MONDAY}
    assert (details["service_from"], details["service_to"], details["payee"]) == (MONDAY, SUNDAY, "PA-17")
    assert council.balances(wallet)["available"] == 100000 - 13125  # 86875

    plan = _plan(council, wallet)["services"][0]
    # 10 agreed - 7.5 paid = 2.5 left this week; 86875 / 1750 = 49.642… hours, rounded down to 49.64.
    assert (plan["hours_paid_this_week"], plan["hours_left_this_week"], plan["hours_affordable"]) == (
        "7.50", "2.50", "49.64")
    # The wallet itself shows the same hours the money left buys of each planned service.
    shown = council.api.get(f"/v1/wallets/{wallet}", council.holder_key).body["support_plan"]
    assert shown == [{"service_id": service["id"], "provider_ref": "PA-17", "hourly_rate": 1750,
                      "hours_affordable": "49.64"}]
    # The next week starts afresh.
    assert _plan(council, wallet, NEXT_MONDAY)["services"][0]["hours_paid_this_week"] == "0.00"


def test_hours_beyond_the_agreed_weekly_hours_wait_for_the_council(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 100000)
    service = _plan_service(council, wallet)["id"]
    assert _timesheet(council, wallet, service, "7.5").status == 201
    # 7.5 + 3 = 10.5 hours in the week of 6 April, more than the agreed 10: 3 x 1750 = 5250 waits.
    over = _timesheet(council, wallet, service, "3", first="2026-04-11", last="2026-04-12")
    assert over.status == 202, over.body
    assert over.body["approval"]["amount"] == 5250 and "10.50 hours this week" in over.body["approval"]["why"]
    assert _plan(council, wallet)["services"][0]["hours_paid_this_week"] == "10.50"  # waiting counts
    # Rejected, the hours stop counting: 7.5 paid again, and 100000 - 13125 = 86875 available.
    rejected = council.api.post(f"/v1/approvals/{over.body['approval']['id']}/reject", council.funder_key,
                                {"reason": "not agreed"})
    assert rejected.status == 200, rejected.body
    assert _plan(council, wallet)["services"][0]["hours_paid_this_week"] == "7.50"
    assert council.balances(wallet)["available"] == 86875
    # 2.5 hours still fit the week: 2.5 x 1750 = 4375, paid straight away.
    assert _timesheet(council, wallet, service, "2.5", first="2026-04-11", last="2026-04-12").status == 201
    # Reversing the first timesheet frees its 7.5 hours.
    first = council.api.get(f"/v1/wallets/{wallet}/transactions", council.holder_key).body["items"]
    first_sheet = next(t for t in first if t["details"].get("timesheet", {}).get("hours") == "7.50")
    assert council.api.post(f"/v1/transactions/{first_sheet['id']}/reversals", council.holder_key,
                            {"reason": "wrong week"}).status == 201
    assert _plan(council, wallet)["services"][0]["hours_paid_this_week"] == "2.50"


def test_a_rate_above_the_agreed_rate_waits_and_once_approved_the_statement_shows_hours_and_rate(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 100000)
    service = _plan_service(council, wallet)["id"]
    assert _timesheet(council, wallet, service, "7.5").status == 201  # 13125
    # 2 hours at £19.00 against an agreed £17.50: 200 x 1900 / 100 = 3800 waits for the council.
    dearer = _timesheet(council, wallet, service, "2", rate=1900, first=NEXT_MONDAY, last=NEXT_MONDAY, on="2026-04-20")
    assert dearer.status == 202, dearer.body
    assert dearer.body["approval"]["amount"] == 3800 and "above the agreed 1750" in dearer.body["approval"]["why"]
    approved = council.api.post(f"/v1/approvals/{dearer.body['approval']['id']}/approve", council.funder_key,
                                {"reason": "bank holiday rate"})
    assert approved.status == 200, approved.body
    assert approved.body["transaction"]["details"]["timesheet"]["rate"] == 1900

    statement = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                                params={"from": "2026-04-06", "to": "2026-04-30"})
    assert statement.status == 200, statement.body
    payments = [(p["amount"], p["hours"], p["rate"], p["service_from"], p["service_to"])
                for p in statement.body["payments"]]
    assert payments == [(-13125, "7.50", 1750, MONDAY, SUNDAY), (-3800, "2.00", 1900, NEXT_MONDAY, NEXT_MONDAY)]
    # It reconciles: 100000 in, 13125 + 3800 = 16925 out, 83075 left.
    assert statement.body["closing"]["total"] == 100000 - 16925 == council.balances(wallet)["available"]
    assert {t["section"]: t["amount"] for t in statement.body["totals"]}["money_out"] == -16925
    pdf = council.api.client.get(f"/v1/wallets/{wallet}/statement", headers={"Authorization": f"Bearer {council.funder_key}"},
                                 params={"from": "2026-04-06", "to": "2026-04-30", "format": "pdf"})
    assert pdf.status_code == 200
    text = " ".join(pages_text(pdf.content))
    assert "7.50 hours at £17.50 an hour" in text and "2.00 hours at £19.00 an hour" in text
    assert "support given 6 April 2026 to 12 April 2026" in text
    assert sum(balances(council.api.database).values()) == 0


@pytest.mark.parametrize("hours, rate, first, last, problem", [
    ("7.25", 1755, MONDAY, SUNDAY, "timesheet-not-whole-pence"),  # 725 x 1755 / 100 = 12723.75 pence
    ("7.5", None, MONDAY, NEXT_MONDAY, "invalid-input"),  # two weeks on one timesheet
    ("7.5", None, "2026-03-30", "2026-04-05", "invalid-input"),  # before the service starts
    ("7.555", None, MONDAY, SUNDAY, "validation-error"),  # three decimal places
    ("0", None, MONDAY, SUNDAY, "invalid-input"),
])
def test_a_timesheet_that_cannot_be_paid_exactly_is_refused_and_nothing_moves(
        council: Council, hours: str, rate: int | None, first: str, last: str, problem: str) -> None:
    wallet = council.wallet()
    council.fund(wallet, 100000)
    service = _plan_service(council, wallet)["id"]
    extra = {"rate": rate} if rate else {}
    refused = _timesheet(council, wallet, service, hours, first=first, last=last, **extra)
    assert refused.status == 422 and refused.body["type"] == problem, refused.body
    assert council.balances(wallet)["available"] == 100000
    assert _plan(council, wallet)["services"][0]["hours_paid_this_week"] == "0.00"


def test_a_timesheet_names_a_service_of_this_wallets_plan(council: Council) -> None:
    wallet, other = council.wallet(), council.wallet(person_ref="P-2")
    council.fund(wallet, 100000)
    elsewhere = _plan_service(council, other)["id"]
    refused = _timesheet(council, wallet, elsewhere, "1")
    assert refused.status == 404 and refused.body["type"] == "planned-service-not-found"
    bad = council.api.post(f"/v1/wallets/{wallet}/support-plan/services", council.funder_key, {
        "provider_kind": "provider", "provider_ref": "Agency", "hourly_rate": 2200, "weekly_hours": "5",
        "starts_on": "2026-04-01"})
    assert bad.status == 422 and bad.body["field"] == "starts_on"  # before the wallet opened on 6 April
    by_holder = council.api.post(f"/v1/wallets/{wallet}/support-plan/services", council.holder_key, {
        "provider_kind": "pa", "provider_ref": "PA-1", "hourly_rate": 1500, "weekly_hours": "5", "starts_on": MONDAY})
    assert by_holder.status == 403  # the council agrees the plan, not the provider

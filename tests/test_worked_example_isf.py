"""The issue's worked example, end to end through HTTP on both databases.

A council funds an Individual Service Fund of £350 a week, paid 4-weekly in advance, with a 5%
management fee. The person pays in their own £20 a week, which is spent first. The provider pays a
personal assistant, places a hold for an invoice and captures part of it; a £600 equipment purchase
waits for approval over a £500 threshold and is approved; a gambling payment is refused; the funding
run is executed twice and pays once; the statement reconciles to the balance to the penny.
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.scenario import Council
from tests.support import Api, balances


def test_the_isf_worked_example(api: Api) -> None:
    council = Council.create(api, "Anytown Council")
    today = date.today()
    opened = today - timedelta(days=29)
    policy = council.policy(
        "ISF standard", management_fee={"percent_bp": 500}, approval_threshold=50000,
        blocked_categories=["gambling", "alcohol", "tobacco"], spend_order=["person_contribution"], hourly_rate=1750,
    )
    wallet = council.wallet(policy, person_ref="ANY-0042", opened_on=opened.isoformat())
    for body in ({"amount": 140000, "source": "funder", "every": "4w"},
                 {"amount": 2000, "source": "person_contribution", "every": "1w"}):
        response = api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key,
                            {**body, "in_advance": True, "starts_on": opened.isoformat()})
        assert response.status == 201, response.body

    # Two 4-weekly periods and five weekly contributions are due; a second run pays nothing.
    run = api.post("/v1/funding-runs", council.funder_key, {"as_of": today.isoformat()})
    assert run.status == 200, run.body
    assert sorted((p["amount"], p["management_fee"]) for p in run.body["periods_paid"]) == (
        [(2000, 0)] * 5 + [(140000, 7000)] * 2)
    rerun = api.post("/v1/funding-runs", council.funder_key, {"as_of": today.isoformat()})
    assert rerun.status == 200 and rerun.body["periods_paid"] == []
    assert council.balances(wallet)["by_source"] == {"funder": 266000, "person_contribution": 10000, "nhs": 0, "top_up": 0}

    # The personal assistant is paid from the person's own money first.
    pa = council.pay(wallet, 25000, "personal_assistant", on=(opened + timedelta(days=3)).isoformat())
    assert pa.status == 201
    drawn = {p["account"].rsplit(":", 1)[1]: p["amount"] for p in pa.body["transaction"]["postings"] if p["side"] == "debit"}
    assert drawn == {"person_contribution": 10000, "funder": 15000}

    # An invoice is held, then captured in part; the rest returns.
    hold = api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                    {"amount": 30000, "category": "invoice", "reference": "INV-1001"})
    assert hold.status == 201 and council.balances(wallet)["committed"] == 30000
    capture = api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 18000})
    assert capture.status == 200 and council.balances(wallet)["committed"] == 0

    # £600 of equipment waits for approval over the £500 threshold, then is approved.
    equipment = council.pay(wallet, 60000, "equipment", on=today.isoformat())
    assert equipment.status == 202
    assert council.balances(wallet)["awaiting_approval"] == 60000
    approved = api.post(f"/v1/approvals/{equipment.body['approval']['id']}/approve", council.funder_key,
                        {"reason": "recommended by the occupational therapist"})
    assert approved.status == 200

    gambling = council.pay(wallet, 1000, "gambling", on=today.isoformat())
    assert gambling.status == 422 and gambling.body["type"] == "category-blocked"

    view = api.get(f"/v1/wallets/{wallet}", council.holder_key).body
    expected = 280000 + 10000 - 14000 - 25000 - 18000 - 60000
    assert view["balances"]["available"] == view["balances"]["total"] == expected
    assert view["hours"]["available"] == (expected * 10 // 1750) / 10

    statement = api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                        params={"from": opened.isoformat(), "to": today.isoformat()})
    assert statement.status == 200, statement.body
    body = statement.body
    assert body["reconciled"] is True
    assert body["opening"]["total"] == 0 and body["closing"]["total"] == expected
    lines = {(line["section"], line["code"]): line["amount"] for line in body["lines"]}
    assert lines[("money_in", "funder")] == 280000 and lines[("money_in", "person_contribution")] == 10000
    assert lines[("fees", "management_fee")] == -14000
    assert (lines[("money_out", "personal_assistant")], lines[("money_out", "invoice")],
            lines[("money_out", "equipment")]) == (-25000, -18000, -60000)
    assert body["opening"]["total"] + sum(lines.values()) == body["closing"]["total"]
    assert sum(balances(api.database).values()) == 0

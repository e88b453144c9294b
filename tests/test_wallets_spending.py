"""Wallets, policies, fundings, payments, approvals and holds through the HTTP API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.scenario import Council
from tests.support import Api
from wallet.persistence.tables import transactions


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


# --- set-up rules ---------------------------------------------------------------------------


def test_new_wallets_open_only_at_accredited_holders(council: Council) -> None:
    policy = council.policy()
    council.accredit(council.holder_id, "suspended")
    response = council.api.post("/v1/wallets", council.funder_key, {
        "person_ref": "P-1", "holder_id": council.holder_id, "arrangement": "isf", "policy_id": policy,
        "opened_on": "2026-04-06"})
    assert response.status == 422 and response.body["type"] == "holder-not-accredited"
    stranger = council.api.organisation("holder")
    response = council.api.post("/v1/wallets", council.funder_key, {
        "person_ref": "P-1", "holder_id": stranger, "arrangement": "isf", "policy_id": policy, "opened_on": "2026-04-06"})
    assert response.status == 404


@pytest.mark.parametrize("rules, field", [
    ({"share_split": {"person": 5000, "holder": 5000, "funder": 1}}, "share_split"),
    ({"surplus_action": "share"}, "share_split"),
    ({"overspend": "holder_reserve"}, "overspend_limit"),
    ({"management_fee": {"percent_bp": 20000}}, "management_fee.percent_bp"),
    ({"approval_threshold": -1}, "approval_threshold"),
    ({"spend_order": ["funder", "funder"]}, "spend_order"),
    ({"colour": "blue"}, None),
])
def test_policies_are_validated_with_clear_errors(council: Council, rules: dict, field: str | None) -> None:
    response = council.api.post("/v1/policies", council.funder_key, {"name": "bad", "rules": rules})
    assert response.status == 422, response.body
    assert response.body["type"] == "invalid-input"
    if field:
        assert response.body.get("field") == field


def test_policies_are_versioned_and_transactions_record_the_version(council: Council) -> None:
    policy = council.policy(approval_threshold=50000)
    wallet = council.wallet(policy)
    first = council.fund(wallet, 10000)
    assert first["details"]["policy_version"] == 1
    revised = council.api.post(f"/v1/policies/{policy}/versions", council.funder_key, {"rules": {"approval_threshold": 100}})
    assert revised.status == 201 and revised.body["version"] == 2
    second = council.fund(wallet, 10000)
    assert second["details"]["policy_version"] == 2
    old = council.api.get(f"/v1/policies/{policy}", council.funder_key, params={"version": 1})
    assert old.body["rules"]["approval_threshold"] == 50000
    assert council.pay(wallet, 500).status == 202  # the new threshold applies from now on


def test_a_funder_lists_only_its_own_policies_at_their_newest_version(council: Council) -> None:
    first = council.policy("first", approval_threshold=50000)
    second = council.policy("second")
    council.api.post(f"/v1/policies/{first}/versions", council.funder_key, {"rules": {"approval_threshold": 100}})
    Council.create(council.api, "Elsewhere Council").policy("not mine")
    page = council.api.get("/v1/policies", council.funder_key, params={"limit": 1})
    assert page.status == 200 and len(page.body["items"]) == 1 and page.body["next_cursor"]
    rest = council.api.get("/v1/policies", council.funder_key, params={"cursor": page.body["next_cursor"]})
    listed = {p["id"]: p for p in page.body["items"] + rest.body["items"]}
    assert set(listed) == {first, second} and rest.body["next_cursor"] is None
    assert listed[first]["version"] == 2 and listed[first]["rules"]["approval_threshold"] == 100
    assert council.api.get("/v1/policies", council.holder_key).status == 403


# --- funding and fees -----------------------------------------------------------------------


def test_funding_charges_the_management_fee_as_its_own_postings(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}))
    funding = council.fund(wallet, 140000)
    fee_lines = [p for p in funding["postings"] if p["memo"] == "management_fee"]
    assert [(p["side"], p["amount"]) for p in fee_lines] == [("debit", 7000), ("credit", 7000)]
    # The fee is income of the holder, kept as this wallet's part of its fee income.
    assert fee_lines[1]["account"] == f"holder:{council.holder_id}:fee_income:wallet:{wallet}"
    assert council.balances(wallet)["available"] == 133000
    # The person's own contribution bears no fee.
    council.fund(wallet, 2000, "person_contribution")
    assert council.balances(wallet)["by_source"]["person_contribution"] == 2000


def test_the_annual_fee_cap_is_respected(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 1500, "annual_cap": 30000}))
    fees = [council.fund(wallet, 100000, on=f"2026-0{m}-07")["details"].get("management_fee", 0) for m in (4, 5, 6)]
    assert fees == [15000, 15000, 0]
    # A new financial year starts a new cap.
    assert council.fund(wallet, 100000, on="2027-04-01")["details"]["management_fee"] == 15000


def test_funding_before_the_wallet_opened_is_refused(council: Council) -> None:
    wallet = council.wallet()
    response = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key,
                                {"amount": 100, "source": "funder", "effective_date": "2026-01-01"})
    assert response.status == 422 and response.body["type"] == "invalid-input"


@pytest.mark.parametrize("amount", [0, -100, 10.5, "100", True])
def test_money_must_be_a_positive_whole_number_of_pence(council: Council, amount: object) -> None:
    wallet = council.wallet()
    response = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key,
                                {"amount": amount, "source": "funder", "effective_date": "2026-04-06"})
    assert response.status == 422 and response.body["type"] == "validation-error"


# --- spending rules -------------------------------------------------------------------------


def test_blocked_categories_are_refused(council: Council) -> None:
    wallet = council.wallet(council.policy(blocked_categories=["gambling", "alcohol"]))
    council.fund(wallet, 10000)
    response = council.pay(wallet, 1000, "Gambling")
    assert response.status == 422 and response.body["type"] == "category-blocked"
    assert council.balances(wallet)["available"] == 10000


def test_not_enough_money_names_the_shortfall(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10000)
    response = council.pay(wallet, 12550)
    assert response.status == 422 and response.body["type"] == "insufficient-funds"
    assert response.body["shortfall"] == 2550
    assert council.balances(wallet)["available"] == 10000


def test_sources_are_drawn_in_spend_order_and_each_posting_names_its_source(council: Council) -> None:
    wallet = council.wallet(council.policy(spend_order=["person_contribution", "funder"]))
    council.fund(wallet, 10000)
    council.fund(wallet, 2000, "person_contribution")
    response = council.pay(wallet, 5000)
    assert response.status == 201
    lines = {(p["account"].rsplit(":", 1)[-1], p["amount"]) for p in response.body["transaction"]["postings"] if p["side"] == "debit"}
    assert lines == {("person_contribution", 2000), ("funder", 3000)}
    assert council.balances(wallet)["by_source"] == {"funder": 7000, "person_contribution": 0, "nhs": 0, "top_up": 0}


def test_overspend_draws_the_holders_reserve_up_to_the_limit_and_alerts(council: Council) -> None:
    wallet = council.wallet(council.policy(overspend="holder_reserve", overspend_limit=5000))
    council.fund(wallet, 10000)
    drawn = council.pay(wallet, 13000)
    assert drawn.status == 201 and drawn.body["reserve_drawn"] == 3000
    balances = council.balances(wallet)
    assert balances["available"] == 0 and balances["reserve_drawn"] == 3000
    alerts = council.api.get("/v1/alerts", council.funder_key, params={"kind": "overspend"})
    assert [a["details"]["reserve_drawn"] for a in alerts.body["items"]] == [3000]
    refused = council.pay(wallet, 2500)
    assert refused.status == 422 and refused.body["shortfall"] == 500
    assert council.api.get("/v1/alerts", council.holder_key).body["items"][0]["kind"] == "overspend"


def test_payments_over_the_threshold_wait_for_approval_then_post(council: Council) -> None:
    wallet = council.wallet(council.policy(approval_threshold=50000))
    council.fund(wallet, 140000)
    waiting = council.pay(wallet, 60000, "equipment")
    assert waiting.status == 202 and waiting.body["status"] == "awaiting_approval"
    approval = waiting.body["approval"]["id"]
    balances = council.balances(wallet)
    assert (balances["available"], balances["awaiting_approval"]) == (80000, 60000)
    # The holder cannot approve its own request.
    assert council.api.post(f"/v1/approvals/{approval}/approve", council.holder_key).status == 403
    approved = council.api.post(f"/v1/approvals/{approval}/approve", council.funder_key, {"reason": "OT assessment"})
    assert approved.status == 200 and approved.body["approval"]["status"] == "approved"
    balances = council.balances(wallet)
    assert (balances["available"], balances["awaiting_approval"]) == (80000, 0)
    again = council.api.post(f"/v1/approvals/{approval}/reject", council.funder_key)
    assert again.status == 409 and again.body["type"] == "approval-already-decided"


def test_a_rejected_payment_returns_its_money(council: Council) -> None:
    wallet = council.wallet(council.policy(approval_categories=["holiday"]))
    council.fund(wallet, 30000)
    waiting = council.pay(wallet, 20000, "holiday")
    assert waiting.status == 202
    rejected = council.api.post(f"/v1/approvals/{waiting.body['approval']['id']}/reject", council.funder_key,
                                {"reason": "not in the support plan"})
    assert rejected.status == 200 and rejected.body["approval"]["status"] == "rejected"
    assert council.balances(wallet)["available"] == 30000


def test_only_the_holder_pays_and_other_tenants_see_nothing(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10000)
    assert council.api.post(f"/v1/wallets/{wallet}/payments", council.funder_key,
                            {"amount": 100, "category": "x", "effective_date": "2026-04-10"}).status == 403
    other = Council.create(council.api, "Another Council")
    assert other.pay(wallet, 100).status == 404
    assert council.api.get(f"/v1/wallets/{wallet}", other.funder_key).status == 404
    person = council.api.key_for(council.funder_id, "person", wallet_id=wallet, issuer=council.funder_key)
    assert council.api.get(f"/v1/wallets/{wallet}", person).status == 200
    assert council.api.post(f"/v1/wallets/{wallet}/payments", person,
                            {"amount": 100, "category": "x", "effective_date": "2026-04-10"}).status == 403


def test_wallet_view_shows_plain_money_and_hours(council: Council) -> None:
    wallet = council.wallet(council.policy(hourly_rate=3500))
    council.fund(wallet, 110250)
    body = council.api.get(f"/v1/wallets/{wallet}", council.funder_key).body
    assert body["display"]["available"] == "£1,102.50"
    assert body["hours"]["available"] == 31.5
    assert "31.5 hours" in body["summary"]


# --- holds ----------------------------------------------------------------------------------


def test_hold_capture_part_then_the_rest_returns(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 50000)
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                            {"amount": 30000, "category": "invoice", "reference": "INV-88"})
    assert hold.status == 201
    balances = council.balances(wallet)
    assert (balances["available"], balances["committed"]) == (20000, 30000)
    # Held money is not available to spend.
    assert council.pay(wallet, 25000).status == 422
    capture = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 18000})
    assert capture.status == 200 and capture.body["hold"]["status"] == "captured"
    balances = council.balances(wallet)
    assert (balances["available"], balances["committed"]) == (32000, 0)
    again = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/release", council.holder_key)
    assert again.status == 409 and again.body["type"] == "hold-not-live"


def test_hold_release_and_capture_limits(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 50000)
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 10000, "category": "wages"})
    hold_id = hold.body["hold"]["id"]
    too_much = council.api.post(f"/v1/holds/{hold_id}/capture", council.holder_key, {"amount": 10001})
    assert too_much.status == 422 and too_much.body["type"] == "capture-exceeds-hold"
    released = council.api.post(f"/v1/holds/{hold_id}/release", council.holder_key)
    assert released.status == 200 and released.body["hold"]["status"] == "released"
    assert council.balances(wallet)["available"] == 50000
    blocked = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 60000, "category": "wages"})
    assert blocked.status == 422 and blocked.body["type"] == "insufficient-funds"


def test_capturing_over_the_threshold_waits_for_approval(council: Council) -> None:
    wallet = council.wallet(council.policy(approval_threshold=50000))
    council.fund(wallet, 100000)
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 70000, "category": "equipment"})
    capture = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 60000})
    assert capture.status == 202
    balances = council.balances(wallet)
    assert (balances["available"], balances["committed"], balances["awaiting_approval"]) == (40000, 0, 60000)
    approval = capture.body["payment"]["approval"]["id"]
    assert council.api.post(f"/v1/approvals/{approval}/approve", council.funder_key).status == 200
    assert council.balances(wallet)["total"] == 40000


def test_expired_holds_are_swept_back_and_alerted(council: Council) -> None:
    from wallet.usecases.holds import sweep_expired_holds

    wallet = council.wallet()
    council.fund(wallet, 20000)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                            {"amount": 15000, "category": "invoice", "expires_on": tomorrow})
    assert council.balances(wallet)["available"] == 5000
    with council.api.database.writer.begin() as session:
        assert sweep_expired_holds(session, today=date.today()) == []
    with council.api.database.writer.begin() as session:
        swept = sweep_expired_holds(session, today=date.today() + timedelta(days=2))
    assert [h.id for h in swept] == [hold.body["hold"]["id"]]
    assert council.balances(wallet)["available"] == 20000
    kinds = [a["kind"] for a in council.api.get("/v1/alerts", council.holder_key).body["items"]]
    assert kinds == ["hold_expired"]


# --- reversals ------------------------------------------------------------------------------


def test_payments_and_fundings_can_be_reversed(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}))
    funding = council.fund(wallet, 20000)
    payment = council.pay(wallet, 5000).body["transaction"]
    assert council.api.post(f"/v1/transactions/{payment['id']}/reversals", council.holder_key).status == 201
    assert council.balances(wallet)["available"] == 19000
    # The holder may not undo the council's funding; the council may.
    assert council.api.post(f"/v1/transactions/{funding['id']}/reversals", council.holder_key).status == 403
    assert council.api.post(f"/v1/transactions/{funding['id']}/reversals", council.funder_key).status == 201
    assert council.balances(wallet)["available"] == 0
    with council.api.database.reader() as session:
        kinds = session.execute(select(transactions.c.kind).order_by(transactions.c.seq)).scalars().all()
    assert kinds == ["funding", "payment", "reversal", "reversal"]

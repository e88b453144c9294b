"""Issue 15's cases 2, 3 and 5 through the HTTP API, each a council's rule in its own words:
a planned budget for a wallet paid by one-off fundings, Staffordshire's opening float, and
St Helens' surplus netted off future payments. Figures are worked out by hand beside them."""

from __future__ import annotations

from csv import reader
from io import StringIO
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, balances


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def _open(council: Council, policy: str, *, person_ref: str = "P-0001", opened_on: str = "2026-04-06",
          **extra: Any) -> str:
    response = council.api.post("/v1/wallets", council.funder_key, {
        "person_ref": person_ref, "holder_id": council.holder_id, "arrangement": "isf", "policy_id": policy,
        "opened_on": opened_on, **extra})
    assert response.status == 201, response.body
    return str(response.body["id"])


def _close(council: Council, wallet: str, period_end: str, *, confirm: bool = True) -> dict[str, Any]:
    response = council.api.post("/v1/period-closes", council.funder_key,
                                {"period_end": period_end, "wallet_ids": [wallet]})
    assert response.status == 201, response.body
    if confirm:
        confirmed = council.api.post(f"/v1/period-closes/{response.body['id']}/confirm", council.funder_key, {})
        assert confirmed.status == 200, confirmed.body
        return confirmed.body["items"][0]  # type: ignore[no-any-return]
    return response.body["items"][0]  # type: ignore[no-any-return]


def _schedule(council: Council, wallet: str, **terms: Any) -> None:
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key,
                                {"source": "funder", "starts_on": "2026-04-06", **terms})
    assert response.status == 201, response.body


def _run(council: Council, as_of: str) -> dict[str, Any]:
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": as_of})
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def _statement(council: Council, wallet: str, first: str, last: str) -> dict[str, Any]:
    response = council.api.get(f"/v1/wallets/{wallet}/statement?from={first}&to={last}", council.funder_key)
    assert response.status == 200, response.body
    assert response.body["reconciled"] is True
    return response.body  # type: ignore[no-any-return]


def _recovered(council: Council) -> int:
    return -balances(council.api.database).get(f"funder:{council.funder_id}:recovered", 0)


def _cash(council: Council, wallet: str) -> int:
    return balances(council.api.database)[f"holder:{council.holder_id}:client_bank:wallet:{wallet}"]


# --- case 2: a budget without a schedule --------------------------------------------------------


def test_a_one_off_direct_payment_keeps_contingency_from_the_support_plans_budget(council: Council) -> None:
    """"Contingency is 4 weeks of the budget": the support plan budgets £325 a week, paid as one
    one-off direct payment of £2,600 (8 weeks), with no schedule."""
    rules = {"contingency_weeks": 4, "surplus_action": "recover", "hourly_rate": 1625,
             "underspend_alert": {"percent": 50, "periods": 1}}
    policy = council.policy("one-off direct payments", **rules)
    planned = _open(council, policy, planned_budget={"amount": 32500, "every": "1w"})
    unplanned = _open(council, policy, person_ref="P-0002")
    for wallet in (planned, unplanned):
        council.fund(wallet, 260000, on="2026-04-06")
        for day in ("2026-04-10", "2026-04-17", "2026-04-24", "2026-05-01"):
            assert council.pay(wallet, 32500, on=day).status == 201

    # 4 weeks of £325 spent: £2,600 - £1,300 = £1,300 left, which is 4 weeks of £325 = £1,300.
    first = _close(council, planned, "2026-05-03")
    assert (first["weekly_budget"], first["available"], first["contingency_cap"], first["surplus"]) == (
        32500, 130000, 4 * 32500, 0)
    # Without the plan the budget is learnt from schedules, and there are none: all £1,300 is surplus.
    without = _close(council, unplanned, "2026-05-03", confirm=False)
    assert (without["weekly_budget"], without["surplus"]) == (0, 130000)

    # The review lowers the plan to £13,000 a year from 4 May: £13,000 / 52 = £250 a week.
    changed = council.api.post(f"/v1/wallets/{planned}/planned-budgets", council.funder_key,
                               {"amount": 1300000, "every": "1y", "effective_from": "2026-05-04"})
    assert changed.status == 201, changed.body
    assert changed.body["in_force"]["weekly"] == 25000 and changed.body["basis"] == "planned_budget"
    before = council.api.get(f"/v1/wallets/{planned}/planned-budgets?on=2026-04-20", council.holder_key)
    assert (before.body["weekly_budget"], before.body["in_force"]["every"]) == (32500, "1w")
    assert council.api.get(f"/v1/wallets/{planned}", council.funder_key).body["weekly_budget"] == 25000

    # Nothing spent in May: £1,300 unspent against 4 × £250 = £1,000 kept, so £300 is recovered.
    second = _close(council, planned, "2026-05-31")
    assert (second["weekly_budget"], second["contingency_cap"], second["surplus"], second["recovered"]) == (
        25000, 100000, 30000, 30000)
    # Underspend ("more than 50% unspent") against the plan: the first period budgeted 4 × £325 =
    # £1,300 and left £1,300; 4 to 31 May is 28 days of £250 a week, £1,000, and left £1,300, though
    # nothing was paid in. Against what was paid in, the unplanned wallet left £1,300 of £2,600:
    # exactly half, not more.
    assert (first["budget_in_period"], second["budget_in_period"], without["budget_in_period"]) == (
        130000, 100000, None)
    alerts = council.api.get(f"/v1/alerts?kind=underspend&wallet_id={planned}", council.funder_key)
    assert sorted(a["details"]["period_end"] for a in alerts.body["items"]) == ["2026-05-03", "2026-05-31"]
    assert council.api.get(f"/v1/alerts?kind=underspend&wallet_id={unplanned}", council.funder_key).body["items"] == []
    assert _recovered(council) == 30000

    # Hours: £325 a week at £16.25 an hour is 20 hours a week.
    statement = _statement(council, planned, "2026-04-06", "2026-05-03")
    assert statement["hours"]["planned_per_week"] == 20.0


def test_a_planned_budget_is_refused_before_the_wallet_opened_and_twice_from_one_date(council: Council) -> None:
    wallet = _open(council, council.policy(), planned_budget={"amount": 130000, "every": "4w"})
    early = council.api.post(f"/v1/wallets/{wallet}/planned-budgets", council.funder_key,
                             {"amount": 1000, "every": "1w", "effective_from": "2026-04-05"})
    assert (early.status, early.body["type"].rsplit("/", 1)[-1]) == (422, "planned-budget-before-wallet")
    twice = council.api.post(f"/v1/wallets/{wallet}/planned-budgets", council.funder_key,
                             {"amount": 1000, "every": "1w", "effective_from": "2026-04-06"})
    assert (twice.status, twice.body["type"].rsplit("/", 1)[-1]) == (409, "planned-budget-exists")
    by_holder = council.api.post(f"/v1/wallets/{wallet}/planned-budgets", council.holder_key,
                                 {"amount": 1000, "every": "1w", "effective_from": "2026-05-01"})
    assert by_holder.status == 403
    # £1,300 every 4 weeks is £325 a week; nothing else was stored.
    listed = council.api.get(f"/v1/wallets/{wallet}/planned-budgets?on=2026-06-01", council.funder_key).body
    assert [(b["amount"], b["every"], b["weekly"]) for b in listed["budgets"]] == [(130000, "4w", 32500)]


# --- case 3: opening floats ---------------------------------------------------------------------


def test_staffordshires_eleven_week_float_is_not_surplus_until_the_wallet_ends(council: Council) -> None:
    """Staffordshire: "new users loaded with 11 weeks Float"; paid 4-weekly in arrears; a 4-week
    contingency. £250 a week: the float is 11 × £250 = £2,750, each period 4 × £250 = £1,000."""
    held = council.policy("float held", contingency_weeks=4, surplus_action="recover",
                          opening_float_as_contingency=True)
    not_held = council.policy("float not held", contingency_weeks=4, surplus_action="recover")
    wallets = [_open(council, held), _open(council, not_held, person_ref="P-0002")]
    for wallet in wallets:
        _schedule(council, wallet, amount=100000, every="4w", in_advance=False, opening_float=275000)
    run = _run(council, "2026-05-03")
    # Each wallet: the float on 6 April, and the first period (6 April to 3 May) at its end.
    assert sorted(p["amount"] for p in run["periods_paid"]) == [100000, 100000, 275000, 275000]
    for wallet in wallets:
        for day in ("2026-04-10", "2026-04-17", "2026-04-24", "2026-05-01"):
            assert council.pay(wallet, 25000, on=day).status == 201

    # Unspent: £2,750 + £1,000 - 4 × £250 = £2,750. Kept: 4 weeks (£1,000) and the float (£2,750).
    item = _close(council, wallets[0], "2026-05-03")
    assert (item["available"], item["float_held"], item["contingency_cap"], item["surplus"]) == (
        275000, 275000, 100000 + 275000, 0)
    assert "of the opening float until the wallet ends" in item["reason"]
    # Without the setting the first close proposes recovering most of the float: £2,750 - £1,000.
    other = _close(council, wallets[1], "2026-05-03", confirm=False)
    assert (other["float_held"], other["surplus"], other["recovered"]) == (0, 175000, 175000)
    assert _recovered(council) == 0

    statement = _statement(council, wallets[0], "2026-04-06", "2026-05-03")
    assert statement["opening_float_held"] == 275000
    assert statement["closing"]["available"] == 275000
    csv = council.api.get(f"/v1/wallets/{wallets[0]}/statement?from=2026-04-06&to=2026-05-03&format=csv",
                          council.funder_key)
    assert "opening_float_held,opening_float_held,Opening float kept for you until your support ends,275000,2750.00" \
        in csv.body

    # The wallet ends: the final close keeps no contingency, and the float returns to the council.
    ended = council.api.post(f"/v1/wallets/{wallets[0]}/closure", council.funder_key,
                             {"reason": "ended", "effective_date": "2026-05-10"})
    assert ended.status == 200, ended.body
    final = _close(council, wallets[0], "2026-05-10")
    assert (final["final"], final["float_held"], final["recovered"]) == (True, 0, 275000)
    assert _recovered(council) == 275000
    assert council.balances(wallets[0])["available"] == 0


# --- case 5: netting off ------------------------------------------------------------------------


def _st_helens(council: Council) -> str:
    """St Helens: "surplus > 8 weeks' funding" is recovered, "repayment requested within 2 weeks
    else future payments reduced". £350 a week in advance from 6 April, and a one-off £4,000."""
    policy = council.policy("St Helens", contingency_weeks=8, surplus_action="net_off")
    wallet = _open(council, policy)
    _schedule(council, wallet, amount=35000, every="1w", in_advance=True)
    council.fund(wallet, 400000, on="2026-04-06")
    _run(council, "2026-04-06")
    return wallet


def test_st_helens_surplus_is_netted_off_the_next_weekly_payments(council: Council) -> None:
    wallet = _st_helens(council)
    # Unspent £4,000 + £350 = £4,350; 8 weeks of £350 = £2,800 kept; surplus £1,550.
    item = _close(council, wallet, "2026-04-12")
    assert (item["surplus"], item["to_net_off"], item["recovered"]) == (155000, 155000, 155000)
    assert "netting it off" in item["reason"]
    assert council.balances(wallet)["available"] == 280000
    # The holder repays nothing: the £1,550 stays in its account as a recovery owed.
    assert _recovered(council) == 155000 and _cash(council, wallet) == 435000

    # Six weeks from 13 April to 18 May: £350 × 4 = £1,400 netted, then £150 of the fifth week,
    # and the sixth is paid in cash in full. The person receives every week in full.
    run = _run(council, "2026-05-18")
    assert [(p["amount"], p["netted"]) for p in run["periods_paid"]] == [
        (35000, 35000), (35000, 35000), (35000, 35000), (35000, 35000), (35000, 15000), (35000, 0)]
    assert council.balances(wallet)["available"] == 280000 + 6 * 35000
    assert _recovered(council) == 0
    # Cash: £4,350 + 6 × £350 − £1,550 netted = £4,900, exactly what is held for the person.
    assert _cash(council, wallet) == 490000

    statement = _statement(council, wallet, "2026-04-13", "2026-05-24")
    assert [(p["period_start"], p["netted"]) for p in statement["netted_off"]] == [
        ("2026-04-13", 35000), ("2026-04-20", 35000), ("2026-04-27", 35000), ("2026-05-04", 35000),
        ("2026-05-11", 15000)]
    assert sum(p["netted"] for p in statement["netted_off"]) == item["to_net_off"]
    csv = council.api.get(f"/v1/wallets/{wallet}/statement?from=2026-04-13&to=2026-05-24&format=csv",
                          council.funder_key).body
    assert ["netted_off", "netted_off:2026-05-11", "Kept back by the council from the funding for 11 May 2026 to "
            "17 May 2026, for unspent money recovered earlier", "15000", "150.00"] in list(reader(StringIO(csv)))
    pdf = council.api.get(f"/v1/wallets/{wallet}/statement?from=2026-04-13&to=2026-05-24&format=pdf",
                          council.funder_key)
    assert pdf.status == 200 and pdf.headers["content-type"].startswith("application/pdf")
    # The statement's money in is every week in full: netting moves none of the person's money.
    money_in = sum(line["amount"] for line in statement["lines"] if line["section"] == "money_in")
    assert money_in == 6 * 35000

    # The bank received £4,000 + £350 + 6 × £350 − £1,550 = £4,900: the reconciliation agrees.
    reconciliation = council.api.get(
        f"/v1/reports/reconciliation?holder_id={council.holder_id}&on=2026-05-24&bank_balance=490000",
        council.holder_key)
    assert reconciliation.status == 200, reconciliation.body
    assert reconciliation.body["difference"] == 0 and reconciliation.body["reconciled"] is True
    assert sum(balances(council.api.database).values()) == 0


def test_reversing_a_net_off_close_restores_the_netted_periods_and_nets_no_more(council: Council) -> None:
    wallet = _st_helens(council)
    item = _close(council, wallet, "2026-04-12")
    _run(council, "2026-04-27")  # three weeks netted: 3 × £350 = £1,050 of the £1,550
    assert _recovered(council) == 155000 - 105000
    netted = _statement(council, wallet, "2026-04-13", "2026-05-03")["netted_off"]
    assert [p["status"] for p in netted] == ["netted"] * 3

    netting = netted[0]["transaction_id"]
    refused = council.api.post(f"/v1/transactions/{netting}/reversals", council.funder_key, {})
    assert (refused.status, refused.body["type"].rsplit("/", 1)[-1]) == (422, "not-reversible"), refused.body

    reversal = council.api.post(f"/v1/transactions/{item['transaction_id']}/reversals", council.funder_key,
                                {"effective_date": "2026-04-28", "reason": "the surplus was committed to a plan"})
    assert reversal.status == 201, reversal.body
    # The person has the £1,550 back; the three netted weeks are owed in full again, so the
    # recovered account is back to nothing, and the cash expects those £1,050 from the council.
    assert council.balances(wallet)["available"] == 280000 + 3 * 35000 + 155000
    assert _recovered(council) == 0
    assert _cash(council, wallet) == 435000 + 3 * 35000
    restored = _statement(council, wallet, "2026-04-13", "2026-05-03")["netted_off"]
    assert [p["status"] for p in restored] == ["restored"] * 3

    _run(council, "2026-05-04")  # nothing is left to net: the week of 4 May is paid in full
    assert _cash(council, wallet) == 435000 + 4 * 35000
    assert len(_statement(council, wallet, "2026-04-13", "2026-05-10")["netted_off"]) == 3
    assert sum(balances(council.api.database).values()) == 0

"""Statements through a wallet's life events: period closes, a final settlement and a move to a new
holder, each line checked to the penny, in JSON and CSV, and each reversal netting on its own line.

Every figure is worked out by hand in the comments, from the rules in ``wallet.domain.unspent``:
surplus is taken from the oldest money first, the person's own money is never recovered.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, balances

WEEKLY = 10000


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def _wallet(council: Council, *, opened_on: str = "2026-01-05", person_ref: str = "P-0001", **rules: Any) -> str:
    wallet = council.wallet(council.policy(f"p{len(council.policies)}", **rules), opened_on=opened_on,
                            person_ref=person_ref)
    # A weekly budget, so a contingency of N weeks means N x WEEKLY; nothing is paid by it here.
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {
        "amount": WEEKLY, "source": "funder", "every": "1w", "in_advance": True, "starts_on": opened_on})
    assert response.status == 201, response.body
    return wallet


def _close(council: Council, wallet: str, period_end: str) -> dict[str, Any]:
    """Propose and confirm a close of one wallet; the confirmed item."""
    proposed = council.api.post("/v1/period-closes", council.funder_key, {"period_end": period_end,
                                                                         "wallet_ids": [wallet]})
    assert proposed.status == 201, proposed.body
    confirmed = council.api.post(f"/v1/period-closes/{proposed.body['id']}/confirm", council.funder_key, {})
    assert confirmed.status == 200, confirmed.body
    return confirmed.body["items"][0]  # type: ignore[no-any-return]


def _reverse(council: Council, transaction_id: str, on: str) -> None:
    response = council.api.post(f"/v1/transactions/{transaction_id}/reversals", council.funder_key,
                                {"effective_date": on, "reason": "confirmed in error"})
    assert response.status == 201, response.body


def _statement(council: Council, wallet: str, first: str, last: str) -> dict[str, Any]:
    response = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key, params={"from": first, "to": last})
    assert response.status == 200, response.body
    body: dict[str, Any] = response.body
    assert body["reconciled"] is True
    assert body["opening"]["total"] + sum(line["amount"] for line in body["lines"]) == body["closing"]["total"]
    assert sum(t["amount"] for t in body["totals"]) == body["movement"]
    for pot, edge_key in (("available", "available"), ("savings", "savings"), ("pools", "in_pools")):
        moved = sum(line["amount"] for line in body["lines"] if line["pot"] == pot)
        assert body["opening"][edge_key] + moved == body["closing"][edge_key], pot
    return body


def _csv(council: Council, wallet: str, first: str, last: str) -> list[tuple[str, str, int, str]]:
    response = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                               params={"from": first, "to": last, "format": "csv"})
    assert response.status == 200
    return [(r["section"], r["code"], int(r["amount_minor_units"]), r["amount"])
            for r in csv.DictReader(io.StringIO(response.body))]


def _lines(body: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    return [(line["section"], line["code"], line["pot"], line["amount"]) for line in body["lines"]]


def _rows(rows: list[tuple[str, str, int, str]], *sections: str) -> list[tuple[str, str, int, str]]:
    return [row for row in rows if row[0] in sections]


def _titles(body: dict[str, Any]) -> dict[str, tuple[str, int]]:
    return {t["section"]: (t["title"], t["amount"]) for t in body["totals"]}


def _negated(lines: list[tuple[str, str, str, int]]) -> list[tuple[str, str, str, int]]:
    return [(section, label, pot, -amount) for section, label, pot, amount in lines]


# --- period closes ------------------------------------------------------------------------------


def _recover_close(council: Council) -> tuple[str, dict[str, Any]]:
    """8 weeks kept; the person's contribution arrived first, so the oldest surplus is theirs."""
    wallet = _wallet(council, contingency_weeks=8, surplus_action="recover")
    council.fund(wallet, 5000, "person_contribution", on="2026-01-05")
    council.fund(wallet, 400000, on="2026-01-06")
    # The person's own money is spent first (the default spend order): 2000 of it is left.
    assert council.pay(wallet, 3000, "transport", on="2026-01-20").status == 201
    # 402000 unspent - 80000 contingency = 322000 surplus: the oldest 2000 is the person's own
    # (paid back to them), the other 320000 is the council's (recovered).
    item = _close(council, wallet, "2026-03-29")
    assert (item["recovered"], item["refunded_to_person"]) == (320000, 2000)
    return wallet, item


def test_a_recover_close_shows_what_the_funder_recovered_and_what_was_paid_back(council: Council) -> None:
    wallet, _ = _recover_close(council)
    body = _statement(council, wallet, "2026-01-01", "2026-03-31")
    assert _lines(body) == [
        ("money_in", "funder", "available", 400000),
        ("money_in", "person_contribution", "available", 5000),
        ("money_out", "transport", "available", -3000),
        ("recoveries", "funder", "available", -320000),
        ("refunds", "person_contribution", "available", -2000),
    ]
    assert not any(line["section"] == "other" for line in body["lines"])
    assert _titles(body)["recoveries"] == ("Recovered by the funder", -320000)
    assert _titles(body)["refunds"] == ("Paid back to the person", -2000)
    assert (body["closing"]["total"], body["closing"]["by_source"]["funder"]) == (80000, 80000)
    assert body["closing"]["total"] == council.balances(wallet)["available"]
    assert "£3,200.00 was recovered by the funder" in body["summary"]
    assert "£20.00 was paid back to the person" in body["summary"]
    assert "£4,050.00 came in and £3,250.00 went out" in body["summary"]
    rows = _csv(council, wallet, "2026-01-01", "2026-03-31")
    assert _rows(rows, "recoveries", "refunds") == [
        ("recoveries", "funder", -320000, "-3200.00"),
        ("refunds", "person_contribution", -2000, "-20.00"),
    ]
    assert rows[0][2] + sum(r[2] for r in _rows(rows, "money_in", "money_out", "recoveries", "refunds")) == 80000


def test_a_40_30_30_share_close_splits_the_surplus_three_ways_to_the_penny(council: Council) -> None:
    wallet = _wallet(council, surplus_action="share", share_split={"person": 4000, "holder": 3000, "funder": 3000})
    council.fund(wallet, 100001, on="2026-01-05")
    council.fund(wallet, 999, "person_contribution", on="2026-01-05")
    # No contingency: 101000 surplus. The council's 100001 splits 40001 / 30000 / 30000; the
    # person's own 999 is never shared: it goes to their savings.
    item = _close(council, wallet, "2026-02-01")
    assert (item["to_savings"], item["to_holder"], item["recovered"]) == (41000, 30000, 30000)
    body = _statement(council, wallet, "2026-01-05", "2026-02-01")
    assert _lines(body) == [
        ("money_in", "funder", "available", 100001),
        ("money_in", "person_contribution", "available", 999),
        ("recoveries", "funder", "available", -30000),
        ("savings", "funder", "available", -40001),
        ("savings", "funder", "savings", 40001),
        ("savings", "person_contribution", "available", -999),
        ("savings", "person_contribution", "savings", 999),
        ("efficiency_share", "funder", "available", -30000),
    ]
    titles = _titles(body)
    # A move between the person's own pots: shown on both, nil in the total.
    assert titles["savings"] == ("Moved to protected savings", 0)
    assert titles["efficiency_share"] == ("The holder's share of an efficiency saving", -30000)
    assert (body["closing"]["available"], body["closing"]["savings"], body["closing"]["total"]) == (0, 41000, 41000)
    assert body["movement"] == 41000
    for words in ("£300.00 was recovered by the funder", "£410.00 moved to protected savings",
                  "£300.00 was the holder's share of an efficiency saving"):
        assert words in body["summary"]
    assert _rows(_csv(council, wallet, "2026-01-05", "2026-02-01"), "recoveries", "savings", "efficiency_share") == [
        ("recoveries", "funder", -30000, "-300.00"),
        ("savings", "funder", -40001, "-400.01"),
        ("savings", "funder (savings)", 40001, "400.01"),
        ("savings", "person_contribution", -999, "-9.99"),
        ("savings", "person_contribution (savings)", 999, "9.99"),
        ("efficiency_share", "funder", -30000, "-300.00"),
    ]
    assert -balances(council.api.database)[f"holder:{council.holder_id}:efficiency_income"] == 30000


def _ended_and_settled(council: Council) -> tuple[str, dict[str, Any]]:
    wallet = _wallet(council, contingency_weeks=2, surplus_action="savings")
    council.fund(wallet, 100000, on="2026-01-05")
    council.fund(wallet, 6000, "person_contribution", on="2026-01-05")
    assert council.pay(wallet, 1000, "activities", on="2026-01-10").status == 201  # the person's own money first
    # 105000 unspent - 20000 contingency = 85000 surplus, the oldest first: funder 85000 (same day,
    # the council's lot sorts first) to savings. 15000 funder and 5000 person_contribution stay.
    assert _close(council, wallet, "2026-02-01")["to_savings"] == 85000
    council.fund(wallet, 30000, on="2026-02-02")
    ended = council.api.post(f"/v1/wallets/{wallet}/closure", council.funder_key,
                             {"reason": "ended", "effective_date": "2026-02-28"})
    assert ended.status == 200, ended.body
    # Final: everything left goes; the council's money (45000 available, 85000 saved) is
    # recovered, the person's own 5000 is paid back.
    item = _close(council, wallet, "2026-03-01")
    assert item["final"] and (item["recovered"], item["refunded_to_person"]) == (130000, 5000)
    return wallet, item


def test_a_final_settlement_after_an_ended_closure_empties_every_pot_by_source(council: Council) -> None:
    wallet, _ = _ended_and_settled(council)
    body = _statement(council, wallet, "2026-02-02", "2026-03-01")
    assert (body["opening"]["available"], body["opening"]["savings"], body["opening"]["total"]) == (20000, 85000, 105000)
    assert body["opening"]["by_source"] == {"funder": 15000, "person_contribution": 5000, "nhs": 0, "top_up": 0}
    assert _lines(body) == [
        ("money_in", "funder", "available", 30000),
        ("recoveries", "funder", "available", -45000),
        ("recoveries", "funder", "savings", -85000),  # savings leave by where they go, too
        ("refunds", "person_contribution", "available", -5000),
    ]
    assert body["closing"]["total"] == 0 and body["movement"] == -105000
    assert "£1,300.00 was recovered by the funder" in body["summary"]
    assert "£50.00 was paid back to the person" in body["summary"]
    assert _rows(_csv(council, wallet, "2026-02-02", "2026-03-01"), "recoveries", "refunds") == [
        ("recoveries", "funder", -45000, "-450.00"),
        ("recoveries", "funder (savings)", -85000, "-850.00"),
        ("refunds", "person_contribution", -5000, "-50.00"),
    ]
    # The wallet's whole life: both closes, the first's savings leaving at the second.
    life = _statement(council, wallet, "2026-01-05", "2026-03-01")
    assert _lines(life) == [
        ("money_in", "funder", "available", 130000),
        ("money_in", "person_contribution", "available", 6000),
        ("money_out", "activities", "available", -1000),
        ("recoveries", "funder", "available", -45000),
        ("recoveries", "funder", "savings", -85000),
        ("refunds", "person_contribution", "available", -5000),
        ("savings", "funder", "available", -85000),
        ("savings", "funder", "savings", 85000),
    ]
    assert (life["opening"]["total"], life["closing"]["total"]) == (0, 0)
    view = council.api.get(f"/v1/wallets/{wallet}", council.funder_key).body
    assert view["status"] == "closed"


# --- a move to a new holder ---------------------------------------------------------------------


def _moved(council: Council) -> tuple[str, str, dict[str, Any]]:
    api = council.api
    new_holder = api.organisation("holder", "New Provider")
    council.accredit(new_holder)
    wallet = _wallet(council, contingency_weeks=2, surplus_action="savings")
    council.fund(wallet, 50000, on="2026-01-05")
    council.fund(wallet, 3000, "person_contribution", on="2026-01-05")
    # 53000 - 20000 contingency: the oldest 33000 (the council's lot sorts first) to savings.
    assert _close(council, wallet, "2026-01-11")["to_savings"] == 33000
    other = _wallet(council, person_ref="P-0002")
    council.fund(other, 20000, on="2026-01-05")
    pool = api.post("/v1/pools", council.holder_key, {"name": "Cooking", "split": "equal", "joined_on": "2026-01-12",
                                                      "members": [{"wallet_id": wallet}, {"wallet_id": other}]})
    assert pool.status == 201, pool.body
    # 5000 each in, the person's own money first (3000 + 2000); 1000 each spent, again their own first.
    assert api.post(f"/v1/pools/{pool.body['id']}/contributions", council.holder_key,
                    {"amount": 10000, "effective_date": "2026-01-13"}).status == 201
    assert api.post(f"/v1/pools/{pool.body['id']}/payments", council.holder_key,
                    {"amount": 2000, "category": "activities", "effective_date": "2026-01-14"}).status == 201
    moved = api.post(f"/v1/wallets/{wallet}/moves", council.funder_key,
                     {"new_holder_id": new_holder, "effective_date": "2026-02-02"})
    assert moved.status == 201, moved.body
    return wallet, moved.body["new_wallet_id"], moved.body


def test_a_move_shows_money_leaving_the_old_wallet_and_arriving_at_the_new(council: Council) -> None:
    old, new, _ = _moved(council)
    before = _statement(council, old, "2026-01-05", "2026-02-02")
    assert _lines(before) == [
        ("money_in", "funder", "available", 50000),
        ("money_in", "person_contribution", "available", 3000),
        ("pools", "contributions", "available", -5000),
        ("pools", "contributions", "pools", 5000),
        ("pools", "payments", "pools", -1000),
        ("pools", "refunds", "available", 4000),  # the unspent share back before the move
        ("pools", "refunds", "pools", -4000),
        ("savings", "funder", "available", -33000),
        ("savings", "funder", "savings", 33000),
        ("moved_to_new_holder", "funder", "available", -17000),
        ("moved_to_new_holder", "funder", "savings", -33000),
        ("moved_to_new_holder", "person_contribution", "available", -2000),
    ]
    moved_out = [line for line in before["lines"] if line["section"] == "moved_to_new_holder"]
    assert {line["other_wallet_id"] for line in moved_out} == {new}
    assert all(line["other_wallet_id"] is None for line in before["lines"] if line not in moved_out)
    assert _titles(before)["moved_to_new_holder"] == ("Moved to the new holder", -52000)
    assert before["closing"]["total"] == 0
    assert "£520.00 moved with the person to their new holder" in before["summary"]
    assert _rows(_csv(council, old, "2026-01-05", "2026-02-02"), "moved_to_new_holder") == [
        ("moved_to_new_holder", f"funder to wallet {new}", -17000, "-170.00"),
        ("moved_to_new_holder", f"funder (savings) to wallet {new}", -33000, "-330.00"),
        ("moved_to_new_holder", f"person_contribution to wallet {new}", -2000, "-20.00"),
    ]

    after = _statement(council, new, "2026-02-01", "2026-02-28")
    assert _lines(after) == [
        ("moved_from_previous_holder", "funder", "available", 17000),
        ("moved_from_previous_holder", "funder", "savings", 33000),
        ("moved_from_previous_holder", "person_contribution", "available", 2000),
    ]
    assert {line["other_wallet_id"] for line in after["lines"]} == {old}
    assert (after["opening"]["total"], after["closing"]["total"], after["closing"]["savings"]) == (0, 52000, 33000)
    assert _titles(after)["moved_from_previous_holder"] == ("Moved from the previous holder", 52000)
    # What the previous holder passed on came in; nothing went out.
    assert "£520.00 came in and £0.00 went out" in after["summary"]
    assert _rows(_csv(council, new, "2026-02-01", "2026-02-28"), "moved_from_previous_holder") == [
        ("moved_from_previous_holder", f"funder from wallet {old}", 17000, "170.00"),
        ("moved_from_previous_holder", f"funder (savings) from wallet {old}", 33000, "330.00"),
        ("moved_from_previous_holder", f"person_contribution from wallet {old}", 2000, "20.00"),
    ]
    balances_now = council.balances(new)
    assert after["closing"]["by_source"] == balances_now["by_source"]


# --- reversals land on the line they correct ----------------------------------------------------


def test_a_reversed_recover_close_nets_on_its_own_lines(council: Council) -> None:
    wallet, item = _recover_close(council)
    done = [line for line in _lines(_statement(council, wallet, "2026-03-29", "2026-03-29"))]
    _reverse(council, item["transaction_id"], "2026-04-02")
    undone = _statement(council, wallet, "2026-04-02", "2026-04-02")
    assert _lines(undone) == _negated(done) == [
        ("recoveries", "funder", "available", 320000),
        ("refunds", "person_contribution", "available", 2000),
    ]
    assert "-£3,200.00 was recovered by the funder" in undone["summary"]
    whole = _statement(council, wallet, "2026-01-01", "2026-04-30")
    assert ("recoveries", "funder", "available", 0) in _lines(whole)
    assert ("refunds", "person_contribution", "available", 0) in _lines(whole)
    assert whole["closing"]["total"] == 402000


def test_a_reversed_share_close_nets_on_every_pot(council: Council) -> None:
    wallet = _wallet(council, surplus_action="share", share_split={"person": 4000, "holder": 3000, "funder": 3000})
    council.fund(wallet, 100001, on="2026-01-05")
    item = _close(council, wallet, "2026-02-01")
    done = _lines(_statement(council, wallet, "2026-02-01", "2026-02-01"))
    _reverse(council, item["transaction_id"], "2026-02-03")
    undone = _statement(council, wallet, "2026-02-03", "2026-02-03")
    assert _lines(undone) == _negated(done) == [
        ("recoveries", "funder", "available", 30000),
        ("savings", "funder", "available", 40001),
        ("savings", "funder", "savings", -40001),
        ("efficiency_share", "funder", "available", 30000),
    ]
    assert undone["closing"]["savings"] == 0 and undone["closing"]["available"] == 100001


def test_a_reversed_final_settlement_nets_on_its_own_lines(council: Council) -> None:
    wallet, item = _ended_and_settled(council)
    done = _lines(_statement(council, wallet, "2026-03-01", "2026-03-01"))
    # The ledger allows it (the funder posted it), so the statement must still say it truly.
    _reverse(council, item["transaction_id"], "2026-03-05")
    undone = _statement(council, wallet, "2026-03-05", "2026-03-05")
    assert _lines(undone) == _negated(done) == [
        ("recoveries", "funder", "available", 45000),
        ("recoveries", "funder", "savings", 85000),
        ("refunds", "person_contribution", "available", 5000),
    ]
    assert undone["closing"]["total"] == 135000


def test_a_reversed_move_nets_on_both_wallets(council: Council) -> None:
    old, new, moved = _moved(council)
    done_old = _lines(_statement(council, old, "2026-02-02", "2026-02-02"))
    done_new = _lines(_statement(council, new, "2026-02-02", "2026-02-02"))
    _reverse(council, moved["transaction_id"], "2026-02-04")
    undone_old = _statement(council, old, "2026-02-04", "2026-02-04")
    undone_new = _statement(council, new, "2026-02-04", "2026-02-04")
    moved_out = [line for line in done_old if line[0] == "moved_to_new_holder"]
    assert _lines(undone_old) == _negated(moved_out)
    assert _lines(undone_new) == _negated(done_new)
    assert {line["other_wallet_id"] for line in undone_old["lines"]} == {new}
    assert {line["other_wallet_id"] for line in undone_new["lines"]} == {old}
    assert (undone_old["closing"]["total"], undone_new["closing"]["total"]) == (52000, 0)
    whole_new = _statement(council, new, "2026-02-01", "2026-02-28")
    assert [amount for *_, amount in _lines(whole_new)] == [0, 0, 0]

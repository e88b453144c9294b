"""Funding schedules and funding runs through the HTTP API (and the command line), on SQLite and
PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from tests.scenario import Council
from tests.support import Api, Response, balances
from wallet.cli import app as cli
from wallet.persistence.db import Database
from wallet.persistence.tables import transactions
from wallet.persistence.wallet_repository import WalletRepository
from wallet.persistence.wallet_tables import schedule_payments
from wallet.persistence.wallet_tables import wallets as wallet_rows
from wallet.usecases.funding_run import funder_principal, run_funding, run_funding_for_schedule, schedules_to_run

ISF = {"amount": 140000, "source": "funder", "every": "4w", "in_advance": True, "starts_on": "2026-04-06"}


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def add_schedule(council: Council, wallet_id: str, **changes: Any) -> dict[str, Any]:
    response = council.api.post(f"/v1/wallets/{wallet_id}/schedules", council.funder_key, {**ISF, **changes})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def run(council: Council, as_of: str, **kwargs: Any) -> Response:
    return council.api.post("/v1/funding-runs", council.funder_key, {"as_of": as_of}, **kwargs)


def paid(council: Council, as_of: str) -> list[tuple[str, str, int, int]]:
    response = run(council, as_of)
    assert response.status == 200, response.body
    return [(p["period_start"], p["period_end"], p["amount"], p["management_fee"]) for p in response.body["periods_paid"]]


def count(database: Database, table: Any, *where: Any) -> int:
    with database.reader() as session:
        return int(session.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def scheduled_fundings(database: Database) -> int:
    return count(database, transactions, transactions.c.kind == "scheduled_funding")


# --- the common case ------------------------------------------------------------------------


def test_a_council_pays_an_isf_four_weekly_in_advance_less_the_management_fee(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}))
    schedule = add_schedule(council, wallet)
    assert schedule["weekly_equivalent"] == 35000 and schedule["amount_changes"] == []

    assert paid(council, "2026-04-05") == []
    first = run(council, "2026-04-06")
    assert first.status == 200, first.body
    assert first.body["periods_paid"] == [{
        "schedule_id": schedule["id"], "wallet_id": wallet, "kind": "period", "period_start": "2026-04-06",
        "period_end": "2026-05-03", "amount": 140000, "management_fee": 7000, "netted": 0,
        "transaction_id": first.body["periods_paid"][0]["transaction_id"]}]
    assert (first.body["total_amount"], first.body["total_fees"]) == (140000, 7000)
    assert council.balances(wallet)["available"] == 133000

    funding = council.api.get(f"/v1/transactions/{first.body['periods_paid'][0]['transaction_id']}", council.funder_key).body
    assert funding["kind"] == "scheduled_funding" and funding["effective_date"] == "2026-04-06"
    assert {k: funding["details"][k] for k in ("schedule_id", "period_start", "period_end", "management_fee")} == {
        "schedule_id": schedule["id"], "period_start": "2026-04-06", "period_end": "2026-05-03", "management_fee": 7000}
    fee_lines = [(p["account"], p["side"], p["amount"]) for p in funding["postings"] if p["memo"] == "management_fee"]
    assert fee_lines == [(f"wallet:{wallet}:available:funder", "debit", 7000),
                         (f"holder:{council.holder_id}:fee_income:wallet:{wallet}", "credit", 7000)]

    assert paid(council, "2026-05-03") == []
    assert paid(council, "2026-06-29") == [
        ("2026-05-04", "2026-05-31", 140000, 7000), ("2026-06-01", "2026-06-28", 140000, 7000),
        ("2026-06-29", "2026-07-26", 140000, 7000)]
    assert council.balances(wallet)["available"] == 4 * 133000
    ledger = balances(council.api.database)
    assert ledger[f"holder:{council.holder_id}:client_bank:wallet:{wallet}"] == 4 * 140000
    assert ledger[f"holder:{council.holder_id}:fee_income:wallet:{wallet}"] == -4 * 7000
    assert council.api.get(f"/v1/wallets/{wallet}", council.funder_key).body["weekly_budget"] == 35000


def test_in_arrears_each_period_is_paid_on_its_last_day(council: Council) -> None:
    wallet = council.wallet()
    add_schedule(council, wallet, amount=35000, every="1w", in_advance=False)
    assert paid(council, "2026-04-11") == []
    response = run(council, "2026-04-19")
    assert [(p["period_start"], p["period_end"]) for p in response.body["periods_paid"]] == [
        ("2026-04-06", "2026-04-12"), ("2026-04-13", "2026-04-19")]
    funding = council.api.get(f"/v1/transactions/{response.body['periods_paid'][0]['transaction_id']}",
                              council.funder_key).body
    assert funding["effective_date"] == "2026-04-12"
    assert council.balances(wallet)["available"] == 70000


def test_monthly_periods_fall_on_the_same_day_clamped_to_the_month_end(council: Council) -> None:
    wallet = council.wallet(opened_on="2026-01-31")
    add_schedule(council, wallet, amount=150000, every="1m", starts_on="2026-01-31")
    assert [(s, e) for s, e, _, _ in paid(council, "2026-04-30")] == [
        ("2026-01-31", "2026-02-27"), ("2026-02-28", "2026-03-30"), ("2026-03-31", "2026-04-29"),
        ("2026-04-30", "2026-05-30")]
    assert [s for s, _, _, _ in paid(council, "2026-06-30")] == ["2026-05-31", "2026-06-30"]


def test_an_amount_change_applies_from_its_date_and_never_rewrites_what_was_paid(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet, amount=10000, every="1w")
    assert [a for _, _, a, _ in paid(council, "2026-04-13")] == [10000, 10000]
    changed = council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/changes", council.funder_key,
                               {"amount": 12000, "effective_from": "2026-04-13"})
    assert changed.status == 201, changed.body
    assert changed.body["amount_changes"] == [{"effective_from": "2026-04-13", "amount": 12000}]
    # The period from 13 April was paid at the old amount and stays so; later ones pay the new.
    assert [(s, a) for s, _, a, _ in paid(council, "2026-04-27")] == [("2026-04-20", 12000), ("2026-04-27", 12000)]
    assert council.balances(wallet)["available"] == 2 * 10000 + 2 * 12000

    again = council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/changes", council.funder_key,
                             {"amount": 13000, "effective_from": "2026-04-13"})
    assert again.status == 409 and again.body["type"] == "amount-change-exists"
    before = council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/changes", council.funder_key,
                              {"amount": 13000, "effective_from": "2026-04-01"})
    assert before.status == 422 and before.body["type"] == "amount-change-outside-schedule"
    unknown = council.api.post(f"/v1/wallets/{wallet}/schedules/nope/changes", council.funder_key,
                               {"amount": 13000, "effective_from": "2026-05-01"})
    assert unknown.status == 404 and unknown.body["type"] == "schedule-not-found"


def test_the_opening_float_is_paid_once_with_the_first_run_from_the_start(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500, "fixed_per_period": 500}))
    add_schedule(council, wallet, opening_float=11 * 35000)
    assert paid(council, "2026-04-05") == []
    first = run(council, "2026-04-06").body
    assert [(p["kind"], p["period_start"], p["amount"], p["management_fee"]) for p in first["periods_paid"]] == [
        ("opening_float", "2026-04-06", 385000, 19250),   # the fixed fee is per period, not on the float
        ("period", "2026-04-06", 140000, 7500)]
    assert paid(council, "2026-05-04") == [("2026-05-04", "2026-05-31", 140000, 7500)]
    assert council.balances(wallet)["available"] == 385000 - 19250 + 2 * (140000 - 7500)


def test_a_final_period_cut_short_by_ends_on_is_pro_rated_by_days(council: Council) -> None:
    wallet = council.wallet()
    add_schedule(council, wallet, ends_on="2026-05-17")
    assert paid(council, "2026-11-01") == [("2026-04-06", "2026-05-03", 140000, 0), ("2026-05-04", "2026-05-17", 70000, 0)]
    assert paid(council, "2026-11-20") == []


# --- paying nothing twice -------------------------------------------------------------------


def test_a_run_repeated_pays_nothing_new_and_a_replayed_key_returns_the_first_answer(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}))
    add_schedule(council, wallet)
    first = run(council, "2026-06-29", idempotency_key="run-june")
    assert first.status == 200 and len(first.body["periods_paid"]) == 4
    second = run(council, "2026-06-29")
    assert second.status == 200
    assert second.body == {"as_of": "2026-06-29", "periods_paid": [], "periods_count": 0, "wallets_count": 0,
                           "total_amount": 0, "total_fees": 0, "total_netted": 0, "contributions_count": 0,
                           "contributions_refused_count": 0, "contributions_paid": [], "contributions_refused": []}
    replay = run(council, "2026-06-29", idempotency_key="run-june")
    assert replay.status == 200 and replay.body == first.body and replay.headers["Idempotent-Replayed"] == "true"
    reused = run(council, "2026-07-27", idempotency_key="run-june")
    assert reused.status == 422 and reused.body["type"] == "idempotency-key-reused"
    assert scheduled_fundings(council.api.database) == 4
    assert council.balances(wallet)["available"] == 4 * 133000


def _three_wallets(council: Council) -> list[str]:
    policy = council.policy(management_fee={"percent_bp": 500})
    wallets = [council.wallet(policy, person_ref=f"P-{n}") for n in range(3)]
    for wallet in wallets:
        add_schedule(council, wallet)
        add_schedule(council, wallet, amount=35000, every="1w", in_advance=False, source="nhs")
    return wallets


def test_concurrent_runs_pay_each_period_once(council: Council) -> None:
    database = council.api.database
    wallets = _three_wallets(council)
    with database.reader() as session:
        principal = funder_principal(session, council.funder_id)
    as_of = date(2026, 6, 29)
    start = threading.Barrier(4)

    def whole_run(_: int) -> int:
        start.wait()
        with database.writer.begin() as session:
            return len(run_funding(session, principal, as_of).paid)

    def schedule_by_schedule(_: int) -> int:
        # What the command line does: one database transaction per schedule.
        start.wait()
        with database.reader() as session:
            ids = schedules_to_run(session, principal, as_of)
        total = 0
        for schedule_id in ids:
            with database.writer.begin() as session:
                total += len(run_funding_for_schedule(session, principal, schedule_id, as_of).paid)
        return total

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(whole_run, 0), pool.submit(whole_run, 1),
                   pool.submit(schedule_by_schedule, 2), pool.submit(schedule_by_schedule, 3)]
        counts = [f.result(timeout=120) for f in futures]

    # Each wallet: four 4-weekly periods from 6 April, and weekly periods in arrears ending 12 April
    # to 28 June (12 of them).
    expected = 3 * (4 + 12)
    assert sum(counts) == expected
    assert scheduled_fundings(database) == expected
    assert count(database, schedule_payments, schedule_payments.c.status == "paid") == expected
    for wallet in wallets:
        assert council.balances(wallet)["by_source"] == {
            "funder": 4 * 133000, "nhs": 12 * (35000 - 1750), "person_contribution": 0, "top_up": 0}


def test_a_reversed_period_is_paid_again_by_a_later_run(council: Council) -> None:
    wallet = council.wallet()
    add_schedule(council, wallet, opening_float=50000)
    first = run(council, "2026-04-06").body["periods_paid"]
    period = next(p for p in first if p["kind"] == "period")
    opening = next(p for p in first if p["kind"] == "opening_float")
    for paid_item in (period, opening):
        reversal = council.api.post(f"/v1/transactions/{paid_item['transaction_id']}/reversals", council.funder_key,
                                    {"reason": "paid to the wrong wallet", "effective_date": "2026-04-07"})
        assert reversal.status == 201, reversal.body
    assert council.balances(wallet)["available"] == 0

    again = run(council, "2026-04-08").body["periods_paid"]
    assert sorted((p["kind"], p["period_start"], p["amount"]) for p in again) == [
        ("opening_float", "2026-04-06", 50000), ("period", "2026-04-06", 140000)]
    assert {p["transaction_id"] for p in again}.isdisjoint({period["transaction_id"], opening["transaction_id"]})
    assert paid(council, "2026-04-08") == []
    assert council.balances(wallet)["available"] == 190000
    assert count(council.api.database, schedule_payments, schedule_payments.c.status == "reversed") == 2


def test_closed_wallets_are_skipped(council: Council) -> None:
    open_wallet, closed_wallet = council.wallet(person_ref="P-1"), council.wallet(person_ref="P-2")
    add_schedule(council, open_wallet)
    add_schedule(council, closed_wallet)
    with council.api.database.writer.begin() as session:
        WalletRepository(session).close(closed_wallet, closed_on=date(2026, 4, 1), reason="ended")
    assert [p["wallet_id"] for p in run(council, "2026-04-06").body["periods_paid"]] == [open_wallet]
    refused = council.api.post(f"/v1/wallets/{closed_wallet}/schedules", council.funder_key, ISF)
    assert refused.status == 422 and refused.body["type"] == "wallet-closed"


def test_a_wallet_with_an_end_date_is_paid_up_to_that_day_only(council: Council) -> None:
    wallet = council.wallet()
    add_schedule(council, wallet)
    with council.api.database.writer.begin() as session:
        # The wallet stays open until its final close; only its end date is set.
        session.execute(update(wallet_rows).where(wallet_rows.c.id == wallet).values(
            closed_on=date(2026, 5, 17), closure_reason="ended"))
    assert paid(council, "2026-06-29") == [("2026-04-06", "2026-05-03", 140000, 0), ("2026-05-04", "2026-05-17", 70000, 0)]


# --- who may do what ------------------------------------------------------------------------


def test_a_funder_cannot_see_or_run_another_funders_schedules(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet)
    other = Council.create(council.api, "Another Council")
    assert council.api.get(f"/v1/wallets/{wallet}/schedules", other.funder_key).status == 404
    assert council.api.post(f"/v1/wallets/{wallet}/schedules", other.funder_key, ISF).body["type"] == "wallet-not-found"
    changed = council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/changes", other.funder_key,
                               {"amount": 1, "effective_from": "2026-05-01"})
    assert changed.status == 404
    assert paid(other, "2026-06-29") == []
    assert council.balances(wallet)["available"] == 0

    listed = council.api.get(f"/v1/wallets/{wallet}/schedules", council.holder_key)
    assert listed.status == 200 and [s["id"] for s in listed.body["items"]] == [schedule["id"]]
    person = council.api.key_for(council.funder_id, "person", wallet_id=wallet)
    assert council.api.get(f"/v1/wallets/{wallet}/schedules", person).status == 200
    assert council.api.post(f"/v1/wallets/{wallet}/schedules", council.holder_key, ISF).status == 403
    assert council.api.post("/v1/funding-runs", council.holder_key, {"as_of": "2026-06-29"}).status == 403
    assert council.balances(wallet)["available"] == 0


def test_schedules_are_listed_a_page_at_a_time(council: Council) -> None:
    wallet = council.wallet()
    made = {add_schedule(council, wallet, amount=100 * n)["id"] for n in range(1, 4)}
    first = council.api.get(f"/v1/wallets/{wallet}/schedules", council.funder_key, params={"limit": 2})
    assert len(first.body["items"]) == 2 and first.body["next_cursor"]
    rest = council.api.get(f"/v1/wallets/{wallet}/schedules", council.funder_key,
                           params={"limit": 2, "cursor": first.body["next_cursor"]})
    assert rest.body["next_cursor"] is None
    assert {s["id"] for s in first.body["items"] + rest.body["items"]} == made


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("changes, expected_type", [
    ({"amount": 0}, "validation-error"),
    ({"amount": -100}, "validation-error"),
    ({"amount": 10.5}, "validation-error"),
    ({"amount": "140000"}, "validation-error"),
    ({"amount": True}, "validation-error"),
    ({"every": "3w"}, "validation-error"),
    ({"source": "bank"}, "validation-error"),
    ({"in_advance": None}, "validation-error"),
    ({"opening_float": 0}, "validation-error"),
    ({"colour": "blue"}, "validation-error"),
    ({"starts_on": "2026-02-30"}, "validation-error"),
    ({"starts_on": "2026-04-05"}, "schedule-starts-before-wallet"),
    ({"ends_on": "2026-04-05"}, "schedule-ends-before-start"),
])
def test_bad_schedules_are_refused_with_a_clear_type(council: Council, changes: dict, expected_type: str) -> None:
    wallet = council.wallet()
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {**ISF, **changes})
    assert response.status == 422, response.body
    assert response.headers["content-type"] == "application/problem+json"
    assert response.body["type"] == expected_type
    assert council.api.get(f"/v1/wallets/{wallet}/schedules", council.funder_key).body["items"] == []


def test_unknown_wallets_answer_404(council: Council) -> None:
    response = council.api.post("/v1/wallets/no-such-wallet/schedules", council.funder_key, ISF)
    assert response.status == 404 and response.body["type"] == "wallet-not-found"


@pytest.mark.parametrize("body, expected_type", [
    ({}, "validation-error"),
    ({"as_of": "2026-13-01"}, "validation-error"),
    ({"as_of": "2026-06-29", "funder_id": "x"}, "validation-error"),
    ({"as_of": str(date.today() + timedelta(days=400))}, "funding-run-too-far-ahead"),
])
def test_bad_funding_runs_are_refused(council: Council, body: dict, expected_type: str) -> None:
    response = council.api.post("/v1/funding-runs", council.funder_key, body)
    assert response.status == 422 and response.body["type"] == expected_type, response.body


def test_a_funding_run_needs_an_idempotency_key(council: Council) -> None:
    response = council.api.client.post("/v1/funding-runs", json={"as_of": "2026-06-29"},
                                       headers={"Authorization": f"Bearer {council.funder_key}"})
    assert response.status_code == 422 and response.json()["type"] == "validation-error"
    assert "Idempotency-Key" in response.text


def test_a_retried_schedule_is_made_once_so_no_period_is_paid_twice(council: Council) -> None:
    wallet = council.wallet()
    url = f"/v1/wallets/{wallet}/schedules"
    first = council.api.post(url, council.funder_key, ISF, idempotency_key="schedule-1")
    again = council.api.post(url, council.funder_key, ISF, idempotency_key="schedule-1")
    assert (first.status, again.status) == (201, 201) and again.body == first.body
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert [s["id"] for s in council.api.get(url, council.funder_key).body["items"]] == [first.body["id"]]
    missing = council.api.client.post(url, json=ISF, headers={"Authorization": f"Bearer {council.funder_key}"})
    assert missing.status_code == 422 and "Idempotency-Key" in missing.text


# --- the command line -----------------------------------------------------------------------


def test_the_command_line_runs_a_funders_schedules_one_at_a_time(council: Council, database_url: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wallets = _three_wallets(council)
    monkeypatch.setenv("WALLET_DATABASE_URL", database_url)
    runner = CliRunner()
    result = runner.invoke(cli, ["funding-run", "--funder", council.funder_id, "--as-of", "2026-06-29"])
    assert result.exit_code == 0, result.output
    assert "paid 48 periods over 6 schedules: £29,400.00 (2940000), management fees £1,470.00 (147000)" in result.output
    rerun = runner.invoke(cli, ["funding-run", "--funder", council.funder_id, "--as-of", "2026-06-29"])
    assert rerun.exit_code == 0 and "paid 0 periods over 6 schedules: £0.00 (0)" in rerun.output
    assert scheduled_fundings(council.api.database) == 48
    assert council.balances(wallets[0])["available"] == 4 * 133000 + 12 * 33250

    unknown = runner.invoke(cli, ["funding-run", "--funder", council.holder_id, "--as-of", "2026-06-29"])
    assert unknown.exit_code == 1 and "no funder organisation" in unknown.output
    assert runner.invoke(cli, ["funding-run", "--funder", council.funder_id, "--as-of", "29/06/2026"]).exit_code == 2


def test_a_run_over_a_whole_book_can_answer_with_counts_only(council: Council) -> None:
    # Two wallets, each £1,400 every 4 weeks in advance from 6 April (ISF), 5% fee: a run to 27 April
    # pays each one period (6 April to 3 May): 2 x 140000 = 280000, fees 2 x 7000 = 14000.
    wallets = [council.wallet(council.policy(management_fee={"percent_bp": 500})) for _ in range(2)]
    for wallet in wallets:
        add_schedule(council, wallet)
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-04-27", "itemised": False})
    assert response.status == 200, response.body
    body = response.body
    assert body["periods_paid"] == [] and body["contributions_paid"] == []
    assert (body["periods_count"], body["wallets_count"]) == (2, 2)
    assert (body["total_amount"], body["total_fees"], body["total_netted"]) == (280000, 14000, 0)
    # Each period is still its own transaction in the journal.
    assert scheduled_fundings(council.api.database) == 2

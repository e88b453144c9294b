"""Scheduled pool contributions through the HTTP API (and the command line): set up by the pool's
holder, made by each member's funder's funding run after its fundings, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from typer.testing import CliRunner

from tests.scenario import Council
from tests.support import Api, Response
from wallet.cli import app as cli
from wallet.persistence.db import Database
from wallet.persistence.pool_tables import pool_scheduled_contributions
from wallet.usecases.funding_run import (
    contribution_schedules_to_run,
    funder_principal,
    run_contributions_for_schedule,
    run_funding,
)

WEEKS = [(date(2026, 4, 6) + timedelta(weeks=w)).isoformat() for w in range(4)]
WEEKLY = {"source": "funder", "every": "1w", "in_advance": True, "starts_on": WEEKS[0]}


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def funded_weekly(council: Council, names: list[str], weekly: int = 35000, *,
                  holder_id: str | None = None) -> dict[str, str]:
    """Wallets paid ``weekly`` every week in advance by their funder's funding runs."""
    policy = council.policy(f"policy-{'-'.join(names)}")
    wallets = {name: council.wallet(policy, person_ref=f"P-{name}", holder_id=holder_id) for name in names}
    for wallet in wallets.values():
        response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key,
                                    {**WEEKLY, "amount": weekly})
        assert response.status == 201, response.body
    return wallets


def make_pool(council: Council, split: str, members: list[dict[str, Any]], joined_on: str = WEEKS[0]) -> str:
    response = council.api.post("/v1/pools", council.holder_key,
                                {"name": "Driver", "split": split, "members": members, "joined_on": joined_on})
    assert response.status == 201, response.body
    return str(response.body["id"])


def add_schedule(council: Council, pool: str, **body: Any) -> dict[str, Any]:
    response = council.api.post(f"/v1/pools/{pool}/contribution-schedules", council.holder_key,
                                {"every": "1w", "starts_on": WEEKS[0], **body})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def run(council: Council, as_of: str) -> dict[str, Any]:
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": as_of})
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def made(body: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(c["wallet_id"], c["period_start"], c["amount"]) for c in body["contributions_paid"]]


def shares(council: Council, pool: str, key: str | None = None) -> dict[str, int]:
    body = council.api.get(f"/v1/pools/{pool}", key or council.holder_key).body
    return {m["wallet_id"]: m["share"] for m in body["members"]}


def rows(database: Database, *where: Any) -> int:
    with database.reader() as session:
        return int(session.execute(select(func.count()).select_from(pool_scheduled_contributions)
                                   .where(*where)).scalar_one())


# --- the common case ------------------------------------------------------------------------


@pytest.mark.parametrize("split, terms, body", [
    ("fixed", {"amount": 4000}, {}),          # each member's agreed £40
    ("equal", {}, {"amount": 8000}),          # £80 a week split equally
])
def test_david_and_richard_pay_40_a_week_each_by_themselves(council: Council, split: str, terms: dict[str, int],
                                                            body: dict[str, int]) -> None:
    wallets = funded_weekly(council, ["David", "Richard"])
    pool = make_pool(council, split, [{"wallet_id": w, **terms} for w in wallets.values()])
    schedule = add_schedule(council, pool, **body)
    assert {k: schedule[k] for k in ("pool_id", "wallet_id", "every", "starts_on", "ends_on")} == {
        "pool_id": pool, "wallet_id": None, "every": "1w", "starts_on": WEEKS[0], "ends_on": None}

    for week in WEEKS:
        body_ = run(council, week)
        assert len(body_["periods_paid"]) == 2, "the fundings are paid as before"
        assert sorted(made(body_)) == sorted((w, week, 4000) for w in wallets.values())
        assert body_["contributions_refused"] == []
        assert {c["schedule_id"] for c in body_["contributions_paid"]} == {schedule["id"]}

    assert shares(council, pool) == {w: 4 * 4000 for w in wallets.values()}
    for wallet in wallets.values():
        balances = council.balances(wallet)
        assert balances["in_pools"] == 4 * 4000
        assert balances["available"] == 4 * 35000 - 4 * 4000
        statement = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                                    params={"from": WEEKS[0], "to": WEEKS[3]}).body
        contributions = [line for line in statement["lines"] if line["section"] == "pools"]
        assert {(line["pot"], line["code"], line["amount"]) for line in contributions} == {
            ("available", "contributions", -16000), ("pools", "contributions", 16000)}
        assert statement["reconciled"] and statement["closing"]["in_pools"] == 16000

    # Each contribution is a one-member pool contribution dated its period's first day.
    again = run(council, WEEKS[3])
    assert (again["periods_paid"], again["contributions_paid"], again["contributions_refused"]) == ([], [], [])
    assert rows(council.api.database) == 8


def test_a_scheduled_contribution_is_an_ordinary_pool_contribution(council: Council) -> None:
    wallets = funded_weekly(council, ["David", "Richard"])
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 4000} for w in wallets.values()])
    schedule = add_schedule(council, pool, wallet_id=wallets["David"], amount=2500, every="2w")
    first = run(council, WEEKS[3])
    assert made(first) == [(wallets["David"], WEEKS[0], 2500), (wallets["David"], WEEKS[2], 2500)]
    assert [(c["period_start"], c["period_end"]) for c in first["contributions_paid"]] == [
        (WEEKS[0], "2026-04-19"), (WEEKS[2], "2026-05-03")]
    transaction = council.api.get(f"/v1/transactions/{first['contributions_paid'][1]['transaction_id']}",
                                  council.funder_key).body
    assert transaction["kind"] == "pool_contribution" and transaction["effective_date"] == WEEKS[2]
    assert {k: transaction["details"][k] for k in ("pool_id", "contribution_schedule_id", "period_start", "parts")} == {
        "pool_id": pool, "contribution_schedule_id": schedule["id"], "period_start": WEEKS[2],
        "parts": {wallets["David"]: 2500}}
    assert sorted((p["account"], p["side"], p["amount"]) for p in transaction["postings"]) == [
        (f"pool:{pool}:share:{wallets['David']}:funder", "credit", 2500),
        (f"wallet:{wallets['David']}:available:funder", "debit", 2500)]
    assert shares(council, pool) == {wallets["David"]: 5000, wallets["Richard"]: 0}


def test_a_final_part_period_is_pro_rated_and_nothing_is_made_after_ends_on(council: Council) -> None:
    wallets = funded_weekly(council, ["David"])
    pool = make_pool(council, "fixed", [{"wallet_id": wallets["David"], "amount": 7000}])
    add_schedule(council, pool, ends_on="2026-04-15")  # three days into the second week
    assert made(run(council, WEEKS[3])) == [(wallets["David"], WEEKS[0], 7000), (wallets["David"], WEEKS[1], 3000)]


def test_the_command_line_makes_contributions_after_the_fundings(council: Council, database_url: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wallets = funded_weekly(council, ["David", "Richard"])
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 4000} for w in wallets.values()])
    add_schedule(council, pool)
    monkeypatch.setenv("WALLET_DATABASE_URL", database_url)
    runner = CliRunner()
    result = runner.invoke(cli, ["funding-run", "--funder", council.funder_id, "--as-of", WEEKS[1]])
    assert result.exit_code == 0, result.output
    assert "paid 4 periods over 2 schedules: £1,400.00 (140000)" in result.output
    assert "made 4 pool contributions over 1 contribution schedule: £160.00 (16000)" in result.output
    rerun = runner.invoke(cli, ["funding-run", "--funder", council.funder_id, "--as-of", WEEKS[1]])
    assert rerun.exit_code == 0 and "made 0 pool contributions over 1 contribution schedule" in rerun.output
    assert shares(council, pool) == {w: 8000 for w in wallets.values()}


# --- several funders ------------------------------------------------------------------------


def test_each_member_contributes_in_their_own_funders_run(api: Api) -> None:
    first = Council.create(api, "First Council")
    second = Council.create(api, "Second Council")
    second.accredit(first.holder_id)
    a = funded_weekly(first, ["A"])["A"]
    b = funded_weekly(second, ["B"], holder_id=first.holder_id)["B"]
    pool = make_pool(first, "equal", [{"wallet_id": a}, {"wallet_id": b}])
    everyone = add_schedule(first, pool, amount=8001)  # an odd penny, split the same way by both runs
    only_a = add_schedule(first, pool, wallet_id=a, amount=500, every="4w")

    first_run = run(first, WEEKS[1])
    assert {c["wallet_id"] for c in first_run["contributions_paid"]} == {a}
    assert shares(first, pool)[b] == 0, "B's part waits for B's own funder's run"
    second_run = run(second, WEEKS[1])
    assert {c["wallet_id"] for c in second_run["contributions_paid"]} == {b}
    assert {p["wallet_id"] for p in second_run["periods_paid"]} == {b}

    parts = {(c["wallet_id"], c["period_start"]): c["amount"]
             for c in first_run["contributions_paid"] + second_run["contributions_paid"]
             if c["schedule_id"] == everyone["id"]}
    for week in WEEKS[:2]:
        assert parts[(a, week)] + parts[(b, week)] == 8001
        assert sorted([parts[(a, week)], parts[(b, week)]]) == [4000, 4001]
    assert shares(first, pool) == {a: parts[(a, WEEKS[0])] + parts[(a, WEEKS[1])] + 500,
                                   b: parts[(b, WEEKS[0])] + parts[(b, WEEKS[1])]}
    assert run(first, WEEKS[1])["contributions_paid"] == run(second, WEEKS[1])["contributions_paid"] == []

    # Each funder sees the schedules for every member and those for its own member only.
    def listed(key: str) -> set[str]:
        response = api.get(f"/v1/pools/{pool}/contribution-schedules", key)
        assert response.status == 200, response.body
        return {s["id"] for s in response.body["items"]}

    assert listed(first.holder_key) == listed(first.funder_key) == {everyone["id"], only_a["id"]}
    assert listed(second.funder_key) == {everyone["id"]}
    assert listed(api.key_for(second.funder_id, "person", wallet_id=b, issuer=second.funder_key)) == {everyone["id"]}
    audit = api.get("/v1/audit/log", second.funder_key, params={"action": "pool.contribution_schedule_created"})
    assert [(e["object_id"], e["wallet_id"]) for e in audit.body["items"]] == [(everyone["id"], b)]


# --- refusals, leavers, reversals -----------------------------------------------------------


def test_a_member_short_of_money_is_refused_and_paid_by_a_later_run(council: Council) -> None:
    wallets = funded_weekly(council, ["Richard"])
    david = funded_weekly(council, ["David"], weekly=3000)["David"]  # £30 a week, against £40 due
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 4000} for w in [*wallets.values(), david]])
    schedule = add_schedule(council, pool)

    first = run(council, WEEKS[0])
    assert made(first) == [(wallets["Richard"], WEEKS[0], 4000)]
    assert first["contributions_refused"] == [{
        "schedule_id": schedule["id"], "pool_id": pool, "wallet_id": david, "period_start": WEEKS[0],
        "type": "insufficient-funds", "detail": first["contributions_refused"][0]["detail"], "shortfall": 1000}]
    assert rows(council.api.database, pool_scheduled_contributions.c.wallet_id == david) == 0
    assert council.balances(david) == {**council.balances(david), "available": 3000, "in_pools": 0}

    # The next week's funding arrives first: the first week is made, the second still short.
    second = run(council, WEEKS[1])
    assert (david, WEEKS[0], 4000) in made(second)
    assert [(r["wallet_id"], r["period_start"], r["shortfall"]) for r in second["contributions_refused"]] == [
        (david, WEEKS[1], 2000)]
    council.fund(david, 10000, on=WEEKS[1])
    third = run(council, WEEKS[1])
    assert made(third) == [(david, WEEKS[1], 4000)] and third["contributions_refused"] == []
    assert shares(council, pool)[david] == 8000


def test_a_member_who_left_stops_contributing(council: Council) -> None:
    wallets = funded_weekly(council, ["A", "B", "C"])
    a, b, c = wallets.values()
    pool = make_pool(council, "equal", [{"wallet_id": w} for w in wallets.values()])
    add_schedule(council, pool, amount=9000)
    assert sorted(made(run(council, WEEKS[0]))) == sorted((w, WEEKS[0], 3000) for w in wallets.values())
    # C leaves on 16 April, before the run for the week of 13 April.
    left = council.api.call("DELETE", f"/v1/pools/{pool}/members/{c}", key=council.holder_key,
                            params={"effective_date": "2026-04-16"})
    assert left.status == 200, left.body
    later = made(run(council, WEEKS[3]))
    # The week C was in on its first day is split three ways, C's part not made; later weeks two ways.
    assert sorted(later) == sorted([(a, WEEKS[1], 3000), (b, WEEKS[1], 3000)]
                                   + [(w, week, 4500) for w in (a, b) for week in WEEKS[2:]])
    assert council.balances(c)["in_pools"] == 0 and council.balances(c)["available"] == 4 * 35000
    assert shares(council, pool) == {a: 3000 + 3000 + 9000, b: 3000 + 3000 + 9000, c: 0}


def test_a_wallet_that_ended_contributes_up_to_its_end_only(council: Council) -> None:
    wallets = funded_weekly(council, ["A", "B"])
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 4000} for w in wallets.values()])
    add_schedule(council, pool)
    ended = council.api.post(f"/v1/wallets/{wallets['A']}/closure", council.funder_key,
                             {"reason": "ended", "effective_date": "2026-04-19"})
    assert ended.status == 200, ended.body
    contributions = made(run(council, WEEKS[3]))
    assert sorted(p for w, p, _ in contributions if w == wallets["A"]) == WEEKS[:2]
    assert sorted(p for w, p, _ in contributions if w == wallets["B"]) == WEEKS


def test_a_closed_pool_takes_no_more_contributions(council: Council) -> None:
    wallets = funded_weekly(council, ["A", "B"])
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 4000} for w in wallets.values()])
    add_schedule(council, pool)
    run(council, WEEKS[0])
    closed = council.api.post(f"/v1/pools/{pool}/close", council.holder_key, {"effective_date": WEEKS[1]})
    assert closed.status == 200, closed.body
    assert made(run(council, WEEKS[3])) == []
    for wallet in wallets.values():
        assert council.balances(wallet) | {"in_pools": 0, "available": 4 * 35000} == council.balances(wallet)


def test_a_reversed_scheduled_contribution_is_made_again_by_the_next_run(council: Council) -> None:
    wallets = funded_weekly(council, ["David", "Richard"])
    david = wallets["David"]
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 4000} for w in wallets.values()])
    add_schedule(council, pool)
    first = run(council, WEEKS[0])
    original = next(c for c in first["contributions_paid"] if c["wallet_id"] == david)
    # The holder arranged the schedule, so it may correct what the funder's run made from it.
    reversal = council.api.post(f"/v1/transactions/{original['transaction_id']}/reversals", council.holder_key,
                                {"reason": "made twice by hand", "effective_date": WEEKS[0]})
    assert reversal.status == 201, reversal.body
    assert shares(council, pool)[david] == 0

    again = run(council, WEEKS[0])
    assert made(again) == [(david, WEEKS[0], 4000)]
    assert again["contributions_paid"][0]["transaction_id"] != original["transaction_id"]
    assert made(run(council, WEEKS[0])) == []
    assert shares(council, pool) == {w: 4000 for w in wallets.values()}
    assert rows(council.api.database, pool_scheduled_contributions.c.status == "reversed") == 1


def test_concurrent_runs_make_each_contribution_once(council: Council) -> None:
    database = council.api.database
    wallets = funded_weekly(council, ["A", "B", "C"])
    pool = make_pool(council, "equal", [{"wallet_id": w} for w in wallets.values()])
    add_schedule(council, pool, amount=9001)
    add_schedule(council, pool, wallet_id=wallets["A"], amount=100)
    with database.reader() as session:
        principal = funder_principal(session, council.funder_id)
    as_of = date(2026, 4, 27)
    start = threading.Barrier(4)

    def whole_run(_: int) -> int:
        start.wait()
        with database.writer.begin() as session:
            return len(run_funding(session, principal, as_of).contributions.made)

    def schedule_by_schedule(_: int) -> int:
        start.wait()
        with database.reader() as session:
            ids = contribution_schedules_to_run(session, principal, as_of)
        total = 0
        for schedule_id in ids:
            with database.writer.begin() as session:
                total += len(run_contributions_for_schedule(session, principal, schedule_id, as_of).made)
        return total

    with ThreadPoolExecutor(4) as executor:
        futures = [executor.submit(whole_run, 0), executor.submit(whole_run, 1),
                   executor.submit(schedule_by_schedule, 2), executor.submit(schedule_by_schedule, 3)]
        counts = [f.result(timeout=120) for f in futures]

    # Four weeks of three members by share and one member alone. A per-schedule run that came
    # before the money was refused and stored nothing; a whole run made the rest. Each once.
    expected = 4 * 3 + 4
    assert sum(counts) == expected == rows(database, pool_scheduled_contributions.c.status == "paid")
    assert rows(database) == expected
    assert sum(shares(council, pool).values()) == 4 * 9001 + 4 * 100
    assert made(run(council, as_of.isoformat())) == []


# --- bad input and other tenants ------------------------------------------------------------


@pytest.mark.parametrize("body, expected_type", [
    ({"every": "3w"}, "validation-error"),
    ({"amount": 0}, "validation-error"),
    ({"amount": 10.5}, "validation-error"),
    ({"starts_on": "2026-02-30"}, "validation-error"),
    ({"colour": "blue"}, "validation-error"),
    ({"ends_on": "2026-04-05"}, "schedule-ends-before-start"),
    ({}, "invalid-input"),                                   # an equal pool needs a total to split
    ({"wallet_id": "MEMBER"}, "invalid-input"),              # one member needs an amount
    ({"wallet_id": "OUTSIDER", "amount": 1000}, "restricted-funds"),
    ({"starts_on": "2026-04-01", "amount": 1000}, "invalid-input"),  # nobody is in the pool yet
])
def test_bad_contribution_schedules_are_refused_with_a_clear_type(council: Council, body: dict[str, Any],
                                                                  expected_type: str) -> None:
    wallets = funded_weekly(council, ["In", "Out"])
    pool = make_pool(council, "equal", [{"wallet_id": wallets["In"]}])
    names = {"MEMBER": wallets["In"], "OUTSIDER": wallets["Out"]}
    body = {k: names.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = council.api.post(f"/v1/pools/{pool}/contribution-schedules", council.holder_key,
                                {"every": "1w", "starts_on": WEEKS[0], **body})
    assert response.status == 422, response.body
    assert response.headers["content-type"] == "application/problem+json"
    assert response.body["type"] == expected_type, response.body
    assert council.api.get(f"/v1/pools/{pool}/contribution-schedules", council.holder_key).body["items"] == []


def test_only_the_holder_of_an_open_pool_sets_up_schedules(council: Council) -> None:
    wallets = funded_weekly(council, ["A"])
    pool = make_pool(council, "equal", [{"wallet_id": wallets["A"]}])
    body = {"every": "1w", "starts_on": WEEKS[0], "amount": 1000}
    url = f"/v1/pools/{pool}/contribution-schedules"
    assert council.api.post(url, council.funder_key, body).status == 403
    assert council.api.post(f"/v1/pools/{pool}/close", council.holder_key, {"effective_date": WEEKS[0]}).status == 200
    closed = council.api.post(url, council.holder_key, body)
    assert closed.status == 422 and closed.body["type"] == "pool-closed"


def test_another_tenants_pool_answers_404(api: Api) -> None:
    ours = Council.create(api, "Our Council")
    theirs = Council.create(api, "Their Council")
    wallets = funded_weekly(theirs, ["X"])
    pool = make_pool(theirs, "fixed", [{"wallet_id": wallets["X"], "amount": 4000}])
    add_schedule(theirs, pool)
    url = f"/v1/pools/{pool}/contribution-schedules"
    refused = api.post(url, ours.holder_key, {"every": "1w", "starts_on": WEEKS[0]})
    assert refused.status == 404 and refused.body["type"] == "pool-not-found"
    for key in (ours.holder_key, ours.funder_key):
        response: Response = api.get(url, key)
        assert response.status == 404 and response.body["type"] == "pool-not-found"
    assert run(ours, WEEKS[3])["contributions_paid"] == []
    assert shares(theirs, pool) == {wallets["X"]: 0}
    assert len(api.get(url, theirs.holder_key).body["items"]) == 1


def test_a_run_writes_its_contributions_together(council: Council) -> None:
    """Many members' contributions, several periods each, in one run: each is still its own
    transaction, made from the balance the ones before it left, but their records are one insert
    and the transactions are written together, not one statement set a contribution."""
    names = ["Ann", "Bea", "Cat", "Dan", "Eve"]
    wallets = funded_weekly(council, names, weekly=3000)
    pool = make_pool(council, "fixed", [{"wallet_id": w, "amount": 3500} for w in wallets.values()])
    add_schedule(council, pool)
    seen: list[str] = []

    def statement(conn, cursor, sql: str, *rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(sql)

    engine = council.api.database.engine
    event.listen(engine, "before_cursor_execute", statement)
    try:
        body = run(council, WEEKS[3])
    finally:
        event.remove(engine, "before_cursor_execute", statement)
    # Four weeks of £30 in (paid in advance, before the contributions), £35 a week out: three
    # weeks' contributions are made, in order, each from what the ones before it left, and the
    # fourth is refused for want of money (a batch deciding from stale balances would overdraw).
    assert sorted(made(body)) == sorted((w, week, 3500) for w in wallets.values() for week in WEEKS[:3])
    assert sorted((r["wallet_id"], r["period_start"]) for r in body["contributions_refused"]) == sorted(
        (w, WEEKS[3]) for w in wallets.values())
    assert len({c["transaction_id"] for c in body["contributions_paid"]}) == 15
    assert shares(council, pool) == {w: 3 * 3500 for w in wallets.values()}
    assert all(council.balances(w)["available"] == 4 * 3000 - 3 * 3500 for w in wallets.values())
    records_written = [s for s in seen if s.lstrip().upper().startswith("INSERT INTO POOL_SCHEDULED_CONTRIBUTIONS")]
    assert len(records_written) == 1, records_written
    if council.api.database.dialect == "postgresql":
        # (SQLite inserts a batch's transactions a row a statement, for RETURNING's order; each an
        # in-process call.)
        transactions_written = [s for s in seen if "INSERT INTO transactions" in s]
        assert len(transactions_written) == 2, "the fundings, then the contributions, each one batch"

"""Ending a schedule later on, through the HTTP API on SQLite and PostgreSQL: a council ends a
wallet's funding schedule after a review, a provider ends a pool's contribution schedule when a
shared arrangement stops. Either pays as if it had been set up with that end, and never changes
a period already paid."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, Response
from wallet.domain.schedules import EndChangesPaidPeriod
from wallet.usecases.funding_run import funder_principal, run_funding
from wallet.usecases.manage_schedules import end_schedule

WEEKS = [(date(2026, 4, 6) + timedelta(weeks=w)).isoformat() for w in range(6)]
WEEKLY = {"amount": 35000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": WEEKS[0]}
MID_WEEK = "2026-04-15"  # the Wednesday of the second week: 3 of its 7 days
THREE_DAYS = 35000 * 3 // 7  # 15000


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


# --- funding schedules ----------------------------------------------------------------------


def add_schedule(council: Council, wallet: str, **changes: Any) -> dict[str, Any]:
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {**WEEKLY, **changes})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def end(council: Council, wallet: str, schedule_id: str, ends_on: str, *, key: str | None = None,
        **kwargs: Any) -> Response:
    return council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule_id}/end", key or council.funder_key,
                            {"ends_on": ends_on}, **kwargs)


def paid(council: Council, as_of: str) -> list[tuple[str, str, str, int]]:
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": as_of})
    assert response.status == 200, response.body
    return [(p["wallet_id"], p["period_start"], p["period_end"], p["amount"]) for p in response.body["periods_paid"]]


def listed(council: Council, wallet: str) -> dict[str, Any]:
    [schedule] = council.api.get(f"/v1/wallets/{wallet}/schedules", council.funder_key).body["items"]
    return schedule  # type: ignore[no-any-return]


def reverse(council: Council, transaction_id: str, on: str = WEEKS[1]) -> None:
    response = council.api.post(f"/v1/transactions/{transaction_id}/reversals", council.funder_key,
                                {"reason": "package reduced at review", "effective_date": on})
    assert response.status == 201, response.body


def audit(api: Api, key: str, action: str) -> list[dict[str, Any]]:
    response = api.get("/v1/audit/log", key, params={"action": action})
    assert response.status == 200, response.body
    return response.body["items"]  # type: ignore[no-any-return]


def test_a_weekly_schedule_ended_mid_period_pays_the_pro_rated_part_and_nothing_after(council: Council) -> None:
    ended_later = council.wallet(person_ref="P-ENDED")
    ended_from_the_start = council.wallet(person_ref="P-SET-UP")
    schedule = add_schedule(council, ended_later)
    add_schedule(council, ended_from_the_start, ends_on=MID_WEEK)
    assert sorted(paid(council, WEEKS[0])) == sorted(
        (w, WEEKS[0], "2026-04-12", 35000) for w in (ended_later, ended_from_the_start))

    response = end(council, ended_later, schedule["id"], MID_WEEK)
    assert response.status == 200, response.body
    body = response.body
    assert (body["ends_on"], body["ended_on"], body["ends_on_as_created"]) == (MID_WEEK, MID_WEEK, None)
    assert body["ended_at"] is not None and body["starts_on"] == WEEKS[0] and body["amount"] == 35000
    assert listed(council, ended_later) == body

    # Exactly what a schedule set up with that end pays: the three days, then nothing, ever.
    later = paid(council, WEEKS[5])
    assert sorted(later) == sorted([(ended_later, WEEKS[1], MID_WEEK, THREE_DAYS),
                                    (ended_from_the_start, WEEKS[1], MID_WEEK, THREE_DAYS)])
    assert paid(council, WEEKS[5]) == []
    assert paid(council, "2026-09-28") == []
    assert council.balances(ended_later) == council.balances(ended_from_the_start)
    assert council.balances(ended_later)["available"] == 35000 + THREE_DAYS


def test_an_ended_schedule_in_arrears_pays_its_part_period_on_the_new_last_day(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet, in_advance=False)
    assert paid(council, "2026-04-12") == [(wallet, WEEKS[0], "2026-04-12", 35000)]
    assert end(council, wallet, schedule["id"], MID_WEEK).status == 200
    assert paid(council, "2026-04-14") == []
    assert paid(council, MID_WEEK) == [(wallet, WEEKS[1], MID_WEEK, THREE_DAYS)]
    assert paid(council, WEEKS[5]) == []


def test_an_ended_schedules_earlier_paid_periods_are_untouched(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet)
    first = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": WEEKS[1]}).body["periods_paid"]
    before = [council.api.get(f"/v1/transactions/{p['transaction_id']}", council.funder_key).body for p in first]

    # Ended on the last day of the third week: nothing is pro-rated, the paid weeks stand.
    assert end(council, wallet, schedule["id"], "2026-04-26").status == 200
    assert paid(council, WEEKS[5]) == [(wallet, WEEKS[2], "2026-04-26", 35000)]
    after = [council.api.get(f"/v1/transactions/{p['transaction_id']}", council.funder_key).body for p in first]
    assert after == before
    journal = council.api.get(f"/v1/wallets/{wallet}/transactions", council.funder_key).body["items"]
    assert [t["kind"] for t in journal] == ["scheduled_funding"] * 3
    assert council.balances(wallet)["available"] == 3 * 35000


def test_ending_before_a_paid_period_is_refused_until_that_funding_is_reversed(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet)
    run = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": WEEKS[2]}).body["periods_paid"]
    week = {p["period_start"]: p["transaction_id"] for p in run}

    refused = end(council, wallet, schedule["id"], MID_WEEK)
    assert refused.status == 409 and refused.body["type"] == "end-changes-paid-period", refused.body
    assert refused.headers["content-type"] == "application/problem+json"
    assert (refused.body["period_start"], refused.body["period_end"], refused.body["transaction_id"]) == (
        WEEKS[1], "2026-04-19", week[WEEKS[1]])
    assert [(p["period_start"], p["transaction_id"]) for p in refused.body["paid_periods"]] == [
        (WEEKS[1], week[WEEKS[1]]), (WEEKS[2], week[WEEKS[2]])]
    assert WEEKS[1] in refused.body["detail"] and week[WEEKS[1]] in refused.body["detail"]
    assert listed(council, wallet)["ends_on"] is None and listed(council, wallet)["ended_on"] is None
    assert audit(council.api, council.funder_key, "schedule.ended") == []

    reverse(council, week[WEEKS[2]])
    still = end(council, wallet, schedule["id"], MID_WEEK)
    assert still.status == 409 and still.body["period_start"] == WEEKS[1]
    assert [p["period_start"] for p in still.body["paid_periods"]] == [WEEKS[1]]

    reverse(council, week[WEEKS[1]])
    assert end(council, wallet, schedule["id"], MID_WEEK).status == 200
    assert paid(council, WEEKS[5]) == [(wallet, WEEKS[1], MID_WEEK, THREE_DAYS)]
    assert council.balances(wallet)["available"] == 35000 + THREE_DAYS


def test_an_end_only_moves_earlier_and_each_move_is_audited(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet, ends_on="2026-05-31")
    later = end(council, wallet, schedule["id"], "2026-06-30")
    assert later.status == 409 and later.body["type"] == "schedule-already-ends", later.body
    assert later.body["ends_on"] == "2026-05-31"

    first = end(council, wallet, schedule["id"], "2026-04-30")
    assert first.status == 200, first.body
    assert (first.body["ends_on"], first.body["ends_on_as_created"], first.body["ended_on"]) == (
        "2026-04-30", "2026-05-31", "2026-04-30")
    for refused_on in ("2026-04-30", "2026-05-10"):  # the same end again, or a later one
        refused = end(council, wallet, schedule["id"], refused_on)
        assert refused.status == 409 and refused.body["type"] == "schedule-already-ends", refused.body
    shorter = end(council, wallet, schedule["id"], MID_WEEK)
    assert shorter.status == 200 and shorter.body["ends_on"] == MID_WEEK
    assert shorter.body["ends_on_as_created"] == "2026-05-31"

    entries = audit(council.api, council.funder_key, "schedule.ended")
    assert [(e["object_id"], e["wallet_id"], e["role"], e["details"]) for e in entries] == [
        (schedule["id"], wallet, "funder",
         {"ends_on": "2026-04-30", "previous_ends_on": "2026-05-31", "ends_on_as_created": "2026-05-31"}),
        (schedule["id"], wallet, "funder",
         {"ends_on": MID_WEEK, "previous_ends_on": "2026-04-30", "ends_on_as_created": "2026-05-31"})]
    assert entries[0]["organisation_id"] == council.funder_id and entries[0]["request_id"]
    # An amount change after the end is outside the schedule now.
    change = council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/changes", council.funder_key,
                              {"amount": 100, "effective_from": "2026-05-04"})
    assert change.status == 422 and change.body["type"] == "amount-change-outside-schedule"


def test_an_end_and_a_funding_run_at_the_same_moment_never_both_take_the_period(council: Council) -> None:
    database = council.api.database
    wallet = council.wallet()
    schedule = add_schedule(council, wallet)
    assert len(paid(council, WEEKS[0])) == 1
    with database.reader() as session:
        principal = funder_principal(session, council.funder_id)
    start = threading.Barrier(2)

    def run_(_: int) -> int:
        start.wait()
        with database.writer.begin() as session:
            return sum(p.amount for p in run_funding(session, principal, date(2026, 4, 13)).paid)

    def end_(_: int) -> bool:
        start.wait()
        try:
            with database.writer.begin() as session:
                end_schedule(session, principal, wallet, schedule["id"], ends_on=date(2026, 4, 15))
            return True
        except EndChangesPaidPeriod:
            return False

    with ThreadPoolExecutor(2) as executor:
        ran, ended = executor.submit(run_, 0), executor.submit(end_, 1)
        amount, was_ended = ran.result(timeout=120), ended.result(timeout=120)

    # Either the run came first (the full week, the end refused) or the end did (the part-week).
    assert (amount, was_ended) in {(35000, False), (THREE_DAYS, True)}
    assert council.balances(wallet)["available"] == 35000 + amount
    assert listed(council, wallet)["ends_on"] == (MID_WEEK if was_ended else None)
    assert paid(council, WEEKS[5]) == ([] if was_ended else [(wallet, w, _sunday(w), 35000) for w in WEEKS[2:]])


def _sunday(monday: str) -> str:
    return (date.fromisoformat(monday) + timedelta(days=6)).isoformat()


@pytest.mark.parametrize("body, expected_status, expected_type", [
    ({}, 422, "validation-error"),
    ({"ends_on": None}, 422, "validation-error"),
    ({"ends_on": "2026-02-30"}, 422, "validation-error"),
    ({"ends_on": "15/04/2026"}, 422, "validation-error"),
    ({"ends_on": MID_WEEK, "reason": "review"}, 422, "validation-error"),
    ({"ends_on": "2026-04-05"}, 422, "schedule-ends-before-start"),
])
def test_bad_ends_are_refused_with_a_clear_type_and_store_nothing(council: Council, body: dict[str, Any],
                                                                  expected_status: int, expected_type: str) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet)
    response = council.api.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/end", council.funder_key, body)
    assert response.status == expected_status and response.body["type"] == expected_type, response.body
    assert response.headers["content-type"] == "application/problem+json"
    assert listed(council, wallet) == schedule
    assert audit(council.api, council.funder_key, "schedule.ended") == []


def test_unknown_schedules_and_retries(council: Council) -> None:
    wallet, other_wallet = council.wallet(person_ref="P-1"), council.wallet(person_ref="P-2")
    schedule = add_schedule(council, wallet)
    for path_wallet, schedule_id in ((wallet, "no-such-schedule"), (other_wallet, schedule["id"])):
        response = end(council, path_wallet, schedule_id, MID_WEEK)
        assert response.status == 404 and response.body["type"] == "schedule-not-found", response.body
    assert end(council, "no-such-wallet", schedule["id"], MID_WEEK).body["type"] == "wallet-not-found"

    first = end(council, wallet, schedule["id"], MID_WEEK, idempotency_key="end-1")
    again = end(council, wallet, schedule["id"], MID_WEEK, idempotency_key="end-1")
    assert (first.status, again.status) == (200, 200) and again.body == first.body
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert len(audit(council.api, council.funder_key, "schedule.ended")) == 1
    missing = council.api.client.post(f"/v1/wallets/{wallet}/schedules/{schedule['id']}/end",
                                      json={"ends_on": "2026-04-10"},
                                      headers={"Authorization": f"Bearer {council.funder_key}"})
    assert missing.status_code == 422 and "Idempotency-Key" in missing.text


def test_only_the_wallets_funder_ends_its_schedules(council: Council) -> None:
    wallet = council.wallet()
    schedule = add_schedule(council, wallet)
    other = Council.create(council.api, "Another Council")
    elsewhere = end(council, wallet, schedule["id"], MID_WEEK, key=other.funder_key)
    assert elsewhere.status == 404 and elsewhere.body["type"] == "wallet-not-found"
    person = council.api.key_for(council.funder_id, "person", wallet_id=wallet)
    for key in (council.holder_key, person):
        refused = end(council, wallet, schedule["id"], MID_WEEK, key=key)
        assert refused.status == 403 and refused.body["type"] == "forbidden", refused.body
    assert listed(council, wallet)["ends_on"] is None
    assert len(paid(council, WEEKS[3])) == 4


# --- pool contribution schedules ------------------------------------------------------------


def funded_pool(council: Council, names: list[str], amount: int = 7000) -> tuple[str, dict[str, str]]:
    """Members funded weekly in advance, in a pool where each puts in ``amount`` a week."""
    policy = council.policy("pooled")
    wallets = {name: council.wallet(policy, person_ref=f"P-{name}") for name in names}
    for wallet in wallets.values():
        add_schedule(council, wallet)
    response = council.api.post("/v1/pools", council.holder_key, {
        "name": "Driver", "split": "fixed", "joined_on": WEEKS[0],
        "members": [{"wallet_id": w, "amount": amount} for w in wallets.values()]})
    assert response.status == 201, response.body
    return str(response.body["id"]), wallets


def add_contribution_schedule(council: Council, pool: str, **body: Any) -> dict[str, Any]:
    response = council.api.post(f"/v1/pools/{pool}/contribution-schedules", council.holder_key,
                                {"every": "1w", "starts_on": WEEKS[0], **body})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def end_contributions(council: Council, pool: str, schedule_id: str, ends_on: str, *,
                      key: str | None = None) -> Response:
    return council.api.post(f"/v1/pools/{pool}/contribution-schedules/{schedule_id}/end",
                            key or council.holder_key, {"ends_on": ends_on})


def contributed(council: Council, as_of: str) -> list[tuple[str, str, str, int]]:
    response = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": as_of})
    assert response.status == 200, response.body
    assert response.body["contributions_refused"] == []
    return sorted((c["wallet_id"], c["period_start"], c["period_end"], c["amount"])
                  for c in response.body["contributions_paid"])


def test_a_contribution_schedule_ended_stops_contributions_from_that_date(council: Council) -> None:
    pool, wallets = funded_pool(council, ["David", "Richard"])
    schedule = add_contribution_schedule(council, pool)
    assert contributed(council, WEEKS[0]) == sorted((w, WEEKS[0], "2026-04-12", 7000) for w in wallets.values())

    response = end_contributions(council, pool, schedule["id"], MID_WEEK)
    assert response.status == 200, response.body
    assert (response.body["ends_on"], response.body["ended_on"], response.body["ends_on_as_created"]) == (
        MID_WEEK, MID_WEEK, None)
    assert response.body["ended_at"] is not None
    listed_ = council.api.get(f"/v1/pools/{pool}/contribution-schedules", council.holder_key).body["items"]
    assert listed_ == [response.body]

    # The part-week is pro-rated as the funding is (3 of 7 days), and nothing is made after it.
    assert contributed(council, WEEKS[5]) == sorted((w, WEEKS[1], MID_WEEK, 3000) for w in wallets.values())
    assert contributed(council, WEEKS[5]) == []
    shares = {m["wallet_id"]: m["share"] for m in council.api.get(f"/v1/pools/{pool}", council.holder_key).body["members"]}
    assert shares == {w: 7000 + 3000 for w in wallets.values()}

    entries = audit(council.api, council.funder_key, "pool.contribution_schedule_ended")
    assert sorted((e["object_id"], e["wallet_id"], e["role"]) for e in entries) == sorted(
        (schedule["id"], w, "holder") for w in wallets.values())
    assert entries[0]["details"] == {"pool_id": pool, "ends_on": MID_WEEK}
    assert entries[0]["organisation_id"] == council.holder_id


def test_ending_before_a_contribution_made_is_refused_until_it_is_reversed(council: Council) -> None:
    pool, wallets = funded_pool(council, ["David"])
    david = wallets["David"]
    schedule = add_contribution_schedule(council, pool, wallet_id=david, amount=7000, ends_on="2026-05-31")
    made = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": WEEKS[1]}).body["contributions_paid"]
    second_week = next(c["transaction_id"] for c in made if c["period_start"] == WEEKS[1])

    refused = end_contributions(council, pool, schedule["id"], MID_WEEK)
    assert refused.status == 409 and refused.body["type"] == "end-changes-paid-period", refused.body
    assert (refused.body["period_start"], refused.body["transaction_id"]) == (WEEKS[1], second_week)
    assert refused.body["paid_periods"] == [{"period_start": WEEKS[1], "period_end": "2026-04-19",
                                             "transaction_id": second_week, "wallet_id": david}]
    later = end_contributions(council, pool, schedule["id"], "2026-06-30")
    assert later.status == 409 and later.body["type"] == "schedule-already-ends"

    reverse(council, second_week)
    ended = end_contributions(council, pool, schedule["id"], MID_WEEK)
    assert ended.status == 200, ended.body
    assert (ended.body["ends_on"], ended.body["ends_on_as_created"]) == (MID_WEEK, "2026-05-31")
    assert contributed(council, WEEKS[5]) == [(david, WEEKS[1], MID_WEEK, 3000)]
    [entry] = audit(council.api, council.funder_key, "pool.contribution_schedule_ended")
    assert entry["wallet_id"] == david and entry["details"] == {
        "pool_id": pool, "ends_on": MID_WEEK, "previous_ends_on": "2026-05-31", "ends_on_as_created": "2026-05-31"}


def test_only_the_pools_holder_ends_its_contribution_schedules(council: Council) -> None:
    pool, wallets = funded_pool(council, ["David"])
    schedule = add_contribution_schedule(council, pool)
    by_funder = end_contributions(council, pool, schedule["id"], MID_WEEK, key=council.funder_key)
    assert by_funder.status == 403 and by_funder.body["type"] == "forbidden", by_funder.body
    other = Council.create(council.api, "Another Council")
    elsewhere = end_contributions(council, pool, schedule["id"], MID_WEEK, key=other.holder_key)
    assert elsewhere.status == 404 and elsewhere.body["type"] == "pool-not-found"

    unknown = end_contributions(council, pool, "no-such-schedule", MID_WEEK)
    assert unknown.status == 404 and unknown.body["type"] == "contribution-schedule-not-found"
    other_pool, _ = funded_pool(other, ["Mark"])
    not_its = end_contributions(other, other_pool, schedule["id"], MID_WEEK)
    assert not_its.status == 404 and not_its.body["type"] == "contribution-schedule-not-found"
    early = end_contributions(council, pool, schedule["id"], "2026-04-05")
    assert early.status == 422 and early.body["type"] == "schedule-ends-before-start"
    bad = council.api.post(f"/v1/pools/{pool}/contribution-schedules/{schedule['id']}/end", council.holder_key, {})
    assert bad.status == 422 and bad.body["type"] == "validation-error"

    assert council.api.get(f"/v1/pools/{pool}/contribution-schedules", council.holder_key).body["items"] == [schedule]
    assert audit(council.api, council.funder_key, "pool.contribution_schedule_ended") == []
    assert len(contributed(council, WEEKS[2])) == 3

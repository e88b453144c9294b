"""The bulk API: wallet batches and payment batches, on both databases. Each item is decided as its
single call decides it; item by item keeps what stands, all or nothing keeps nothing on a refusal;
the Idempotency-Key replays; concurrent batches neither deadlock nor overdraw. (The ledger's
balance and the journal's chain are checked after every database test by the fixtures.)"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.scenario import Council
from tests.support import Api
from wallet.persistence.tables import transactions
from wallet.persistence.trust_tables import audit_log
from wallet.persistence.wallet_tables import schedules, wallets

WEEKLY = {"amount": 35000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-04-06"}


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def opening(council: Council, policy: str, ref: str, **overrides: Any) -> dict[str, Any]:
    return {"action": "open", "ref": ref, "person_ref": f"P-{ref}", "holder_id": council.holder_id,
            "arrangement": "isf", "policy_id": policy, "opened_on": "2026-04-06", "schedules": [WEEKLY],
            **overrides}


def count(api: Api, table, *where) -> int:  # type: ignore[no-untyped-def]
    with api.database.reader() as session:
        return int(session.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def statuses(body: dict[str, Any]) -> list[str]:
    return [item["status"] for item in body["items"]]


# --- wallet batches -------------------------------------------------------------------------


def test_a_wallet_batch_opens_wallets_with_schedules_and_refuses_items_alone(council: Council) -> None:
    policy = council.policy()
    existing = council.wallet(policy, person_ref="P-existing")
    schedule = council.api.post(f"/v1/wallets/{existing}/schedules", council.funder_key, WEEKLY).body["id"]
    items = [
        opening(council, policy, "a"),
        opening(council, policy, "late-schedule", schedules=[{**WEEKLY, "starts_on": "2026-04-01"}]),
        opening(council, policy, "b", schedules=[WEEKLY, {**WEEKLY, "amount": 5000, "source": "nhs",
                                                          "every": "4w"}]),
        opening(council, policy, "no-policy", policy_id=str(uuid.uuid4())),
        opening(council, policy, "blank", person_ref="   "),
        {"action": "change_amount", "ref": "uplift", "wallet_id": existing, "schedule_id": schedule,
         "amount": 40000, "effective_from": "2026-04-13"},
        {"action": "end_schedule", "ref": "no-schedule", "wallet_id": existing, "schedule_id": str(uuid.uuid4()),
         "ends_on": "2026-05-31"},
    ]
    response = council.api.post("/v1/wallet-batches", council.funder_key, {"mode": "item_by_item", "items": items})
    assert response.status == 200, response.body
    body = response.body
    assert statuses(body) == ["applied", "refused", "applied", "refused", "refused", "applied", "refused"]
    assert [item["ref"] for item in body["items"]] == [item["ref"] for item in items]
    problems = {item["ref"]: item["problem"] for item in body["items"] if item["problem"]}
    # The same problems the single calls answer with, extension members included.
    assert problems["late-schedule"]["type"] == "schedule-starts-before-wallet"
    assert problems["late-schedule"]["opened_on"] == "2026-04-06" and problems["late-schedule"]["status"] == 422
    assert problems["no-policy"]["type"] == "policy-not-found" and problems["no-policy"]["status"] == 404
    assert problems["blank"]["type"] == "invalid-input"
    assert problems["no-schedule"]["type"] == "schedule-not-found"
    assert body["counts"]["applied"] == 3 and body["counts"]["refused"] == 4

    # A refused opening left nothing: two wallets more than before (and the one we had), three schedules.
    assert count(council.api, wallets) == 3
    a, b = body["items"][0], body["items"][2]
    assert len(a["schedule_ids"]) == 1 and len(b["schedule_ids"]) == 2
    assert count(council.api, schedules, schedules.c.wallet_id.in_([a["wallet_id"], b["wallet_id"]])) == 3
    listed = council.api.get(f"/v1/wallets/{b['wallet_id']}/schedules", council.funder_key).body["items"]
    assert sorted(s["amount"] for s in listed) == [5000, 35000]
    changed = council.api.get(f"/v1/wallets/{existing}/schedules", council.funder_key).body["items"][0]
    assert changed["amount_changes"] == [{"effective_from": "2026-04-13", "amount": 40000}]
    # The audit trail has an entry for each opening and schedule, as the single calls write.
    assert count(council.api, audit_log, audit_log.c.action == "wallet.opened") == 3
    assert count(council.api, audit_log, audit_log.c.action == "schedule.created") == 4

    # The wallets work: a funding run pays their schedules into their own accounts. Weeks from
    # 6 Apr to 20 Apr in advance: 6, 13, 20 Apr = 3 periods of 35,000 = 105,000 for each wallet;
    # b's 4-weekly NHS schedule pays its first period of 5,000 on 6 Apr.
    run = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-04-20"})
    assert run.status == 200, run.body
    assert council.balances(a["wallet_id"])["by_source"]["funder"] == 105000
    assert council.balances(b["wallet_id"])["available"] == 105000 + 5000
    view = council.api.get(f"/v1/wallets/{a['wallet_id']}", council.funder_key).body
    assert view["person_ref"] == "P-a" and view["holder_id"] == council.holder_id and view["status"] == "open"


def test_an_all_or_nothing_wallet_batch_stores_nothing_when_one_item_is_refused(council: Council) -> None:
    policy = council.policy()
    existing = council.wallet(policy, person_ref="P-existing")
    schedule = council.api.post(f"/v1/wallets/{existing}/schedules", council.funder_key, WEEKLY).body["id"]
    items = [opening(council, policy, "a"),
             {"action": "change_amount", "ref": "uplift", "wallet_id": existing, "schedule_id": schedule,
              "amount": 40000, "effective_from": "2026-04-13"},
             opening(council, policy, "late", opened_on="2026-05-01")]  # its schedule starts before it opens
    body = {"mode": "all_or_nothing", "items": items}
    key = str(uuid.uuid4())
    response = council.api.post("/v1/wallet-batches", council.funder_key, body, idempotency_key=key)
    assert response.status == 422 and response.body["type"] == "batch-refused", response.body
    assert response.body["refused"] == 1 and response.body["first_refused_index"] == 2
    assert statuses(response.body) == ["not_applied", "not_applied", "refused"]
    assert response.body["items"][2]["problem"]["type"] == "schedule-starts-before-wallet"
    assert "wallet_id" not in response.body["items"][0]  # nothing it could name was kept
    assert count(council.api, wallets) == 1
    assert council.api.get(f"/v1/wallets/{existing}/schedules", council.funder_key).body["items"][0][
        "amount_changes"] == []
    # A refusal is not stored: the same key, mended, goes through.
    items[2] = opening(council, policy, "late", opened_on="2026-05-01", schedules=[])
    mended = council.api.post("/v1/wallet-batches", council.funder_key, {"mode": "all_or_nothing", "items": items},
                              idempotency_key=key)
    assert mended.status == 200 and statuses(mended.body) == ["applied"] * 3
    assert count(council.api, wallets) == 3


def test_a_wallet_batch_replays_under_its_idempotency_key(council: Council) -> None:
    policy = council.policy()
    body = {"mode": "item_by_item", "items": [opening(council, policy, str(n)) for n in range(5)]}
    key = str(uuid.uuid4())
    first = council.api.post("/v1/wallet-batches", council.funder_key, body, idempotency_key=key)
    again = council.api.post("/v1/wallet-batches", council.funder_key, body, idempotency_key=key)
    assert first.status == again.status == 200
    assert again.headers.get("Idempotent-Replayed") == "true" and again.body == first.body
    assert count(council.api, wallets) == 5
    other = council.api.post("/v1/wallet-batches", council.funder_key, {**body, "mode": "all_or_nothing"},
                             idempotency_key=key)
    assert other.status == 422 and other.body["type"] == "idempotency-key-reused"


def test_a_batch_whose_events_are_sealed_in_bulk_numbers_them_as_one_at_a_time(
        council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``SEAL_IN_ONE_STATEMENT`` a batch's events (here with no transaction beside them) are
    written by COPY with their numbers after the head's lock: the feed shows each once, in order."""
    from wallet.persistence import journal_chain
    from wallet.persistence.trust_tables import events, journal_head

    monkeypatch.setattr(journal_chain, "SEAL_IN_ONE_STATEMENT", 3)
    policy = council.policy()
    before = count(council.api, events)
    response = council.api.post("/v1/wallet-batches", council.funder_key, {
        "mode": "item_by_item", "items": [opening(council, policy, str(n)) for n in range(4)]})
    assert response.status == 200 and response.body["counts"]["applied"] == 4
    with council.api.database.reader() as session:
        seqs = sorted(session.execute(select(events.c.seq)).scalars())
        head = session.execute(select(journal_head)).one()
    assert len(seqs) == before + 8 and seqs == list(range(1, len(seqs) + 1)) and head.last_event_seq == len(seqs)
    feed = council.api.get("/v1/events", council.funder_key, params={"after": 0, "limit": 500})
    opened = [e for e in feed.body["items"] if e["type"] == "wallet.opened"]
    assert sorted(w for e in opened for w in e["data"]["wallet_ids"]) == sorted(
        item["wallet_id"] for item in response.body["items"])


def test_the_same_wallet_batch_sent_twice_at_once_opens_its_wallets_once(council: Council, app) -> None:  # type: ignore[no-untyped-def]
    policy = council.policy()
    body = {"mode": "item_by_item", "items": [opening(council, policy, str(n)) for n in range(20)]}
    key = str(uuid.uuid4())
    start = threading.Barrier(2)

    def send(_: int) -> tuple[int, Any]:
        with TestClient(app, raise_server_exceptions=False) as client:
            start.wait()
            answer = client.post("/v1/wallet-batches", json=body, headers={
                "Authorization": f"Bearer {council.funder_key}", "Idempotency-Key": key})
            return answer.status_code, answer.json()

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, range(2), timeout=120))
    codes = sorted(code for code, _ in answers)
    # One runs; the other is told the key is in flight (409), or replays the first answer (200).
    assert codes in ([200, 200], [200, 409]), answers
    assert count(council.api, wallets) == 20
    retry = council.api.post("/v1/wallet-batches", council.funder_key, body, idempotency_key=key)
    assert retry.status == 200 and retry.body == next(b for code, b in answers if code == 200)


def test_a_batch_of_the_wrong_shape_is_refused_before_anything_is_written(council: Council) -> None:
    policy = council.policy()
    twice = {"mode": "item_by_item", "items": [opening(council, policy, "same"), opening(council, policy, "same")]}
    response = council.api.post("/v1/wallet-batches", council.funder_key, twice)
    assert response.status == 422 and response.body["type"] == "duplicate-item-refs", response.body
    assert response.body["refs"] == ["same"]
    empty = council.api.post("/v1/wallet-batches", council.funder_key, {"mode": "item_by_item", "items": []})
    assert empty.status == 422 and empty.body["type"] == "empty-batch"
    wallet = council.wallet(policy)
    payment = {"wallet_id": wallet, "amount": 1, "category": "personal_assistant", "effective_date": "2026-04-10"}
    too_many = {"mode": "item_by_item", "items": [{**payment, "ref": str(n)} for n in range(10_001)]}
    response = council.api.post("/v1/payment-batches", council.holder_key, too_many)
    assert response.status == 422 and response.body["type"] == "batch-too-large", response.body
    assert response.body["items"] == 10_001 and response.body["most"] == 10_000
    assert count(council.api, wallets) == 1 and count(council.api, transactions) == 0
    # Only a funder opens wallets; only a holder pays.
    assert council.api.post("/v1/wallet-batches", council.holder_key, twice).status == 403
    assert council.api.post("/v1/payment-batches", council.funder_key, too_many).status == 403


# --- payment batches ------------------------------------------------------------------------


def pay(wallet: str, ref: str, amount: int, category: str = "personal_assistant") -> dict[str, Any]:
    return {"ref": ref, "wallet_id": wallet, "amount": amount, "category": category, "payee": "PA-17",
            "effective_date": "2026-04-10"}


def test_a_payment_batch_posts_holds_for_approval_and_refuses_each_item_as_a_payment_would(
        council: Council) -> None:
    policy = council.policy(approval_threshold=50000, blocked_categories=["gambling"])
    wallet = council.wallet(policy)
    council.fund(wallet, 100000)
    items = [pay(wallet, "timesheet-1", 30000),
             pay(wallet, "too-much", 80000),         # 70,000 left: 10,000 short
             pay(wallet, "big-invoice", 60000),      # over the 50,000 threshold: waits, reserved
             pay(wallet, "bet", 500, "gambling"),
             pay(str(uuid.uuid4()), "stranger", 100),
             pay(wallet, "timesheet-2", 10000)]      # 100,000 - 30,000 - 60,000 = 10,000: exactly enough
    response = council.api.post("/v1/payment-batches", council.holder_key, {"mode": "item_by_item", "items": items})
    assert response.status == 200, response.body
    assert statuses(response.body) == ["posted", "refused", "awaiting_approval", "refused", "refused", "posted"]
    too_much, waiting = response.body["items"][1], response.body["items"][2]
    assert too_much["problem"]["type"] == "insufficient-funds" and too_much["problem"]["shortfall"] == 10000
    assert response.body["items"][3]["problem"]["type"] == "category-blocked"
    assert response.body["items"][4]["problem"] == {**response.body["items"][4]["problem"],
                                                    "type": "wallet-not-found", "status": 404}
    assert response.body["counts"] == {"applied": 0, "posted": 2, "awaiting_approval": 1, "refused": 3,
                                       "not_applied": 0}
    balances = council.balances(wallet)
    assert balances["available"] == 0 and balances["awaiting_approval"] == 60000
    # One funding, two payments and one reservation: the refused ones wrote nothing.
    assert count(council.api, transactions) == 4
    approved = council.api.post(f"/v1/approvals/{waiting['approval_id']}/approve", council.funder_key, {})
    assert approved.status == 200, approved.body
    assert council.balances(wallet)["awaiting_approval"] == 0


def test_an_all_or_nothing_payment_batch_moves_no_money_when_one_payment_is_refused(council: Council) -> None:
    policy = council.policy()
    first, second = council.wallet(policy, person_ref="P-1"), council.wallet(policy, person_ref="P-2")
    council.fund(first, 50000)
    council.fund(second, 20000)
    items = [pay(first, "1", 40000), pay(second, "2", 15000), pay(second, "3", 15000)]  # 20,000 - 15,000 = 5,000 left: 10,000 short
    response = council.api.post("/v1/payment-batches", council.holder_key, {"mode": "all_or_nothing", "items": items})
    assert response.status == 422 and response.body["type"] == "batch-refused", response.body
    assert statuses(response.body) == ["not_applied", "not_applied", "refused"]
    assert response.body["items"][2]["problem"]["shortfall"] == 10000
    assert council.balances(first)["available"] == 50000 and council.balances(second)["available"] == 20000
    assert count(council.api, transactions) == 2
    items[2] = pay(second, "3", 5000)
    done = council.api.post("/v1/payment-batches", council.holder_key, {"mode": "all_or_nothing", "items": items})
    assert done.status == 200 and statuses(done.body) == ["posted"] * 3
    assert council.balances(first)["available"] == 10000 and council.balances(second)["available"] == 0


def test_a_payment_batch_replays_under_its_idempotency_key(council: Council) -> None:
    wallet = council.wallet(council.policy())
    council.fund(wallet, 10000)
    body = {"mode": "item_by_item", "items": [pay(wallet, str(n), 1000) for n in range(4)]}
    key = str(uuid.uuid4())
    first = council.api.post("/v1/payment-batches", council.holder_key, body, idempotency_key=key)
    again = council.api.post("/v1/payment-batches", council.holder_key, body, idempotency_key=key)
    assert first.status == again.status == 200 and again.body == first.body
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert council.balances(wallet)["available"] == 6000  # paid once: 10,000 - 4 × 1,000


def test_concurrent_payment_batches_over_the_same_wallets_never_deadlock_or_overdraw(
        council: Council, app) -> None:  # type: ignore[no-untyped-def]
    policy = council.policy()
    wallet_ids = [council.wallet(policy, person_ref=f"P-{n}") for n in range(4)]
    for wallet in wallet_ids:
        council.fund(wallet, 10000)
    # Each batch pays 1,000 from every wallet six times, the two in opposite wallet orders: 12
    # payments of 1,000 a wallet are asked for and 10 fit, so exactly 2 a wallet are refused.
    orders = [wallet_ids, list(reversed(wallet_ids))]
    start = threading.Barrier(2)

    def send(order: list[str]) -> tuple[int, Any]:
        items = [pay(wallet, f"{round_}-{wallet}", 1000) for round_ in range(6) for wallet in order]
        with TestClient(app, raise_server_exceptions=False) as client:
            start.wait()
            answer = client.post("/v1/payment-batches", json={"mode": "item_by_item", "items": items}, headers={
                "Authorization": f"Bearer {council.holder_key}", "Idempotency-Key": str(uuid.uuid4())})
            return answer.status_code, answer.json()

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, orders, timeout=300))
    assert [code for code, _ in answers] == [200, 200], answers
    results = [item for _, body in answers for item in body["items"]]
    assert sum(item["status"] == "posted" for item in results) == 40
    refused = [item for item in results if item["status"] == "refused"]
    assert len(refused) == 8 and {item["problem"]["type"] for item in refused} == {"insufficient-funds"}
    for wallet in wallet_ids:
        assert council.balances(wallet)["available"] == 0


def test_the_bulk_bench_opens_every_wallet_it_reports(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bench import bulk_open

    # 5 wallets in batches of 2: three batches (2 + 2 + 1), all through POST /v1/wallet-batches.
    result = bulk_open.measure(f"sqlite:///{tmp_path / 'bulk.db'}", "sqlite", wallets=5, batch_size=2, single=2,
                               say=lambda _: None)
    assert result.wallets == 5 and result.single_wallets == 2 and result.seconds > 0
    from wallet.persistence.db import Database
    database = Database.connect(f"sqlite:///{tmp_path / 'bulk.db'}")
    try:
        with database.reader() as session:
            assert session.execute(select(func.count()).select_from(wallets)).scalar_one() == 5 + 2
            assert session.execute(select(func.count()).select_from(schedules)).scalar_one() == 5 + 2
    finally:
        database.dispose()

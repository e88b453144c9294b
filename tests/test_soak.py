"""A mixed day's work from several clients at once, then every check an auditor would make.

Workers pay, hold and capture, wait for and decide approvals, contribute to and spend from a pool,
reverse, fund and run schedules, all through the HTTP API at the same time, with refusals (not
enough money, already decided) as a normal part of the day. Afterwards: no request failed with a
server error, the ledger balances and its hash chain verifies, every account agrees with its
postings, every wallet's statement reconciles to its balance, the holder reconciles to the ledger's
client bank, and the event feed announced every transaction exactly once.

`make test` runs a bounded version; `make soak` (WALLET_SOAK=1) the full size.
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api

FULL = os.environ.get("WALLET_SOAK") == "1"
WORKERS = 8 if FULL else 4
OPERATIONS_EACH = 1500 if FULL else 40
WALLETS = 12 if FULL else 6
DAYS = [f"2026-04-{day:02d}" for day in range(6, 31)] + [f"2026-05-{day:02d}" for day in range(1, 29)]


@dataclass
class Day:
    """What the workers share: the setting, and what they made that others may act on."""

    council: Council
    wallets: list[str]
    pool: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    approvals: list[str] = field(default_factory=list)
    holds: list[str] = field(default_factory=list)
    payments: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)

    def took(self, pile: list[str]) -> str | None:
        with self.lock:
            return pile.pop() if pile else None

    def keep(self, pile: list[str], item: str) -> None:
        with self.lock:
            pile.append(item)


def set_up(api: Api) -> Day:
    council = Council.create(api, "Soak Council")
    policy = council.policy("soak", approval_threshold=20000, blocked_categories=["gambling"],
                            management_fee={"percent_bp": 300}, overspend="holder_reserve", overspend_limit=2000)
    wallets = [council.wallet(policy, person_ref=f"SOAK-{n}") for n in range(WALLETS)]
    for wallet in wallets:
        response = api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {
            "amount": 35000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-04-06"})
        assert response.status == 201, response.body
    pool = api.post("/v1/pools", council.holder_key, {"name": "shared driver", "split": "equal",
                                                       "joined_on": "2026-04-06",
                                                       "members": [{"wallet_id": w} for w in wallets[:3]]})
    assert pool.status == 201, pool.body
    assert api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-04-13"}).status == 200
    return Day(council, wallets, pool.body["id"])


def work(api: Api, day: Day, seed: int) -> None:
    rng = random.Random(seed)
    funder, holder = day.council.funder_key, day.council.holder_key

    def call(method: str, path: str, key: str, body: Any = None) -> Any:
        response = api.call(method, path, key=key, json=body)
        with day.lock:
            day.statuses[response.status] += 1
            if response.status >= 500:
                day.server_errors.append(f"{method} {path} {body} -> {response.status} {response.body}")
        return response

    for _ in range(OPERATIONS_EACH):
        wallet, on = rng.choice(day.wallets), rng.choice(DAYS)
        choice = rng.random()
        if choice < 0.30:
            category = rng.choice(["personal_assistant", "transport", "equipment", "gambling"])
            paid = call("POST", f"/v1/wallets/{wallet}/payments", holder,
                        {"amount": rng.randint(100, 30000), "category": category, "effective_date": on})
            if paid.status == 201:
                day.keep(day.payments, paid.body["transaction"]["id"])
            elif paid.status == 202:
                day.keep(day.approvals, paid.body["approval"]["id"])
        elif choice < 0.45:
            hold = call("POST", f"/v1/wallets/{wallet}/holds", holder,
                        {"amount": rng.randint(100, 8000), "category": "invoice"})
            if hold.status == 201:
                day.keep(day.holds, hold.body["hold"]["id"])
        elif choice < 0.58 and (hold_id := day.took(day.holds)):
            if rng.random() < 0.6:
                call("POST", f"/v1/holds/{hold_id}/capture", holder, {"amount": rng.randint(1, 8000)})
            else:
                call("POST", f"/v1/holds/{hold_id}/release", holder, None)
        elif choice < 0.66 and (approval_id := day.took(day.approvals)):
            decision = "approve" if rng.random() < 0.7 else "reject"
            call("POST", f"/v1/approvals/{approval_id}/{decision}", funder, {})
        elif choice < 0.74:
            call("POST", f"/v1/pools/{day.pool}/contributions", holder,
                 {"amount": rng.randint(300, 6000), "effective_date": on})
        elif choice < 0.82:
            pool_payment = call("POST", f"/v1/pools/{day.pool}/payments", holder,
                                {"amount": rng.randint(100, 9000), "category": "driver", "effective_date": on})
            if pool_payment.status == 202:
                for approval in pool_payment.body["approvals"]:
                    day.keep(day.approvals, approval["id"])
        elif choice < 0.88 and (payment_id := day.took(day.payments)):
            call("POST", f"/v1/transactions/{payment_id}/reversals", holder, {"reason": "keyed twice"})
        elif choice < 0.95:
            call("POST", f"/v1/wallets/{wallet}/fundings", funder,
                 {"amount": rng.randint(1000, 50000), "source": rng.choice(["funder", "person_contribution", "top_up"]),
                  "effective_date": on})
        else:
            call("POST", "/v1/funding-runs", funder, {"as_of": rng.choice(["2026-04-20", "2026-05-04", "2026-05-25"])})


@pytest.mark.soak
def test_a_busy_day_from_many_clients_leaves_every_book_straight(api: Api) -> None:
    day = set_up(api)
    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(work, api, day, seed) for seed in range(WORKERS)]:
            future.result(timeout=3600)

    assert day.server_errors == []
    assert day.statuses[201] > 0 and day.statuses[422] > 0  # both work done and rules that said no
    council = day.council

    auditor = api.organisation("auditor", "Soak Audit")
    assert api.post("/v1/audit-grants", council.funder_key, {"auditor_id": auditor}).status == 201
    auditor_key = api.key_for(auditor, "auditor", issuer=council.funder_key)
    verified = api.get("/v1/audit/verify", auditor_key).body
    assert verified["ok"] and verified["accounts_agree"] and verified["unchained_transactions"] == 0, verified
    report = api.get("/v1/reports/trial-balance", api.admin_key, params={"limit": 500}).body
    assert report["ledger_balanced"] and all(total["balanced"] for total in report["totals"])

    for wallet in day.wallets:
        held = council.balances(wallet)
        statement = api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                            params={"from": "2026-01-01", "to": "2026-12-31"})
        assert statement.status == 200 and statement.body["reconciled"], statement.body
        assert statement.body["closing"]["total"] == held["total"], (statement.body["closing"], held)

    position = api.get("/v1/reports/reconciliation", council.holder_key,
                       params={"holder_id": council.holder_id, "bank_balance": 0}).body["holder_position"]
    expected = position["expected_bank_balance"]
    settled = api.get("/v1/reports/reconciliation", council.holder_key,
                      params={"holder_id": council.holder_id, "bank_balance": expected}).body
    assert settled["holder_position"]["unexplained"] == 0

    announced: Counter[str] = Counter()
    after = 0
    while True:
        page = api.get("/v1/events", council.funder_key, params={"after": after, "limit": 500}).body
        if not page["items"]:
            break
        announced.update(e["data"]["transaction_id"] for e in page["items"] if e["type"] == "transaction.posted")
        after = page["next_after"]
    journal: set[str] = set()
    for wallet in day.wallets:
        cursor = None
        while True:
            page = api.get(f"/v1/wallets/{wallet}/transactions", council.funder_key,
                           params={"limit": 500, **({"cursor": cursor} if cursor else {})}).body
            journal.update(t["id"] for t in page["items"])
            if not (cursor := page["next_cursor"]):
                break
    assert set(announced) == journal and set(announced.values()) == {1}

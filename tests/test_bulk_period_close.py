"""Period closes proposed and confirmed a batch of wallets at a time, on SQLite and PostgreSQL.
The batches are made tiny (two wallets), so a handful of wallets crosses several batch boundaries;
the conftest check after every test recomputes the hash chain and checks that the ledger balances."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.scenario import Council
from tests.support import Api, balances
from wallet.domain.errors import InsufficientFunds
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.tables import transactions
from wallet.persistence.trust_tables import audit_log
from wallet.usecases import confirm_close, propose_close

WEEKLY = 10000
# Five wallets, each with a weekly budget of 10000 and one week's contingency, funded
# 50000 + n * 1000 (n = 0..4): the surplus of wallet n is 50000 + n * 1000 - 10000 = 40000 + n * 1000,
# recovered by the funder; 40000 + 41000 + 42000 + 43000 + 44000 = 210000 in all.
SURPLUS = [40000 + n * 1000 for n in range(5)]


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(propose_close, "BATCH", 2)
    monkeypatch.setattr(confirm_close, "BATCH", 2)


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def book(council: Council) -> list[str]:
    policy = council.policy(contingency_weeks=1, surplus_action="recover")
    wallets = []
    for n in range(5):
        wallet = council.wallet(policy, person_ref=f"P-{n}", opened_on="2026-01-05")
        response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {
            "amount": WEEKLY, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-01-05"})
        assert response.status == 201, response.body
        council.fund(wallet, 50000 + n * 1000, on="2026-01-05")
        wallets.append(wallet)
    return wallets


def propose(council: Council) -> dict[str, Any]:
    response = council.api.post("/v1/period-closes", council.funder_key, {"period_end": "2026-02-01"})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def confirm(council: Council, close_id: str, **body: Any):  # type: ignore[no-untyped-def]
    return council.api.post(f"/v1/period-closes/{close_id}/confirm", council.funder_key, body)


def recovered(council: Council) -> int:
    return -balances(council.api.database).get(f"funder:{council.funder_id}:recovered", 0)


def count(database: Database, table: Any, *where: Any) -> int:
    with database.reader() as session:
        return int(session.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_batches_propose_and_confirm_each_wallet_as_its_own_transaction(council: Council) -> None:
    wallets = book(council)
    close = propose(council)
    surplus = {i["wallet_id"]: i["surplus"] for i in close["items"]}
    assert surplus == dict(zip(wallets, SURPLUS, strict=True))
    assert all(i["weekly_budget"] == WEEKLY and i["contingency_kept"] == WEEKLY for i in close["items"])
    assert recovered(council) == 0, "a proposal moves nothing"

    done = confirm(council, close["id"])
    assert done.status == 200 and done.body["status"] == "confirmed"
    assert recovered(council) == sum(SURPLUS) == 210000
    assert all(council.balances(w)["available"] == WEEKLY for w in wallets)
    database = council.api.database
    assert count(database, transactions, transactions.c.kind == "period_close") == 5
    assert len({i["transaction_id"] for i in done.body["items"]}) == 5
    for action in ("period_close.proposed", "period_close.confirmed"):
        assert count(database, audit_log, audit_log.c.action == action) == 5  # one entry a wallet


def test_confirming_twice_or_at_once_moves_money_once(council: Council) -> None:
    book(council)
    close = propose(council)
    start = threading.Barrier(3)

    def at_once(_: int) -> int:
        start.wait()
        return int(confirm(council, close["id"]).status)

    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(at_once, range(3))) == [200, 200, 200]
    again = confirm(council, close["id"])
    assert again.status == 200 and recovered(council) == 210000
    assert count(council.api.database, transactions, transactions.c.kind == "period_close") == 5


def test_a_stale_wallet_in_the_last_batch_refuses_the_whole_confirmation(council: Council) -> None:
    wallets = book(council)
    close = propose(council)
    assert council.pay(wallets[4], 1000, on="2026-01-20").status == 201
    refused = confirm(council, close["id"])
    assert refused.status == 409 and refused.body["type"] == "proposal-stale"
    assert refused.body["wallet_ids"] == [wallets[4]]
    assert recovered(council) == 0, "nothing moved in the batches before"
    partial = confirm(council, close["id"], skip_stale=True)
    assert {i["wallet_id"]: i["status"] for i in partial.body["items"]}[wallets[4]] == "stale"
    assert recovered(council) == sum(SURPLUS[:4])


def test_a_refusal_in_a_later_batch_leaves_nothing_of_the_earlier_ones(council: Council,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    book(council)
    close = propose(council)
    before = balances(council.api.database)
    real_post_many = LedgerRepository.post_many
    calls = []

    def refusing_the_second_batch(self, drafts, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(drafts))
        if len(calls) == 2:
            raise InsufficientFunds("refused", shortfall=1)
        return real_post_many(self, drafts, **kwargs)

    monkeypatch.setattr(LedgerRepository, "post_many", refusing_the_second_batch)
    refused = confirm(council, close["id"])
    assert refused.status == 422 and refused.body["type"] == "insufficient-funds"
    assert calls == [2, 2], "the first batch was written before the second was refused"
    assert balances(council.api.database) == before
    view = council.api.get(f"/v1/period-closes/{close['id']}", council.funder_key).body
    assert view["status"] == "proposed" and {i["status"] for i in view["items"]} == {"proposed"}

    monkeypatch.setattr(LedgerRepository, "post_many", real_post_many)
    assert confirm(council, close["id"]).status == 200 and recovered(council) == 210000


def test_a_final_close_among_ordinary_ones(council: Council) -> None:
    wallets = book(council)
    ended = council.api.post(f"/v1/wallets/{wallets[2]}/closure", council.funder_key,
                             {"reason": "ended", "effective_date": "2026-01-31"})
    assert ended.status == 200, ended.body
    close = propose(council)
    final = {i["wallet_id"]: i["final"] for i in close["items"]}
    assert final == {w: w == wallets[2] for w in wallets}
    assert confirm(council, close["id"]).status == 200
    # The ended wallet returns everything (52000); the others their surplus.
    assert recovered(council) == sum(SURPLUS) - SURPLUS[2] + 52000
    assert council.api.get(f"/v1/wallets/{wallets[2]}", council.funder_key).body["status"] == "closed"

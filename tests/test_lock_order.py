"""One lock order for everything that touches a pool: the pool's row before any account.

A pool payment locks its pool, then its members' accounts. A move or a final close of a member's
wallet leaves its pools after locking that wallet's accounts, so it must take the pool rows first
too; otherwise the two can each hold what the other waits for. Row locks are PostgreSQL's; SQLite
serialises writers with BEGIN IMMEDIATE and has no row locks to order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.scenario import Council
from tests.support import Api


@contextmanager
def locks_taken(api: Api) -> Iterator[list[str]]:
    """The table each ``FOR UPDATE`` statement locks, in order."""
    taken: list[str] = []

    def record(conn, cursor, statement: str, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "FOR UPDATE" in statement:
            taken.append(re.search(r"\bFROM\s+(\w+)", statement).group(1))  # type: ignore[union-attr]

    engine = api.database.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield taken
    finally:
        event.remove(engine, "before_cursor_execute", record)


def pools_before_accounts(taken: list[str]) -> bool:
    return "pools" in taken and taken.index("pools") < taken.index("accounts")


@pytest.fixture
def pooled(api: Api, dialect: str) -> tuple[Council, str, str]:
    if dialect != "postgresql":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE: there are no row locks to order")
    council = Council.create(api)
    wallet = council.wallet(council.policy("pool", surplus_action="recover"), opened_on="2026-01-05")
    other = council.wallet(council.policy("other"), person_ref="P-2", opened_on="2026-01-05")
    for member in (wallet, other):
        council.fund(member, 20000, on="2026-01-05")
    pool = api.post("/v1/pools", council.holder_key, {"name": "shared", "split": "equal", "joined_on": "2026-01-05",
                                                      "members": [{"wallet_id": wallet}, {"wallet_id": other}]})
    api.post(f"/v1/pools/{pool.body['id']}/contributions", council.holder_key,
             {"amount": 10000, "effective_date": "2026-01-06"})
    return council, wallet, pool.body["id"]


def check(api: Api, act: Callable[[], int]) -> None:
    with locks_taken(api) as taken:
        assert act() in (200, 201)
    assert pools_before_accounts(taken), taken


def test_a_pool_payment_locks_its_pool_first(api: Api, pooled: tuple[Council, str, str]) -> None:
    council, _, pool = pooled
    check(api, lambda: api.post(f"/v1/pools/{pool}/payments", council.holder_key,
                                {"amount": 1000, "category": "driver", "effective_date": "2026-01-07"}).status)


def test_a_move_locks_the_wallets_pools_before_its_accounts(api: Api, pooled: tuple[Council, str, str]) -> None:
    council, wallet, _ = pooled
    new_holder = api.organisation("holder", "New Provider")
    council.accredit(new_holder)
    check(api, lambda: api.post(f"/v1/wallets/{wallet}/moves", council.funder_key,
                                {"new_holder_id": new_holder, "effective_date": "2026-02-02"}).status)


def test_a_holder_move_locks_every_pool_before_any_account(api: Api, pooled: tuple[Council, str, str]) -> None:
    council, _, _ = pooled
    new_holder = api.organisation("holder", "New Provider")
    council.accredit(new_holder)
    check(api, lambda: api.post("/v1/holder-moves", council.funder_key, {
        "from_holder_id": council.holder_id, "to_holder_id": new_holder, "effective_date": "2026-02-02"}).status)


def test_a_final_close_locks_the_wallets_pools_before_its_accounts(api: Api, pooled: tuple[Council, str, str]) -> None:
    council, wallet, _ = pooled
    ended = api.post(f"/v1/wallets/{wallet}/closure", council.funder_key,
                     {"reason": "ended", "effective_date": "2026-01-31"})
    assert ended.status in (200, 201), ended.body
    close = api.post("/v1/period-closes", council.funder_key, {"period_end": "2026-01-31", "wallet_ids": [wallet]})
    assert close.status == 201, close.body
    check(api, lambda: api.post(f"/v1/period-closes/{close.body['id']}/confirm", council.funder_key, {}).status)

"""A provider's client bank position is kept as one part per wallet, so payments from different
people at one provider never queue on one shared row, and the position is still exact: the sum of
the parts equals the sum of every posting to them, and the reconciliation adds them up."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import case, event, func, select

from tests.scenario import Council
from tests.support import Api
from wallet.persistence.tables import accounts, postings

WALLETS = 12
PAYMENTS_EACH = 4
AMOUNT = 700


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_many_payments_at_one_holder_at_once_keep_its_position_exact(council: Council, app) -> None:  # type: ignore[no-untyped-def]
    wallets = [council.wallet(person_ref=f"P-{n}") for n in range(WALLETS)]
    for wallet in wallets:
        council.fund(wallet, 10_000)
    start = threading.Barrier(WALLETS)

    def pay_from(wallet: str) -> list[int]:
        # A client of its own per thread: TestClient is not shared across threads.
        with TestClient(app, raise_server_exceptions=False) as client:
            start.wait()
            return [client.post(f"/v1/wallets/{wallet}/payments", json={
                "amount": AMOUNT, "category": "personal_assistant", "effective_date": "2026-04-10"},
                headers={"Authorization": f"Bearer {council.holder_key}",
                         "Idempotency-Key": str(uuid.uuid4())}).status_code for _ in range(PAYMENTS_EACH)]

    with ThreadPoolExecutor(WALLETS) as pool:
        statuses = [s for batch in pool.map(pay_from, wallets, timeout=300) for s in batch]
    assert statuses == [201] * WALLETS * PAYMENTS_EACH

    rollup = f"holder:{council.holder_id}:client_bank"
    with council.api.database.reader() as session:
        parts = session.execute(select(accounts.c.id, accounts.c.code, accounts.c.debits_posted,
                                       accounts.c.credits_posted).where(accounts.c.rollup_code == rollup)).all()
        signed = case((postings.c.side == "debit", postings.c.amount), else_=-postings.c.amount)
        from_postings = session.execute(select(func.coalesce(func.sum(signed), 0)).where(
            postings.c.account_id.in_([p.id for p in parts]), postings.c.phase == "posted")).scalar_one()
    assert {p.code for p in parts} == {f"{rollup}:wallet:{w}" for w in wallets}
    position = sum(p.debits_posted - p.credits_posted for p in parts)
    assert position == from_postings == WALLETS * (10_000 - PAYMENTS_EACH * AMOUNT)
    # Each wallet's part holds exactly its own person's money.
    assert {p.debits_posted - p.credits_posted for p in parts} == {10_000 - PAYMENTS_EACH * AMOUNT}

    reconciled = council.api.get("/v1/reports/reconciliation", council.holder_key,
                                 params={"holder_id": council.holder_id, "bank_balance": position}).body
    assert reconciled["holder_position"]["expected_bank_balance"] == position, reconciled
    assert reconciled["holder_position"]["unexplained"] == 0 and reconciled["reconciled"]


def test_the_first_wallets_at_a_new_holder_can_open_at_once(council: Council, app) -> None:  # type: ignore[no-untyped-def]
    """Opening wallets used to race on creating the holder's shared accounts: the loser got a 500."""
    holder = council.api.organisation("holder", "A new provider")
    council.accredit(holder)
    policy = council.policy()
    start = threading.Barrier(8)

    def open_one(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as client:
            start.wait()
            return client.post("/v1/wallets", json={
                "person_ref": f"P-new-{n}", "holder_id": holder, "arrangement": "isf", "policy_id": policy,
                "opened_on": "2026-04-06"}, headers={"Authorization": f"Bearer {council.funder_key}",
                                                     "Idempotency-Key": str(uuid.uuid4())}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_one, range(8), timeout=120)) == [201] * 8


def test_a_payment_costs_at_most_ten_round_trips(council: Council, database) -> None:  # type: ignore[no-untyped-def]
    """Counted, not timed: BEGIN, every statement and COMMIT of one HTTP payment, the key's lookup
    and the idempotency record included. (SQLite's are function calls; counted all the same.)"""
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    council.pay(wallet, 100)  # a first payment warms nothing up that the count depends on
    seen: list[str] = []

    def statement(*args) -> None:  # type: ignore[no-untyped-def]
        seen.append(args[2])

    event.listen(database.engine, "before_cursor_execute", statement)
    event.listen(database.engine, "begin", lambda conn: seen.append("BEGIN"))
    event.listen(database.engine, "commit", lambda conn: seen.append("COMMIT"))
    try:
        paid = council.pay(wallet, 100)
    finally:
        event.remove(database.engine, "before_cursor_execute", statement)
    assert paid.status == 201, paid.body
    work = [s for s in seen if not s.lstrip().upper().startswith("BEGIN IMMEDIATE")]
    if database.dialect == "postgresql":
        assert len(work) <= 10, "\n".join(work)
        assert sum("FOR UPDATE" in s for s in work) == 1, "the accounts are locked once"

"""Concurrent spending from one account that must not go negative.

Sixteen threads race to spend from one account with room for only some of them. On PostgreSQL
the touched accounts are locked in id order; on SQLite writers queue on BEGIN IMMEDIATE. Either
way exactly as many succeed as fit, the rest are refused with the fact, nothing deadlocks, and the
stored balance equals the sum of the postings.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import case, func, select

from tests.support import cash, funds, open_accounts, post
from wallet.domain.errors import InsufficientFunds
from wallet.domain.postings import credit, debit
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.tables import postings

THREADS = 16
EACH = 700
FUNDED = 5_000  # room for 7 spends of 700


def test_sixteen_threads_never_overdraw_and_never_deadlock(database: Database) -> None:
    open_accounts(database, cash(), funds("person"), funds("payee", guarded=False), funds("fees", guarded=False))
    post(database, [debit("bank", FUNDED), credit("person", FUNDED)])
    start = threading.Barrier(THREADS)

    def spend(i: int) -> str:
        start.wait()
        # Touch accounts in a different order per thread: the repository must still lock in
        # one order.
        legs = [credit("payee", EACH - 50), credit("fees", 50)]
        legs = legs if i % 2 else legs[::-1]
        try:
            post(database, [debit("person", EACH), *legs])
            return "posted"
        except InsufficientFunds as refused:
            assert refused.shortfall > 0
            return "refused"

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(spend, range(THREADS), timeout=120))

    assert outcomes.count("posted") == FUNDED // EACH
    assert outcomes.count("refused") == THREADS - FUNDED // EACH
    with database.reader() as session:
        person = LedgerRepository(session).account("person")
        signed = case((postings.c.side == "credit", postings.c.amount), else_=-postings.c.amount)
        from_postings = session.execute(
            select(func.sum(signed)).where(postings.c.account_id == person.id)).scalar_one()
    assert person.balance == FUNDED - EACH * (FUNDED // EACH) == from_postings
    assert person.balance >= 0

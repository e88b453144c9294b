"""Transfers per second through the ledger's own use case, one database transaction each.

Each transfer is what a payment request does to the ledger: open a writing session, post a
two-posting transaction through ``post_transaction`` (lock both accounts, check the guard, write
the transaction, its postings and the new totals, read the transaction back), commit. The money
leaves a person's credit-normal funds account, which must not go negative, for the holder's
debit-normal bank account, so every transfer pays for the overdraft check as a real one would.

Transfers pick one of many account pairs at random, so concurrent workers mostly do not queue
on each other's row locks: the figure is the ledger's throughput, not one hot account's.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from bench.stats import median, p95
from wallet.domain.accounts import Side
from wallet.domain.postings import Posting, TransactionDraft, credit, debit
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository
from wallet.persistence.tables import accounts, transactions
from wallet.usecases.post_transaction import post_transaction

KIND = "bench-transfer"
EFFECTIVE = date(2026, 4, 6)
FUNDING = 10**12              # far more than any run can spend, so no transfer is refused
MAX_AMOUNT = 50_000           # up to £500 a payment
FUNDING_PAIRS_PER_TRANSACTION = 50
WARM_UP = 10                  # per worker: its connection opened and statements cached untimed


def bank(pair: int) -> str:
    return f"bench:bank:{pair}"


def person(pair: int) -> str:
    return f"bench:person:{pair}"


@dataclass
class TransferResult:
    backend: str
    workers: int
    transfers: int
    seconds: float
    warm_up: int = 0
    # This process's CPU time over wall time, in cores: near 1.0 with many workers means the
    # Python side (one interpreter lock) is the limit, not the database.
    client_cores: float = 0.0
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def per_second(self) -> float:
        return self.transfers / self.seconds

    def as_json(self) -> dict[str, object]:
        return {
            "workers": self.workers,
            "transfers": self.transfers,
            "seconds": round(self.seconds, 3),
            "transfers_per_second": round(self.per_second, 1),
            # None when every transfer failed: the errors say why.
            "latency_ms_median": round(median(self.latencies_ms), 3) if self.latencies_ms else None,
            "latency_ms_p95": round(p95(self.latencies_ms), 3) if self.latencies_ms else None,
            "client_cpu_cores": round(self.client_cores, 2),
            "errors": dict(self.errors),
        }


def open_and_fund(database: Database, pairs: int) -> None:
    with database.writer.begin() as session:
        LedgerRepository(session).open_accounts(
            spec
            for pair in range(pairs)
            for spec in (AccountSpec(bank(pair), Side.DEBIT),
                         AccountSpec(person(pair), Side.CREDIT, must_not_go_negative=True))
        )
    # Several pairs per transaction keeps set-up quick; not too many, because PostgreSQL's
    # balance trigger re-reads a transaction's postings once per posting.
    for first in range(0, pairs, FUNDING_PAIRS_PER_TRANSACTION):
        legs: list[Posting] = []
        for pair in range(first, min(first + FUNDING_PAIRS_PER_TRANSACTION, pairs)):
            legs += [debit(bank(pair), FUNDING), credit(person(pair), FUNDING, memo="funding")]
        with database.writer.begin() as session:
            post_transaction(session, TransactionDraft("bench-funding", EFFECTIVE, tuple(legs)),
                             organisation_id=None)


def _transfer(database: Database, rng: random.Random, pairs: int) -> None:
    pair = rng.randrange(pairs)
    amount = rng.randint(1, MAX_AMOUNT)
    draft = TransactionDraft(
        KIND, EFFECTIVE, (debit(person(pair), amount, memo="payment"), credit(bank(pair), amount)),
        reference=f"bench-{rng.getrandbits(48):012x}",
    )
    with database.writer.begin() as session:
        post_transaction(session, draft, organisation_id=None)


def _worker(database: Database, pairs: int, count: int, seed: int, start: threading.Barrier,
            result: TransferResult, lock: threading.Lock) -> None:
    rng = random.Random(seed)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    try:
        for _ in range(WARM_UP):
            _transfer(database, rng, pairs)
    except BaseException:
        start.abort()  # release the others, so the run fails with this error instead of hanging
        raise
    start.wait()
    for _ in range(count):
        began = time.perf_counter()
        try:
            _transfer(database, rng, pairs)
        except Exception as error:  # noqa: BLE001 - counted and reported; the run goes on
            errors[type(error).__name__] += 1
            continue
        latencies.append((time.perf_counter() - began) * 1000)
    with lock:
        result.latencies_ms += latencies
        result.errors.update(errors)


def run_transfers(database: Database, *, backend: str, pairs: int, transfers: int, workers: int,
                  seed: int) -> TransferResult:
    shares = _split(transfers, workers)
    result = TransferResult(backend, workers, transfers, seconds=0.0, warm_up=WARM_UP * workers)
    lock = threading.Lock()
    # The main thread joins the barrier too, so the clock starts when every worker is ready.
    start = threading.Barrier(workers + 1)
    with ThreadPoolExecutor(workers, thread_name_prefix="bench-transfer") as pool:
        futures = [
            pool.submit(_worker, database, pairs, share, seed * 1000 + index, start, result, lock)
            for index, share in enumerate(shares)
        ]
        try:
            start.wait()
        except threading.BrokenBarrierError:
            for future in futures:
                future.result()  # re-raises the worker's own error
            raise
        began, cpu_began = time.perf_counter(), time.process_time()
        for future in futures:
            future.result()
        result.seconds = time.perf_counter() - began
        result.client_cores = (time.process_time() - cpu_began) / result.seconds
    result.transfers = len(result.latencies_ms)
    return result


def _split(total: int, parts: int) -> Sequence[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def check_ledger(database: Database, expected_transfers: int) -> None:
    """Refuse to report throughput for a run that lost or invented money."""
    with database.reader() as session:
        posted = session.execute(
            select(func.count()).select_from(transactions).where(transactions.c.kind == KIND)
        ).scalar_one()
        net = session.execute(
            select(func.coalesce(func.sum(accounts.c.debits_posted - accounts.c.credits_posted), 0))
        ).scalar_one()
    if posted != expected_transfers or net != 0:
        raise RuntimeError(
            f"ledger check failed: {posted} transfers stored (expected {expected_transfers}), "
            f"debits minus credits over all accounts = {net} (expected 0)"
        )

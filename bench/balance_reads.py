"""Does reading a balance stay cheap as an account's history grows?

The ledger keeps running totals on the account and on every posting, so reading the current
balance, or the balance at any past moment, should cost the same for an account with 100
postings as for one with 100,000. This builds both histories through the repository, then times
both kinds of read on each account, interleaved so that a noisy neighbour slows both alike.

The histories are posted through ``LedgerRepository.post`` rather than bulk-inserted, so the
running totals on every posting are exactly what the service writes; many postings share one
transaction to keep that quick.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bench.stats import median, p95
from wallet.domain.accounts import AccountState, Side
from wallet.domain.postings import Posting, TransactionDraft, credit, debit
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository
from wallet.usecases.post_transaction import post_transaction

EFFECTIVE = date(2026, 4, 6)
BANK = "bench:history:bank"
WARM_UP_READS = 100


@dataclass(frozen=True)
class History:
    code: str
    postings: int
    transactions: int
    middle: datetime          # a moment half-way through the history
    balance_at_middle: int    # what a correct point-in-time read must return there
    balance: int
    build_seconds: float


@dataclass(frozen=True)
class Latency:
    median_us: float
    p95_us: float

    @classmethod
    def of(cls, samples_ns: list[int]) -> Latency:
        return cls(median(samples_ns) / 1000, p95(samples_ns) / 1000)

    def as_json(self) -> dict[str, float]:
        return {"median_us": round(self.median_us, 1), "p95_us": round(self.p95_us, 1)}


@dataclass(frozen=True)
class ReadComparison:
    """One kind of read on the short and the long history."""

    short: Latency
    long: Latency

    @property
    def ratio(self) -> float:
        return self.long.median_us / self.short.median_us

    @property
    def ratio_p95(self) -> float:
        return self.long.p95_us / self.short.p95_us

    def as_json(self, short_postings: int, long_postings: int) -> dict[str, object]:
        return {
            f"postings_{short_postings}": self.short.as_json(),
            f"postings_{long_postings}": self.long.as_json(),
            "ratio_median": round(self.ratio, 3),
            "ratio_p95": round(self.ratio_p95, 3),
        }


@dataclass(frozen=True)
class BalanceReadResult:
    backend: str
    short: History
    long: History
    current: ReadComparison
    as_of: ReadComparison

    def as_json(self) -> dict[str, object]:
        return {
            "history_build_seconds": {
                f"postings_{self.short.postings}": round(self.short.build_seconds, 2),
                f"postings_{self.long.postings}": round(self.long.build_seconds, 2),
            },
            "current_balance": self.current.as_json(self.short.postings, self.long.postings),
            "balance_as_of_middle": self.as_of.as_json(self.short.postings, self.long.postings),
        }


def build_history(database: Database, code: str, postings: int, batch: int,
                  rng: random.Random) -> History:
    """Give ``code`` exactly ``postings`` postings: mostly money in, some money out."""
    began = time.perf_counter()
    with database.writer.begin() as session:
        LedgerRepository(session).open_accounts([
            AccountSpec(BANK, Side.DEBIT),
            AccountSpec(code, Side.CREDIT, must_not_go_negative=True),
        ])
    # At least ten transactions, so "the middle of the history" falls between two of them.
    batch = max(2, min(batch, postings // 10))
    balance = 0
    moments: list[tuple[datetime, int]] = []
    for first in range(0, postings, batch):
        legs: list[Posting] = []
        for _ in range(min(batch, postings - first)):
            amount = rng.randint(1, 10_000)
            # A spend every fourth posting when there is room: the guard is checked on the net.
            if len(legs) % 4 == 3 and balance > amount:
                legs.append(debit(code, amount, memo="payment"))
                balance -= amount
            else:
                legs.append(credit(code, amount, memo="funding"))
                balance += amount
        net_in = sum(p.amount if p.side is Side.CREDIT else -p.amount for p in legs)
        if net_in:
            legs.append(debit(BANK, net_in) if net_in > 0 else credit(BANK, -net_in))
        with database.writer.begin() as session:
            draft = TransactionDraft("bench-history", EFFECTIVE, tuple(legs))
            record = post_transaction(session, draft, organisation_id=None)
        moments.append((record.recorded_at, balance))
    middle, balance_at_middle = moments[len(moments) // 2 - 1]
    return History(code, postings, len(moments), middle, balance_at_middle, balance,
                   time.perf_counter() - began)


def _check(database: Database, history: History) -> AccountState:
    """A fast read that returns the wrong figure would be no result at all."""
    with database.reader() as session:
        repository = LedgerRepository(session)
        account = repository.account(history.code)
        then = repository.balance_as_of(account, history.middle)
    if account.balance != history.balance or then.balance != history.balance_at_middle:
        raise RuntimeError(
            f"{history.code}: read {account.balance} now and {then.balance} at the middle, "
            f"expected {history.balance} and {history.balance_at_middle}"
        )
    return account


def _time_interleaved(reads: int, rng: random.Random,
                      short_read: Callable[[], object], long_read: Callable[[], object]
                      ) -> tuple[list[int], list[int]]:
    short: list[int] = []
    long: list[int] = []
    pair = [(short_read, short), (long_read, long)]
    for _ in range(WARM_UP_READS):
        short_read()
        long_read()
    # A collection pause landing on one side would be noise, not the query's cost.
    gc.collect()
    gc.disable()
    try:
        for _ in range(reads):
            rng.shuffle(pair)
            for read, samples in pair:
                began = time.perf_counter_ns()
                read()
                samples.append(time.perf_counter_ns() - began)
    finally:
        gc.enable()
    return short, long


def measure(database: Database, *, backend: str, short_postings: int, long_postings: int,
            batch: int, reads: int, seed: int) -> BalanceReadResult:
    rng = random.Random(seed)
    short = build_history(database, f"bench:history:{short_postings}", short_postings, batch, rng)
    long = build_history(database, f"bench:history:{long_postings}", long_postings, batch, rng)
    short_account = _check(database, short)
    long_account = _check(database, long)

    # One open read session, as a request holds one: the timings are the repository call
    # itself (SQL round trip and row mapping), not session set-up.
    with database.reader() as session:
        repository = LedgerRepository(session)
        current = _time_interleaved(
            reads, rng,
            lambda: repository.account(short.code),
            lambda: repository.account(long.code),
        )
        as_of = _time_interleaved(
            reads, rng,
            lambda: repository.balance_as_of(short_account, short.middle),
            lambda: repository.balance_as_of(long_account, long.middle),
        )
    return BalanceReadResult(
        backend, short, long,
        ReadComparison(Latency.of(current[0]), Latency.of(current[1])),
        ReadComparison(Latency.of(as_of[0]), Latency.of(as_of[1])),
    )

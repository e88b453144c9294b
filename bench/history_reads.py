"""Do the reads people make stay flat as a wallet's history grows? (issue 12.3)

On a fresh PostgreSQL database, through the real app served in-process (a TestClient, so each
figure is the whole request: key, SQL, JSON), three wallets at one holder:

- ``new``: opened, funded, and one month (``MONTH``) of ``MONTH_POSTINGS`` postings;
- ``old``: the same month, after ``BENCH_HISTORY`` postings of history spread over the two years
  before it;
- ``busy``: a month holding ``BENCH_HISTORY_MONTH`` postings.

Then, interleaved so a noisy neighbour slows both alike: the month's statement (JSON), the first
page of the transactions list, the month's first page (``from``/``to``), a page from the middle
of the old wallet's history (its cursor made as the service makes one), and the balance on a day of the month (with and
without ``as_of``), on ``new`` and ``old``; and the busy month's statement. The histories are
posted through the ledger's bulk writer (``LedgerRepository.post_many``), many postings a
transaction, so every total the service keeps is exactly what it writes; ``BENCH_HISTORY=1000000``
builds the million-posting history the issue asks about in a few minutes.

``python -m bench.history_reads`` runs it alone (``WALLET_BENCH_POSTGRES_URL``, default the test
server); ``make bench`` runs it too.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bench import api_setup
from bench.databases import PostgresServer
from bench.in_process import Served, served
from bench.stats import median, p95

MONTH = (date(2026, 3, 1), date(2026, 3, 31))
HISTORY_FROM = MONTH[0] - timedelta(days=730)
MONTH_POSTINGS = 400
# Two fundings a transaction, as a day's money in might be; a page of 100 transactions is 400 postings.
POSTINGS_PER_TRANSACTION = 4
TRANSACTIONS_PER_COMMIT = 2_000
CURSOR_SECRET = "bench-history-cursors"
WARM_UP = 3


def sizes() -> tuple[int, int, int]:
    """(history postings, busy month's postings, reads of each kind) from the environment."""
    def number(name: str, default: int) -> int:
        raw = os.environ.get(name, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or int(raw) <= 0:
            raise SystemExit(f"bench: {name} must be a whole number greater than zero, got {raw!r}")
        return int(raw)
    return number("BENCH_HISTORY", 20_000), number("BENCH_HISTORY_MONTH", 5_000), number("BENCH_HISTORY_READS", 15)


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, samples_ns: list[int]) -> Timing:
        return cls(median(samples_ns) / 1e6, p95(samples_ns) / 1e6)

    def as_json(self) -> dict[str, float]:
        return {"median_ms": round(self.median_ms, 2), "p95_ms": round(self.p95_ms, 2)}


@dataclass(frozen=True)
class HistoryReadResult:
    history_postings: int
    busy_month_postings: int
    build_seconds: float
    # read -> (new wallet, old wallet)
    reads: dict[str, tuple[Timing, Timing]]
    busy_statement: Timing

    def ratios(self) -> dict[str, float]:
        return {read: round(old.median_ms / new.median_ms, 3) for read, (new, old) in self.reads.items()}

    def as_json(self) -> dict[str, Any]:
        return {
            "history_postings": self.history_postings, "month_postings": MONTH_POSTINGS,
            "busy_month_postings": self.busy_month_postings, "build_seconds": round(self.build_seconds, 1),
            "reads": {read: {"new_wallet": new.as_json(), "old_wallet": old.as_json(),
                             "ratio_median": self.ratios()[read]} for read, (new, old) in self.reads.items()},
            "busy_month_statement": self.busy_statement.as_json(),
        }


def _fund_legs(accounts: Any, postings: int) -> list[Any]:
    from wallet.domain.postings import credit, debit
    from wallet.domain.wallets import Source

    legs = []
    for n in range(postings // 2):
        amount = 100 + n % 900
        legs += [debit(accounts.cash, amount, memo=Source.FUNDER.value),
                 credit(accounts.available(Source.FUNDER), amount, memo=Source.FUNDER.value)]
    return legs


def post_history(database: Any, wallet_id: str, postings: int, first: date, last: date) -> list[int]:
    """``postings`` postings on the wallet (fundings, two postings each), in transactions of
    ``POSTINGS_PER_TRANSACTION``, dated evenly from ``first`` to ``last``. Their journal positions.

    Written by the ledger's bulk writer (``LedgerRepository.post_many``, as the funding run
    writes), ``TRANSACTIONS_PER_COMMIT`` transactions a statement: each transaction still gets
    its own row, running totals, day totals and link on the chain, and a million postings of
    history take minutes instead of half an hour."""
    from wallet.domain.kinds import Kind
    from wallet.domain.postings import TransactionDraft
    from wallet.persistence.event_repository import WalletOwners
    from wallet.persistence.ledger_repository import LedgerRepository
    from wallet.persistence.wallet_repository import WalletRepository

    with database.reader() as session:
        wallet = WalletRepository(session).get(wallet_id)
        assert wallet is not None
        accounts = wallet.accounts
    # Named, so the writer announces each transaction without reading the wallet again.
    owners = [WalletOwners(wallet.id, wallet.funder_id, wallet.holder_id)]
    transactions = max(1, postings // POSTINGS_PER_TRANSACTION)
    days = (last - first).days + 1
    legs = tuple(_fund_legs(accounts, POSTINGS_PER_TRANSACTION))
    codes = sorted({leg.account for leg in legs})
    seqs: list[int] = []
    for start in range(0, transactions, TRANSACTIONS_PER_COMMIT):
        with database.writer.begin() as session:
            ledger = LedgerRepository(session)
            ledger.lock_accounts(codes)
            drafts = [(TransactionDraft(Kind.FUNDING.value, first + timedelta(days=n * days // transactions), legs), owners)
                      for n in range(start, min(start + TRANSACTIONS_PER_COMMIT, transactions))]
            seqs += [record.seq for record in ledger.post_many(drafts, organisation_id=None)]
    return seqs


@contextmanager
def _served(server: PostgresServer) -> Iterator[Served]:
    from bench.databases import migrate

    with server.scratch_database("_history") as name:
        url = server.url_for(name)
        migrate(url)
        with served(url, WALLET_CURSOR_KEY=CURSOR_SECRET) as app:
            yield app


def measure(server: PostgresServer, *, say: Callable[[str], None] = lambda _: None) -> HistoryReadResult:
    history, busy_postings, reads = sizes()
    with _served(server) as app:
        client, database, admin_key, send = app.client, app.database, app.admin_key, app.send
        tenancy = api_setup.make_tenancy(send, admin_key)
        new, old, busy = (api_setup.funded_wallet(send, tenancy, n) for n in range(3))
        began = time.perf_counter()
        say(f"history: {history:,} postings of history, a month of {busy_postings:,}")
        old_seqs = post_history(database, old, history, HISTORY_FROM, MONTH[0] - timedelta(days=1))
        for wallet in (new, old):
            post_history(database, wallet, MONTH_POSTINGS, *MONTH)
        post_history(database, busy, busy_postings, *MONTH)
        with database.writer.begin() as session:
            from sqlalchemy import text
            session.execute(text("ANALYZE"))
        build = time.perf_counter() - began
        key = tenancy.funder_key

        def get(path: str, **params: Any) -> Any:
            response = client.get(path, params=params, headers={"Authorization": f"Bearer {key}"})
            if response.status_code != 200:
                raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:500]}")
            return response.json()

        from wallet.http.pagination import cursor_key, encode_cursor

        # A page from the middle of the old wallet's history, as a client paging through it reaches
        # it; the new wallet's counterpart is its first page (the same hundred transactions' size).
        middle = encode_cursor({"seq": old_seqs[len(old_seqs) // 2]}, cursor_key(CURSOR_SECRET, ""))

        month = {"from": MONTH[0].isoformat(), "to": MONTH[1].isoformat()}
        mid = (MONTH[0] + timedelta(days=14)).isoformat()
        kinds: dict[str, Callable[[str], Any]] = {
            "statement_month_json": lambda w: get(f"/v1/wallets/{w}/statement", **month),
            "transactions_first_page": lambda w: get(f"/v1/wallets/{w}/transactions", limit=100),
            "transactions_month_first_page": lambda w: get(f"/v1/wallets/{w}/transactions", limit=100, **month),
            "transactions_middle_page": lambda w: get(f"/v1/wallets/{w}/transactions", limit=100,
                                                      **({"cursor": middle} if w == old else {})),
            "balance_on_a_day": lambda w: get(f"/v1/wallets/{w}/balance", on=mid),
            "balance_on_a_day_as_known_at": lambda w: get(f"/v1/wallets/{w}/balance", on=mid,
                                                         as_of=f"{date.today().isoformat()}T00:00:00Z"),
        }
        # Both wallets hold the same month: the statements must agree to the penny.
        month_new, month_old = (kinds["statement_month_json"](w) for w in (new, old))
        if sum(line["amount"] for line in month_new["lines"]) != sum(line["amount"] for line in month_old["lines"]):
            raise RuntimeError("the old and the new wallet's months differ")
        found: dict[str, tuple[Timing, Timing]] = {}
        for name, read in kinds.items():
            say(f"history: {name}, {reads} reads on each wallet")
            samples = _interleaved(reads, lambda: read(new), lambda: read(old))
            found[name] = (Timing.of(samples[0]), Timing.of(samples[1]))
        busy_samples = _interleaved(max(3, reads // 3), lambda: kinds["statement_month_json"](busy),
                                    lambda: None)[0]
        return HistoryReadResult(history, busy_postings, build, found, Timing.of(busy_samples))


def _interleaved(reads: int, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[list[int], list[int]]:
    samples: tuple[list[int], list[int]] = ([], [])
    for _ in range(WARM_UP):
        first(), second()
    gc.collect()
    gc.disable()
    try:
        for n in range(reads):
            order = ((0, first), (1, second)) if n % 2 == 0 else ((1, second), (0, first))
            for index, read in order:
                began = time.perf_counter_ns()
                read()
                samples[index].append(time.perf_counter_ns() - began)
    finally:
        gc.enable()
    return samples


def table(result: HistoryReadResult) -> str:
    lines = [f"History reads (PostgreSQL, through the app): a new wallet against one with "
             f"{result.history_postings:,} postings of history, the same month of {MONTH_POSTINGS} postings",
             f"  {'read':<34} {'new ms':>9} {'old ms':>9} {'old/new':>8}"]
    for read, (new, old) in result.reads.items():
        lines.append(f"  {read:<34} {new.median_ms:>9.1f} {old.median_ms:>9.1f} {old.median_ms / new.median_ms:>8.2f}")
    lines.append(f"  statement of a month of {result.busy_month_postings:,} postings: "
                 f"{result.busy_statement.median_ms:.0f} ms (median), {result.busy_statement.p95_ms:.0f} ms (p95)")
    return "\n".join(lines)


def main() -> int:
    url = os.environ.get("WALLET_BENCH_POSTGRES_URL") or "postgresql://root@127.0.0.1:5432/test"
    server = PostgresServer(url)
    try:
        result = measure(server, say=lambda m: print(f"[bench {time.strftime('%H:%M:%S')}] {m}", file=sys.stderr,
                                                       flush=True))
    finally:
        server.dispose()
    import json
    print(json.dumps(result.as_json(), indent=2))
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

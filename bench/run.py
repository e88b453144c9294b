"""`make bench`: ledger throughput, balance reads and HTTP payments, beside pgbench on one server.

Runs, in order: transfers on SQLite (serial, then concurrent), balance reads on SQLite; the same
on PostgreSQL; payments through `wallet serve` at each HTTP client count and the statement
counts of single requests (unless WALLET_BENCH_HTTP=0); audit/verify and the CSV export on long
journals (bench/verify_speed.py, unless WALLET_BENCH_VERIFY=0); reads on a long history against a new
wallet (``bench/history_reads.py``); wallets opened through the bulk API on each
database (bench/bulk_open.py, WALLET_BENCH_BULK_*); then pgbench at every client count used.
Prints a table, writes bench-results.json. Parameters come from WALLET_BENCH_* variables (see
bench/config.py and the README); progress goes to stderr so stdout is just the table.

Exit status: 0 when every case ran, 1 when transfers or payments failed (any non-2xx answer) or
a ledger check did, 2 when something the run needs (pgbench, the PostgreSQL server) is missing.
"""

from __future__ import annotations

import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Any

from bench import (
    balance_reads,
    book_runs,
    bulk_open,
    cpu_floor,
    history_reads,
    http_load,
    ledger_load,
    report,
    statement_counts,
    verify_speed,
)
from bench.config import RESULTS, ROOT, Params, cores
from bench.databases import PostgresServer, postgres_ledger, sqlite_ledger
from bench.pgbench import Pgbench, PgbenchMissing, PgbenchResult, find_pgbench
from wallet.persistence.db import Database


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ledger_cases(
    backend: str, open_database: Callable[[], AbstractContextManager[Database]], params: Params,
) -> tuple[list[ledger_load.TransferResult], balance_reads.BalanceReadResult]:
    with open_database() as database:
        say(f"{backend}: opening and funding {params.account_pairs:,} account pairs")
        ledger_load.open_and_fund(database, params.account_pairs)
        results = []
        posted = 0
        for workers in (1, params.workers):
            say(f"{backend}: {params.transfers:,} transfers from {workers} worker(s)")
            result = ledger_load.run_transfers(
                database, backend=backend, pairs=params.account_pairs, transfers=params.transfers,
                workers=workers, seed=params.seed + workers,
            )
            posted += result.transfers + result.warm_up
            say(f"{backend}: {result.per_second:,.1f} transfers/s")
            results.append(result)
        ledger_load.check_ledger(database, posted)
        say(f"{backend}: building {params.short_history:,}- and {params.long_history:,}-posting "
            f"histories, then {params.reads:,} reads of each")
        reads = balance_reads.measure(
            database, backend=backend, short_postings=params.short_history,
            long_postings=params.long_history, batch=params.history_batch, reads=params.reads,
            seed=params.seed,
        )
    return results, reads


def pgbench_cases(pgbench: Pgbench, server: PostgresServer,
                  params: Params) -> dict[int, PgbenchResult]:
    results = {}
    # A database of its own: pgbench's tables never share a cache or a WAL stream with ours mid-run.
    with server.scratch_database("_pgbench") as name:
        say(f"pgbench: initialising scale {params.pgbench_scale}")
        pgbench.initialise(name, params.pgbench_scale)
        for clients in params.pgbench_clients:
            say(f"pgbench: {clients} client(s) for {params.pgbench_seconds} s")
            results[clients] = pgbench.run(name, clients, params.pgbench_seconds)
            say(f"pgbench: {results[clients].tps:,.1f} tps")
    return results


def http_cases(server: PostgresServer, params: Params
               ) -> tuple[http_load.HttpLoadResults, list[statement_counts.StatementCount]]:
    http = http_load.measure(server, wallets=params.http_wallets, clients=params.http_clients,
                             seconds=params.http_seconds,
                             warm_up_seconds=params.http_warm_up_seconds,
                             driver=params.http_driver, say=say)
    say("statements: counting one payment, one hold capture and one pool payment")
    counts = statement_counts.measure(server)
    for count in counts:
        say(f"statements: {count.operation}: {len(count.sql.statements)} SQL statements, "
            f"{count.round_trips} round trips")
    return http, counts


def machine(server: PostgresServer, pgbench: Pgbench) -> dict[str, Any]:
    return {
        "nproc": cores(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": server.version(),
        "pgbench": pgbench.version(),
        "revision": _revision(),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _revision() -> str | None:
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return done.stdout.strip() or None


def main() -> int:
    params = Params.from_env()
    try:
        pgbench_binary = find_pgbench()
    except PgbenchMissing as missing:
        print(f"bench: {missing}", file=sys.stderr)
        return 2
    server = PostgresServer(params.postgres_url)
    try:
        server.version()
    except Exception as error:  # noqa: BLE001 - any failure here means "cannot reach it"
        print(f"bench: PostgreSQL at {params.as_json()['postgres_url']} is unreachable ({error}).\n"
              "Set WALLET_BENCH_POSTGRES_URL to a server where this user may CREATE DATABASE.",
              file=sys.stderr)
        return 2
    pgbench = Pgbench(pgbench_binary, server.url)
    began = time.perf_counter()
    http: http_load.HttpLoadResults | None = None
    verified: verify_speed.VerifyResults | None = None
    counts: list[statement_counts.StatementCount] = []
    floor: cpu_floor.CpuFloor | None = None
    try:
        pool_size = params.workers + 2
        sqlite_transfers, sqlite_reads = ledger_cases(
            "sqlite", lambda: sqlite_ledger(pool_size), params)
        pg_transfers, pg_reads = ledger_cases(
            "postgresql", lambda: postgres_ledger(server, pool_size), params)
        if params.http:
            http, counts = http_cases(server, params)
            say("cpu: a payment's Python time at three depths, in-process")
            floor = cpu_floor.measure(server)
        else:
            say("http: skipped (WALLET_BENCH_HTTP=0)")
        verified = verify_speed.measure(server, say) if verify_speed.enabled() else None
        # Reads on a long history against a new wallet (sizes from BENCH_HISTORY, BENCH_HISTORY_MONTH).
        history = history_reads.measure(server, say=say)
        books = [book_runs.run_book(server, size, say) for size in params.book_wallets]
        bulk = bulk_open.run_all(server, say)
        pgbench_results = pgbench_cases(pgbench, server, params)
        about = machine(server, pgbench)
    finally:
        server.dispose()

    transfers = sqlite_transfers + pg_transfers
    reads = [pg_reads, sqlite_reads]
    found = report.targets(transfers, pgbench_results, reads, http, counts)
    parameters = params.as_json() | {"run_seconds": round(time.perf_counter() - began, 1)}
    shared = dict(machine=about, parameters=parameters, transfers=transfers,
                  pgbench=pgbench_results, reads=reads, found_targets=found, http=http,
                  statements=counts)
    results = report.results_json(**shared) | {"history_reads": history.as_json(),
                                               "book_runs": [b.as_json() for b in books]}
    if verified is not None:
        results["verify"] = verified.as_json()
    if floor is not None:
        results["cpu_floor"] = floor.as_json()
    results["bulk_open"] = [result.as_json() for result in bulk]
    report.write_json(RESULTS, results)
    print(report.table(**shared, verbose=params.verbose))
    if floor is not None:
        print("\n" + cpu_floor.table(floor, {clients: result.tps for clients, result in pgbench_results.items()},
                                     cores()))
    print("\n" + history_reads.table(history))
    if verified is not None:
        print(verify_speed.table(verified))
    print()
    print(book_runs.table(books))
    print("\nOpening wallets with their schedules through POST /v1/wallet-batches (bench/bulk_open.py):")
    for result in bulk:
        print("  " + bulk_open.describe(result))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} in {parameters['run_seconds']} s")

    status = 0
    failed = sum(sum(result.errors.values()) for result in transfers)
    if failed:
        print(f"bench: {failed} transfers failed; see 'errors' in {RESULTS.name}", file=sys.stderr)
        status = 1
    if http is not None and http.failed:
        print(f"bench: {http.failed} HTTP payments were not answered 2xx; see 'http_payments' in "
              f"{RESULTS.name}", file=sys.stderr)
        status = 1
    if http is not None and http.ledger_problem():
        print(f"bench: HTTP ledger check failed: {http.ledger_problem()}", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

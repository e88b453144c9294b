"""The printed table and bench-results.json, both built from the same results.

Targets are shown beside the figures but never fail the run: benchmark machines are shared and
noisy, so a miss is something to look at, not a red build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import report_http
from bench.balance_reads import BalanceReadResult, ReadComparison
from bench.http_load import HttpLoadResults
from bench.ledger_load import TransferResult
from bench.pgbench import PgbenchResult
from bench.report_http import (
    HTTP_VS_PGBENCH,
    HTTP_VS_PGBENCH_STRETCH,
    P99_AT_8_MS,
    ROUND_TRIPS_PER_PAYMENT,
    ratio_to_pgbench,
)
from bench.statement_counts import StatementCount

READ_RATIO_TARGET = 1.5
SERIAL_VS_PGBENCH_TARGET = 0.5
CONCURRENT_VS_PGBENCH_TARGET = 0.3  # in-process PostgreSQL transfers at N workers / pgbench at N
SQLITE_SERIAL_TARGET = 680.0        # transfers per second: what it was before issue 11
BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    limit: float
    at_most: bool  # True: value must not exceed limit; False: must reach it

    @property
    def met(self) -> bool:
        return self.value <= self.limit if self.at_most else self.value >= self.limit

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "value": round(self.value, 3),
                "target": f"{'<=' if self.at_most else '>='} {self.limit}", "met": self.met}


def _case(workers: int) -> str:
    return "serial" if workers == 1 else f"{workers}_workers"


def _transfers(transfers: list[TransferResult], backend: str,
               workers: int) -> TransferResult | None:
    return next((t for t in transfers if t.backend == backend and t.workers == workers), None)


def targets(transfers: list[TransferResult], pgbench: dict[int, PgbenchResult],
            reads: list[BalanceReadResult], http: HttpLoadResults | None = None,
            statements: list[StatementCount] | None = None) -> list[Target]:
    found = []
    for result in reads:
        backend = BACKEND_NAMES[result.backend]
        for label, comparison in (("current balance", result.current),
                                  ("balance as of a past moment", result.as_of)):
            found.append(Target(
                f"{backend} {label}: median read at {result.long.postings:,} postings / at "
                f"{result.short.postings:,}", comparison.ratio, READ_RATIO_TARGET, at_most=True))
    serial_pg = _transfers(transfers, "postgresql", 1)
    if serial_pg and 1 in pgbench:
        found.append(Target("PostgreSQL serial transfers per second / pgbench tps with 1 client",
                            serial_pg.per_second / pgbench[1].tps, SERIAL_VS_PGBENCH_TARGET,
                            at_most=False))
    concurrent_pg = next((t for t in transfers if t.backend == "postgresql" and t.workers > 1),
                         None)
    if concurrent_pg and concurrent_pg.workers in pgbench:
        workers = concurrent_pg.workers
        found.append(Target(
            f"PostgreSQL transfers in-process at {workers} workers / pgbench at {workers} clients",
            concurrent_pg.per_second / pgbench[workers].tps, CONCURRENT_VS_PGBENCH_TARGET,
            at_most=False))
    serial_sqlite = _transfers(transfers, "sqlite", 1)
    if serial_sqlite:
        found.append(Target("SQLite serial transfers per second in-process (not below today's)",
                            serial_sqlite.per_second, SQLITE_SERIAL_TARGET, at_most=False))
    if http is not None:
        found += http_targets(http, pgbench)
    for count in statements or []:
        if count.operation == "payment":
            found.append(Target("round trips to PostgreSQL for one HTTP payment, BEGIN and COMMIT "
                                "included", count.round_trips, ROUND_TRIPS_PER_PAYMENT,
                                at_most=True))
    return found


def http_targets(http: HttpLoadResults, pgbench: dict[int, PgbenchResult]) -> list[Target]:
    runs = http.by_clients()
    found = []
    for clients, limit, label in ((1, HTTP_VS_PGBENCH, ""), (8, HTTP_VS_PGBENCH, ""),
                                  (8, HTTP_VS_PGBENCH_STRETCH, " (stretch)")):
        ratio = ratio_to_pgbench(runs[clients], pgbench) if clients in runs else None
        if ratio is not None:
            found.append(Target(f"HTTP payments/s at {clients} client{'s' if clients > 1 else ''} "
                                f"/ pgbench tps at {clients}{label}", ratio, limit, at_most=False))
    if 8 in runs and 32 in runs and runs[8].per_second:
        found.append(Target("HTTP payments/s at 32 clients / at 8 clients (no collapse)",
                            runs[32].per_second / runs[8].per_second, 1.0, at_most=False))
    if 8 in runs and runs[8].p99_ms is not None:
        found.append(Target("HTTP payment p99 at 8 clients, ms", runs[8].p99_ms, P99_AT_8_MS,
                            at_most=True))
    return found


def results_json(*, machine: dict[str, Any], parameters: dict[str, Any],
                 transfers: list[TransferResult], pgbench: dict[int, PgbenchResult],
                 reads: list[BalanceReadResult], found_targets: list[Target],
                 http: HttpLoadResults | None = None,
                 statements: list[StatementCount] | None = None) -> dict[str, Any]:
    by_backend: dict[str, dict[str, Any]] = {}
    for result in transfers:
        by_backend.setdefault(result.backend, {})[_case(result.workers)] = result.as_json()
    ours_vs: dict[str, float] = {}
    for result in transfers:
        if result.backend == "postgresql" and result.workers in pgbench:
            ratio = result.per_second / pgbench[result.workers].tps
            ours_vs[f"clients_{result.workers}"] = round(ratio, 3)
    return {
        "machine": machine,
        "parameters": parameters,
        "transfers_per_second": {b: {c: r["transfers_per_second"] for c, r in cases.items()}
                                 for b, cases in by_backend.items()},
        "transfers": by_backend,
        "pgbench": {f"clients_{clients}": result.as_json()
                    for clients, result in sorted(pgbench.items())},
        "ours_vs_pgbench": ours_vs,
        "balance_reads": {result.backend: result.as_json() for result in reads},
        "http_payments": http.as_json() if http else None,
        "http_vs_pgbench": {f"clients_{run.clients}": round(ratio, 3)
                            for run in (http.runs if http else [])
                            if (ratio := ratio_to_pgbench(run, pgbench)) is not None},
        "statement_counts": [count.as_json() for count in statements or []],
        "targets": [target.as_json() for target in found_targets],
    }


def write_json(path: Path, results: dict[str, Any]) -> None:
    path.write_text(json.dumps(results, indent=2) + "\n")


def table(*, machine: dict[str, Any], parameters: dict[str, Any], transfers: list[TransferResult],
          pgbench: dict[int, PgbenchResult], reads: list[BalanceReadResult],
          found_targets: list[Target], http: HttpLoadResults | None = None,
          statements: list[StatementCount] | None = None, verbose: bool = False) -> str:
    lines = [
        f"wallet bench: {machine['nproc']} CPUs, PostgreSQL {machine['postgresql']}, "
        f"SQLite {machine['sqlite']}, Python {machine['python']}",
        "",
        f"Transfers: two postings, one commit each, {parameters['transfers']:,} per case, "
        f"{parameters['account_pairs']:,} account pairs",
        f"  {'database':<11} {'workers':>7} {'per second':>11} {'median ms':>10} {'p95 ms':>8} "
        f"{'client CPU':>10} {'errors':>7}",
    ]
    for result in transfers:
        data = result.as_json()
        lines.append(
            f"  {BACKEND_NAMES[result.backend]:<11} {result.workers:>7} {result.per_second:>11.1f} "
            f"{_ms(data['latency_ms_median']):>10} {_ms(data['latency_ms_p95']):>8} "
            f"{result.client_cores * 100:>9.0f}% "
            f"{sum(result.errors.values()):>7}"
        )
    lines += ["", f"pgbench tpcb-like, {parameters['pgbench_seconds']} s per run, scale "
                  f"{parameters['pgbench_scale']} (tps without connection time)",
              f"  {'clients':>7} {'tps':>11} {'in-process / pgbench':>21} {'HTTP / pgbench':>15}"]
    ours = {t.workers: t.per_second for t in transfers if t.backend == "postgresql"}
    served = http.by_clients() if http else {}
    for clients, result in sorted(pgbench.items()):
        ratio = f"{ours[clients] / result.tps:.2f}" if clients in ours else "-"
        http_ratio = f"{served[clients].per_second / result.tps:.2f}" if clients in served else "-"
        lines.append(f"  {clients:>7} {result.tps:>11.1f} {ratio:>21} {http_ratio:>15}")

    if http is not None:
        lines += ["", *report_http.http_lines(http, pgbench)]
    if statements:
        sqlite_serial = _transfers(transfers, "sqlite", 1)
        lines += ["", *report_http.statement_lines(
            statements, sqlite_serial=sqlite_serial.per_second if sqlite_serial else None,
            verbose=verbose)]

    lines += ["", "Balance reads in one open session, microseconds "
                  f"({parameters['reads']:,} reads of each, interleaved)"]
    for result in reads:
        short, long = f"{result.short.postings:,} postings", f"{result.long.postings:,} postings"
        lines.append(f"  {BACKEND_NAMES[result.backend]:<30} {short:>17} {long:>19}   {'ratio':>5}")
        lines.append(f"  {'':<30} {'median':>8} {'p95':>8} {'median':>9} {'p95':>9}"
                     f"   {'median':>5}")
        for label, comparison in (("current balance", result.current),
                                  ("balance as of middle", result.as_of)):
            lines.append(_read_line(label, comparison))
        lines.append(f"  (histories built in {result.short.build_seconds:.1f} s and "
                     f"{result.long.build_seconds:.1f} s through the repository)")

    lines += ["", "Targets (reported, never failing the run: shared machines are noisy)"]
    for target in found_targets:
        sign = "<=" if target.at_most else ">="
        verdict = "met" if target.met else "MISSED"
        lines.append(f"  {verdict:<6} {target.value:8.3f} {sign} {target.limit:<4g}  {target.name}")
    return "\n".join(lines)


def _ms(value: object) -> str:
    return "-" if value is None else f"{value:.2f}"


def _read_line(label: str, comparison: ReadComparison) -> str:
    return (f"    {label:<28} {comparison.short.median_us:>8.1f} {comparison.short.p95_us:>8.1f} "
            f"{comparison.long.median_us:>9.1f} {comparison.long.p95_us:>9.1f}"
            f"   {comparison.ratio:>6.2f}")

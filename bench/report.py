"""The printed table and bench-results.json, both built from one results dictionary.

Targets are shown beside the figures but never fail the run: benchmark machines are shared and
noisy, so a miss is something to look at, not a red build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.balance_reads import BalanceReadResult, ReadComparison
from bench.ledger_load import TransferResult
from bench.pgbench import PgbenchResult

READ_RATIO_TARGET = 1.5
SERIAL_VS_PGBENCH_TARGET = 0.5
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


def targets(transfers: list[TransferResult], pgbench: dict[int, PgbenchResult],
            reads: list[BalanceReadResult]) -> list[Target]:
    found = []
    for result in reads:
        backend = BACKEND_NAMES[result.backend]
        for label, comparison in (("current balance", result.current),
                                  ("balance as of a past moment", result.as_of)):
            found.append(Target(
                f"{backend} {label}: median read at {result.long.postings:,} postings / at "
                f"{result.short.postings:,}", comparison.ratio, READ_RATIO_TARGET, at_most=True))
    serial_pg = next((t for t in transfers if t.backend == "postgresql" and t.workers == 1), None)
    if serial_pg and 1 in pgbench:
        found.append(Target("PostgreSQL serial transfers per second / pgbench tps with 1 client",
                            serial_pg.per_second / pgbench[1].tps, SERIAL_VS_PGBENCH_TARGET,
                            at_most=False))
    return found


def results_json(*, machine: dict[str, Any], parameters: dict[str, Any],
                 transfers: list[TransferResult], pgbench: dict[int, PgbenchResult],
                 reads: list[BalanceReadResult], found_targets: list[Target]) -> dict[str, Any]:
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
        "targets": [target.as_json() for target in found_targets],
    }


def write_json(path: Path, results: dict[str, Any]) -> None:
    path.write_text(json.dumps(results, indent=2) + "\n")


def table(*, machine: dict[str, Any], parameters: dict[str, Any], transfers: list[TransferResult],
          pgbench: dict[int, PgbenchResult], reads: list[BalanceReadResult],
          found_targets: list[Target]) -> str:
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
              f"  {'clients':>7} {'tps':>11} {'ours (PostgreSQL) / pgbench':>29}"]
    ours = {t.workers: t.per_second for t in transfers if t.backend == "postgresql"}
    for clients, result in sorted(pgbench.items()):
        ratio = f"{ours[clients] / result.tps:.2f}" if clients in ours else "-"
        lines.append(f"  {clients:>7} {result.tps:>11.1f} {ratio:>29}")

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
        lines.append(f"  {verdict:<6} {target.value:6.2f} {sign} {target.limit:<4}  {target.name}")
    return "\n".join(lines)


def _ms(value: object) -> str:
    return "-" if value is None else f"{value:.2f}"


def _read_line(label: str, comparison: ReadComparison) -> str:
    return (f"    {label:<28} {comparison.short.median_us:>8.1f} {comparison.short.p95_us:>8.1f} "
            f"{comparison.long.median_us:>9.1f} {comparison.long.p95_us:>9.1f}"
            f"   {comparison.ratio:>6.2f}")

"""The HTTP payment table, the statement counts and their targets, for ``report``."""

from __future__ import annotations

from collections.abc import Sequence

from bench.config import cores
from bench.http_driver import LoadResult
from bench.http_load import RATE_LIMIT_NOTE, HttpLoadResults
from bench.pgbench import PgbenchResult
from bench.statement_counts import StatementCount

HTTP_VS_PGBENCH = 0.25         # at 1 client and at 8
HTTP_VS_PGBENCH_STRETCH = 0.5  # at 8
P99_AT_8_MS = 50.0
ROUND_TRIPS_PER_PAYMENT = 10


def ratio_to_pgbench(run: LoadResult, pgbench: dict[int, PgbenchResult]) -> float | None:
    yardstick = pgbench.get(run.clients)
    return run.per_second / yardstick.tps if yardstick and yardstick.tps else None


def http_lines(http: HttpLoadResults, pgbench: dict[int, PgbenchResult]) -> list[str]:
    workers = f"{http.workers} worker{'s' if http.workers != 1 else ''}"
    lines = [
        f"HTTP payments: POST /v1/wallets/{{id}}/payments to `wallet serve` ({workers}; "
        f"{RATE_LIMIT_NOTE})",
        f"  {http.wallets:,} wallets at one holder, a different one and a unique Idempotency-Key "
        f"each request; {http.seconds} s per client count",
        f"  after {http.warm_up_seconds} s warm-up; driver: {http.driver} (its CPU share in "
        f"cores of {cores()})",
        f"  {'clients':>7} {'payments/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'/ pgbench':>10} "
        f"{'driver CPU':>10} {'errors':>7}",
    ]
    for run in http.runs:
        ratio = ratio_to_pgbench(run, pgbench)
        lines.append(
            f"  {run.clients:>7} {run.per_second:>11.1f} {_ms(run.p50_ms):>8} {_ms(run.p99_ms):>8} "
            f"{'-' if ratio is None else f'{ratio:.2f}':>10} {run.driver_cores * 100:>9.1f}% "
            f"{run.failed:>7}")
        if run.errors:
            lines.append("          errors: " + ", ".join(
                f"{name} x{count}" for name, count in sorted(run.errors.items())))
    check = http.ledger_problem()
    lines.append(f"  ({http.payments_stored:,} payments stored for {http.payments_answered:,} "
                 f"2xx answers: {'ok' if check is None else 'MISMATCH: ' + check}; "
                 f"set-up {http.set_up_seconds:.0f} s)")
    return lines


def statement_lines(counts: Sequence[StatementCount], *, sqlite_serial: float | None,
                    verbose: bool) -> list[str]:
    lines = [
        "Statements and round trips for one request: PostgreSQL, the app in-process after a few "
        "untimed requests,",
        "  the whole request (key look-up, idempotency, use case, BEGIN and COMMIT); round trips "
        "counted on the wire",
        f"  {'request':<14} {'status':>6} {'SQL statements':>14} {'BEGIN/COMMIT/ROLLBACK':>22} "
        f"{'on the wire':>11} {'round trips':>11} {'connections':>11}",
    ]
    for count in counts:
        sql = count.sql
        lines.append(
            f"  {count.operation:<14} {count.status:>6} {len(sql.statements):>14} "
            f"{f'{sql.begins}/{sql.commits}/{sql.rollbacks}':>22} {count.wire_statements:>11} "
            f"{count.round_trips:>11} {count.connections:>11}")
    if sqlite_serial is not None:
        lines.append("  beside them: SQLite serial transfers in-process, "
                     f"{sqlite_serial:,.1f} per second")
    if verbose:
        for count in counts:
            lines += ["", f"  {count.operation}: {count.round_trips} round trips"]
            for number, trip in enumerate(count.wire, start=1):
                carried = trip.statements or ["(no statement: start-up, sync or close)"]
                for index, statement in enumerate(carried):
                    prefix = f"{number:>4}. [conn {trip.connection}]" if index == 0 else " " * 15
                    lines.append(f"  {prefix} {_one_line(statement)}")
    return lines


def _one_line(statement: str, width: int = 160) -> str:
    flat = " ".join(statement.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"

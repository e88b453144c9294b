"""The bench's pure parts: percentiles, wrk's summary line, the wire parser, targets and tables.

Nothing here times anything or needs a database: the figures are made up, the arithmetic and
the formatting are what is checked.
"""

from __future__ import annotations

import asyncio
import json
import struct
from collections import Counter

from bench import cpu_floor, report, wrk
from bench.http_driver import LoadResult
from bench.http_load import HttpLoadResults
from bench.ledger_load import TransferResult
from bench.pgbench import PgbenchResult
from bench.statement_counts import SqlEvents, StatementCount
from bench.stats import median, p95, percentile
from bench.wire import FrontendParser, RoundTrip


def test_percentiles_are_nearest_rank_values_that_were_observed() -> None:
    values = list(range(100, 0, -1))  # 100 down to 1, unsorted on purpose
    assert median(values) == 50
    assert p95(values) == 95
    assert percentile(values, 0.99) == 99
    assert percentile(values, 1.0) == 100
    assert percentile([7.5], 0.99) == 7.5


def test_load_result_takes_p50_and_p99_from_the_successful_latencies() -> None:
    result = LoadResult.of(8, 10.0, [float(ms) for ms in range(1, 201)],
                           errors=Counter({"HTTP 409": 2}))
    assert (result.succeeded, result.p50_ms, result.p99_ms) == (200, 100.0, 198.0)
    assert result.per_second == 20.0
    assert result.failed == 2
    empty = LoadResult.of(1, 10.0, [])
    assert (empty.p50_ms, empty.p99_ms, empty.per_second) == (None, None, 0.0)


def test_wrk_summary_line_becomes_a_load_result() -> None:
    output = ("Running 15s test @ http://127.0.0.1:1234\n"
              'WALLET_BENCH {"requests": 1500, "duration_us": 15000000, "p50_us": 4200, '
              '"p99_us": 12500, "statuses": {"201": 1497, "500": 3}, "connect": 0, "read": 1, '
              '"write": 0, "timeout": 0}\n')
    result = wrk.parse_output(output, clients=8, driver_cores=0.05)
    assert result.succeeded == 1497 and result.answered_2xx == 1497
    assert result.per_second == 1497 / 15
    assert (result.p50_ms, result.p99_ms) == (4.2, 12.5)
    assert result.errors == Counter({"HTTP 500": 3, "socket read": 1})
    assert result.driver == "wrk"


def _message(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("!i", len(payload) + 4) + payload


def test_the_wire_parser_names_what_each_round_trip_executed() -> None:
    startup = struct.pack("!ii", 8, 80877103)  # an SSL request, answered "N" before start-up
    startup += struct.pack("!ii", 9, 196608) + b"\0"
    parse = _message(b"P", b"\0SELECT 1 WHERE $1\0" + struct.pack("!h", 0))
    bind = _message(b"B", b"\0\0" + b"\0" * 6)
    burst = (_message(b"Q", b"BEGIN\0") + parse + bind + _message(b"E", b"\0\0\0\0\0")
             + _message(b"S", b""))
    parser, trip = FrontendParser(), RoundTrip(connection=1)
    stream = startup + burst
    for cut in range(0, len(stream), 7):  # bytes arrive in arbitrary pieces
        parser.feed(stream[cut:cut + 7], trip)
    assert trip.statements == ["BEGIN", "SELECT 1 WHERE $1"]
    assert trip.waits == 2  # the simple query and the Sync


def _transfer(backend: str, workers: int, per_second: float) -> TransferResult:
    return TransferResult(backend, workers, transfers=int(per_second * 10), seconds=10.0,
                          latencies_ms=[1.0, 2.0])


def _http() -> HttpLoadResults:
    http = HttpLoadResults(workers=2, wallets=1000, driver="python", seconds=15, warm_up_seconds=2,
                           payments_stored=600, payments_answered=600)
    http.runs = [
        LoadResult.of(1, 15.0, [2.0] * 150 * 15, driver_cores=0.08),
        LoadResult.of(8, 15.0, [10.0] * 1480 + [60.0] * 20, driver_cores=0.2),  # p99 60 ms
        LoadResult.of(32, 15.0, [30.0] * 290 * 15, driver_cores=0.3,
                      errors=Counter({"HTTP 409": 1})),
    ]
    return http


def _statements(round_trips: int) -> list[StatementCount]:
    sql = SqlEvents(statements=["SELECT 1", "INSERT 2"], begins=1, commits=1)
    selects = [RoundTrip(1, [f"SELECT {n}"]) for n in range(round_trips - 2)]
    wire = [RoundTrip(1, ["BEGIN"]), *selects, RoundTrip(1, ["COMMIT"])]
    return [StatementCount("payment", 201, sql, wire),
            StatementCount("hold capture", 200, sql, wire[:3])]


def _pgbench() -> dict[int, PgbenchResult]:
    return {clients: PgbenchResult(clients, 10, tps, tps * 10, "pgbench")
            for clients, tps in ((1, 400.0), (8, 1000.0), (32, 1100.0))}


def test_targets_are_ratios_from_the_same_run_each_met_or_missed() -> None:
    transfers = [_transfer("sqlite", 1, 700.0), _transfer("postgresql", 1, 300.0),
                 _transfer("postgresql", 8, 250.0)]
    found = {t.name: t for t in report.targets(transfers, _pgbench(), [], _http(), _statements(9))}

    at_1 = found["HTTP payments/s at 1 client / pgbench tps at 1"]
    assert (at_1.value, at_1.met) == (150 / 400, True)
    at_8 = [found["HTTP payments/s at 8 clients / pgbench tps at 8"],
            found["HTTP payments/s at 8 clients / pgbench tps at 8 (stretch)"]]
    assert [(t.value, t.limit, t.met) for t in at_8] == [(0.1, 0.25, False), (0.1, 0.5, False)]
    assert found["HTTP payments/s at 32 clients / at 8 clients (no collapse)"].value == 2.9
    p99 = found["HTTP payment p99 at 8 clients, ms"]
    assert (p99.value, p99.met) == (60.0, False)
    trips = next(t for name, t in found.items() if name.startswith("round trips"))
    assert (trips.value, trips.met) == (9, True)
    in_process = next(t for name, t in found.items() if "in-process at 8 workers" in name)
    assert (in_process.value, in_process.met) == (0.25, False)
    sqlite = next(t for name, t in found.items() if name.startswith("SQLite serial"))
    assert (sqlite.value, sqlite.met) == (700.0, True)


def test_the_table_and_the_json_carry_the_http_and_statement_figures() -> None:
    transfers = [_transfer("sqlite", 1, 700.0), _transfer("postgresql", 1, 300.0)]
    http, statements = _http(), _statements(12)
    found = report.targets(transfers, _pgbench(), [], http, statements)
    shared = dict(machine={"nproc": 2, "postgresql": "15", "sqlite": "3", "python": "3.11"},
                  parameters={"transfers": 2000, "account_pairs": 1000, "pgbench_seconds": 10,
                              "pgbench_scale": 1, "reads": 2000},
                  transfers=transfers, pgbench=_pgbench(), reads=[], found_targets=found,
                  http=http, statements=statements)

    printed = report.table(**shared, verbose=True)
    assert "2 workers; rate limit off: WALLET_RATE_LIMIT_PER_MINUTE=0" in printed
    rows = {line.split()[0]: line.split() for line in printed.splitlines()
            if line.strip() and line.split()[0] in ("1", "8", "32") and "%" in line}
    assert rows["1"][1:5] == ["150.0", "2.00", "2.00", "0.38"]
    assert rows["32"][-1] == "1"  # the 409
    assert "errors: HTTP 409 x1" in printed
    assert "MISSED   12.000 <= 10    round trips to PostgreSQL for one HTTP payment" in printed
    assert "beside them: SQLite serial transfers in-process, 700.0 per second" in printed
    assert "  payment: 12 round trips" in printed and "[conn 1] COMMIT" in printed

    results = json.loads(json.dumps(report.results_json(**shared)))
    assert results["http_vs_pgbench"] == {"clients_1": 0.375, "clients_8": 0.1, "clients_32": 0.264}
    run_8 = results["http_payments"]["runs"]["clients_8"]
    assert (run_8["payments_per_second"], run_8["latency_ms_p99"]) == (100.0, 60.0)
    assert results["http_payments"]["ledger_check"] == "ok"
    assert results["statement_counts"][0]["round_trips"] == 12
    assert any(t["name"].startswith("round trips") and not t["met"] for t in results["targets"])


def test_without_the_http_part_the_old_tables_stand_alone() -> None:
    transfers = [_transfer("postgresql", 1, 300.0)]
    found = report.targets(transfers, _pgbench(), [])
    printed = report.table(machine={"nproc": 2, "postgresql": "15", "sqlite": "3", "python": "3"},
                           parameters={"transfers": 10, "account_pairs": 1, "pgbench_seconds": 1,
                                       "pgbench_scale": 1, "reads": 1},
                           transfers=transfers, pgbench=_pgbench(), reads=[], found_targets=found)
    assert "HTTP payments" not in printed and "round trips" not in printed
    assert [t.name for t in found] == [
        "PostgreSQL serial transfers per second / pgbench tps with 1 client"]


def test_a_mismatch_between_answers_and_stored_payments_is_named() -> None:
    http = _http()
    assert http.ledger_problem() is None
    http.payments_stored = 598
    assert http.ledger_problem() == "598 payments stored after 600 2xx answers (expected 600)"
    http.unseen_allowed = 8  # wrk may leave one request a connection unanswered
    http.payments_stored = 605
    assert http.ledger_problem() is None


def test_the_cpu_table_sets_each_depth_against_what_the_targets_leave_a_payment() -> None:
    found = cpu_floor.CpuFloor(payments=400, framework_cpu_ms=0.95, use_case_cpu_ms=1.77, use_case_wall_ms=3.47,
                               app_cpu_ms=3.18)
    assert found.as_json()["http_layer_cpu_ms"] == 1.41
    printed = cpu_floor.table(found, {1: 1_600.0, 8: 2_000.0}, cores=2)
    assert "0.95 ms CPU" in printed and "1.77 ms CPU, 3.47 ms wall" in printed and "(the HTTP layer 1.41 ms)" in printed
    # 1 / (0.25 x 1,600) s = 2.50 ms; 2 cores / (0.25 x 2,000) s = 4.00 ms of CPU.
    assert "at 1 client leaves 2.50 ms wall a payment; the use case alone takes 3.47 ms" in printed
    assert "at 8 clients leaves 4.00 ms of the 2 cores a payment" in printed
    assert "pgbench" not in cpu_floor.table(found, {}, cores=2)


def test_the_bare_app_answers_a_payment_as_the_real_route_does() -> None:
    body = b'{"amount": 1, "category": "personal_assistant", "effective_date": "2026-04-10"}'
    status = asyncio.run(cpu_floor._call(cpu_floor._bare_app(), "/v1/wallets/w1/payments",
                                         [(b"authorization", b"Bearer bench")], body))
    assert status == 201
    refused = asyncio.run(cpu_floor._call(cpu_floor._bare_app(), "/v1/wallets/w1/payments", [], body))
    assert refused == 422  # the header dependency is really solved

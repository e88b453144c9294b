"""The payment load through wrk, when it is installed: a C driver that costs the machine little.

wrk runs ``wrk_payments.lua`` (a different wallet and a unique Idempotency-Key each request) and
prints one JSON line of totals and latency percentiles. Its CPU time is this process's children's
CPU time before and after it ran (nothing else is reaped meanwhile: the server outlives the
run), over the wall time of the run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench.http_driver import LoadResult

SCRIPT = Path(__file__).with_name("wrk_payments.lua")
_MARK = "WALLET_BENCH "


def find_wrk() -> str | None:
    configured = os.environ.get("WALLET_BENCH_WRK")
    return configured or shutil.which("wrk")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_payments(binary: str, base_url: str, wallet_ids: Sequence[str], holder_key: str, *,
                 clients: int, seconds: int, run_name: str, threads: int) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", prefix="wallet_bench_wallets_", suffix=".txt") as ids:
        ids.write("\n".join(wallet_ids) + "\n")
        ids.flush()
        threads = max(1, min(threads, clients))
        args = [binary, "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s",
                "--timeout", "10s", "-s", str(SCRIPT), base_url, "--", ids.name, holder_key,
                run_name]
        cpu_began, wall_began = _children_cpu(), time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True)
        wall = time.perf_counter() - wall_began
        cpu = _children_cpu() - cpu_began
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stderr or done.stdout}")
    return parse_output(done.stdout, clients=clients, driver_cores=cpu / wall)


def parse_output(output: str, *, clients: int, driver_cores: float) -> LoadResult:
    line = next((line for line in output.splitlines() if line.startswith(_MARK)), None)
    if line is None:
        raise RuntimeError(f"no {_MARK.strip()} line in wrk's output:\n{output}")
    totals = json.loads(line[len(_MARK):])
    statuses = Counter({code: int(count) for code, count in totals["statuses"].items()})
    errors = Counter({f"HTTP {code}": count for code, count in statuses.items()
                      if not code.startswith("2")})
    for kind in ("connect", "read", "write", "timeout"):
        if totals[kind]:
            errors[f"socket {kind}"] = totals[kind]
    succeeded = sum(count for code, count in statuses.items() if code.startswith("2"))
    # wrk keeps a histogram, not each request: its percentiles are over every answer, so they
    # equal the successful ones' exactly when nothing failed (and a failure fails the bench).
    return LoadResult(clients, totals["duration_us"] / 1e6, succeeded,
                      totals["p50_us"] / 1000 if succeeded else None,
                      totals["p99_us"] / 1000 if succeeded else None,
                      statuses=statuses, errors=errors,
                      driver_cores=driver_cores, driver="wrk", answered_2xx=succeeded)

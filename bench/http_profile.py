"""A quick look at HTTP payments, for profiling: not part of `make bench`.

    python -m bench.http_profile setup            # a persistent database, 200 funded wallets
    python -m bench.http_profile load 1 8         # wallet serve, then payments at 1 and 8 clients
    python -m bench.http_profile pgbench 1 8      # pgbench tpcb-like at the same client counts
    python -m bench.http_profile waits 8          # what the database's backends wait on, and idle CPU

`load` starts `wallet serve` on the persistent database (WALLET_WORKERS as set, default one per
core) and prints each run's rate and p50/p99; with HTTP_PROFILE_HOLD=1 it waits for Enter
between start and load so py-spy can be attached to a worker. Database names start with
``http_`` (HTTP_PROFILE_DB to change).

`waits` answers whether payments queue on a lock or on the processors: while the load runs it
samples ``pg_stat_activity`` ten times a second (each backend of the database: on the CPU, waiting
on a lock, on the WAL, or idle in a transaction while the service works) and reads the machine's
idle share from /proc/stat.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench import api_setup, http_driver, http_load
from bench.databases import PostgresServer
from bench.pgbench import Pgbench, find_pgbench
from bench.proc_cpu import group_cpu_seconds, postgres_cpu_seconds

SERVER = os.environ.get("WALLET_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test")
NAME = os.environ.get("HTTP_PROFILE_DB", "http_prof")
STATE = Path(f"/tmp/{NAME}.json")
SECONDS = int(os.environ.get("HTTP_PROFILE_SECONDS", "10"))


def setup(server: PostgresServer, wallets: int = 200) -> None:
    server.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    server.execute(f'CREATE DATABASE "{NAME}"')
    with http_load.running_service(server.libpq_url(NAME)) as service:
        tenancy = api_setup.make_tenancy(http_load.Client(service.port).send, service.admin_key())
        wallet_ids = http_load.open_wallets(service.port, tenancy, wallets)
    STATE.write_text(json.dumps({"holder_key": tenancy.holder_key, "wallets": wallet_ids}))
    print(f"{len(wallet_ids)} wallets in {NAME}")


def load(server: PostgresServer, clients: list[int]) -> None:
    state = json.loads(STATE.read_text())
    with http_load.running_service(server.libpq_url(NAME)) as service:
        print(f"serving on {service.port}, group {service.group_leader()}", flush=True)
        if os.environ.get("HTTP_PROFILE_HOLD"):
            input("attach, then Enter: ")
        for count in clients:
            requests = http_load.payment_requests(service.port, state["wallets"], state["holder_key"],
                                                  f"prof-{os.getpid()}-{time.time_ns()}-{count}")
            http_driver.drive(http_load.HOST, service.port, requests, clients=count, seconds=2,
                              warm_up_seconds=0)
            cpu, pg, own = group_cpu_seconds(service.group_leader()), postgres_cpu_seconds(), time.process_time()
            result = http_driver.drive(http_load.HOST, service.port, requests, clients=count,
                                       seconds=SECONDS, warm_up_seconds=0)
            cpu = group_cpu_seconds(service.group_leader()) - cpu
            pg, own = postgres_cpu_seconds() - pg, time.process_time() - own
            done = result.succeeded
            print(f"http {count:>2} clients: {result.per_second:7.1f}/s  p50 {result.p50_ms:.1f} p99 "
                  f"{result.p99_ms:.1f} ms  server CPU {1000 * cpu / done:.2f} ms a payment  "
                  f"PostgreSQL {1000 * pg / done:.2f} ms, driver {1000 * own / done:.2f} ms  failed {result.failed}", flush=True)


def waits(server: PostgresServer, clients: list[int]) -> None:
    state = json.loads(STATE.read_text())
    with http_load.running_service(server.libpq_url(NAME)) as service:
        for count in clients:
            requests = http_load.payment_requests(service.port, state["wallets"], state["holder_key"],
                                                  f"waits-{os.getpid()}-{time.time_ns()}-{count}")
            http_driver.drive(http_load.HOST, service.port, requests, clients=count, seconds=2, warm_up_seconds=0)
            seen: Counter[str] = Counter()
            done = threading.Event()
            sampler = threading.Thread(target=_sample_waits, args=(server, seen, done), daemon=True)
            busy_before = _machine_times()
            sampler.start()
            result = http_driver.drive(http_load.HOST, service.port, requests, clients=count, seconds=SECONDS,
                                       warm_up_seconds=0)
            done.set()
            sampler.join()
            idle, total = (after - before for after, before in zip(_machine_times(), busy_before, strict=True))
            samples = max(1, seen.pop("samples", 1))
            shares = ", ".join(f"{name} {n / samples:.2f}" for name, n in seen.most_common())
            print(f"waits {count:>2} clients: {result.per_second:7.1f}/s  machine idle {100 * idle / total:.0f}%  "
                  f"backends at a moment: {shares}", flush=True)


def _sample_waits(server: PostgresServer, seen: Counter[str], done: threading.Event) -> None:
    query = (f"SELECT CASE WHEN state = 'idle in transaction' THEN 'idle in transaction' "
             f"WHEN wait_event_type IS NULL THEN 'on CPU' WHEN wait_event_type = 'Client' THEN NULL "
             f"ELSE wait_event_type || ':' || wait_event END FROM pg_stat_activity "
             f"WHERE datname = '{NAME}' AND backend_type = 'client backend' AND state <> 'idle'")
    while not done.wait(0.1):
        for (what,) in server.rows(query):
            if what is not None:
                seen[what] += 1
        seen["samples"] += 1


def _machine_times() -> tuple[int, int]:
    """Idle and total jiffies of all processors, from /proc/stat's first line."""
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return fields[3] + fields[4], sum(fields[:8])


def pgbench(server: PostgresServer, clients: list[int]) -> None:
    bench = Pgbench(find_pgbench(), server.url)
    name = f"{NAME}_pgbench"
    server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.execute(f'CREATE DATABASE "{name}"')
    bench.initialise(name, 1)
    for count in clients:
        print(f"pgbench {count:>2} clients: {bench.run(name, count, SECONDS).tps:7.1f} tps", flush=True)


def main() -> None:
    server = PostgresServer(SERVER)
    command, *rest = sys.argv[1:]
    clients = [int(c) for c in rest] or [1, 8]
    {"setup": lambda: setup(server), "load": lambda: load(server, clients),
     "pgbench": lambda: pgbench(server, clients), "waits": lambda: waits(server, clients)}[command]()


if __name__ == "__main__":
    main()

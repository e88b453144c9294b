"""Opening wallets with their schedules through the bulk API, against one by one through the use cases.

The target (issue 12): 100,000 wallets with their schedules opened through `POST /v1/wallet-batches`
in at most 30 s. On a fresh database of each kind, the real app (``create_app``) serves the batches
in-process through a TestClient, so each figure is the whole request: JSON, validation, the
idempotency record, the use case and the commit. Each wallet gets one weekly schedule. For the
"before" figure, ``WALLET_BENCH_BULK_SINGLE`` wallets are opened the old way, ``open_wallet`` and
``create_schedule`` in one transaction per wallet, as the API did for each.

    WALLET_BENCH_BULK_WALLETS   wallets to open through batches (default 20,000; the target is 100,000)
    WALLET_BENCH_BULK_BATCH     items a batch (default 10,000, the most a batch takes)
    WALLET_BENCH_BULK_SINGLE    wallets opened one by one for the comparison (default 500)
    WALLET_BENCH_BULK_BACKENDS  sqlite,postgresql (default both)

Run alone: ``python -m bench.bulk_open`` (PostgreSQL from ``WALLET_BENCH_POSTGRES_URL``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.databases import PostgresServer, migrate
from bench.in_process import served

TARGET_WALLETS, TARGET_SECONDS = 100_000, 30.0
SCHEDULE = {"amount": 35000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-04-06"}


@dataclass(frozen=True)
class BulkOpenResult:
    backend: str
    wallets: int
    batch_size: int
    seconds: float
    cpu_seconds: float  # this process's CPU time: on a shared, loaded machine, steadier than the clock
    slowest_batch_seconds: float
    single_wallets: int
    single_seconds: float
    single_cpu_seconds: float

    @property
    def per_wallet_ms(self) -> float:
        return self.seconds * 1000 / self.wallets

    @property
    def single_per_wallet_ms(self) -> float:
        return self.single_seconds * 1000 / max(self.single_wallets, 1)

    @property
    def cpu_per_wallet_ms(self) -> float:
        return self.cpu_seconds * 1000 / self.wallets

    @property
    def single_cpu_per_wallet_ms(self) -> float:
        return self.single_cpu_seconds * 1000 / max(self.single_wallets, 1)

    @property
    def projected_target_seconds(self) -> float:
        """The time 100,000 wallets would take at this rate."""
        return self.per_wallet_ms * TARGET_WALLETS / 1000

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "per_wallet_ms": round(self.per_wallet_ms, 3),
                "single_per_wallet_ms": round(self.single_per_wallet_ms, 3),
                "projected_100k_seconds": round(self.projected_target_seconds, 1),
                "cpu_per_wallet_ms": round(self.cpu_per_wallet_ms, 3),
                "single_cpu_per_wallet_ms": round(self.single_cpu_per_wallet_ms, 3),
                "target_seconds": TARGET_SECONDS}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def measure(url: str, backend: str, *, wallets: int, batch_size: int, single: int,
            say: Callable[[str], None]) -> BulkOpenResult:
    migrate(url)
    with served(url) as app:
        send = app.send
        _, holder, policy, funder_key = _tenancy(send, app.admin_key)
        single_cpu = time.process_time()
        single_seconds = _open_one_by_one(app.database, funder_key, holder, policy, single)
        single_cpu = time.process_time() - single_cpu
        say(f"bulk {backend}: {single:,} wallets one by one: {single_seconds:.1f} s")
        began, cpu, slowest, opened = time.perf_counter(), time.process_time(), 0.0, 0
        while opened < wallets:
            size = min(batch_size, wallets - opened)
            items = [{"action": "open", "ref": str(n), "person_ref": f"BULK-{opened + n}", "holder_id": holder,
                      "arrangement": "isf", "policy_id": policy, "opened_on": "2026-04-06",
                      "schedules": [SCHEDULE]} for n in range(size)]
            start = time.perf_counter()
            status, body = send("POST", "/v1/wallet-batches", funder_key, {"mode": "item_by_item",
                                                                            "items": items})
            slowest = max(slowest, time.perf_counter() - start)
            if status != 200 or body["counts"]["applied"] != size:
                raise RuntimeError(f"a batch was not opened whole: {status} {str(body)[:500]}")
            opened += size
            say(f"bulk {backend}: {opened:,} wallets opened in {time.perf_counter() - began:.1f} s")
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    return BulkOpenResult(backend, wallets, batch_size, round(seconds, 2), round(cpu, 2), round(slowest, 2), single,
                          round(single_seconds, 2), round(single_cpu, 2))


def _tenancy(send, admin: str) -> tuple[str, str, str, str]:  # type: ignore[no-untyped-def]
    def created(path: str, key: str, body: Any) -> Any:
        status, answer = send("POST", path, key, body)
        if status not in (200, 201):
            raise RuntimeError(f"{path}: {status} {answer}")
        return answer

    funder = created("/v1/organisations", admin, {"name": "Bulk Council", "kind": "funder"})["id"]
    holder = created("/v1/organisations", admin, {"name": "Bulk Provider", "kind": "holder"})["id"]
    funder_key = created("/v1/api-keys", admin, {"organisation_id": funder, "role": "funder"})["key"]
    created("/v1/accreditations", funder_key, {"holder_id": holder, "status": "accredited"})
    policy = created("/v1/policies", funder_key, {"name": "bulk", "rules": {}})["id"]
    return funder, holder, policy, funder_key


def _open_one_by_one(database, funder_key: str, holder: str, policy: str, count: int) -> float:  # type: ignore[no-untyped-def]
    from wallet.domain.schedules import Every
    from wallet.domain.wallets import Arrangement, Source
    from wallet.usecases.authenticate import authenticate
    from wallet.usecases.manage_schedules import create_schedule
    from wallet.usecases.open_wallet import open_wallet

    with database.reader() as session:
        principal = authenticate(session, funder_key)
    began = time.perf_counter()
    for n in range(count):
        with database.writer.begin() as session:
            wallet = open_wallet(session, principal, person_ref=f"ONE-{n}", holder_id=holder,
                                 arrangement=Arrangement.ISF, policy_id=policy, opened_on=date(2026, 4, 6))
            create_schedule(session, principal, wallet.id, amount=35000, source=Source.FUNDER, every=Every.WEEK,
                            in_advance=True, starts_on=date(2026, 4, 6), ends_on=None, opening_float=None)
    return time.perf_counter() - began


def run_all(server: PostgresServer | None, say: Callable[[str], None]) -> list[BulkOpenResult]:
    wallets = _env_int("WALLET_BENCH_BULK_WALLETS", 20_000)
    batch_size = _env_int("WALLET_BENCH_BULK_BATCH", 10_000)
    single = _env_int("WALLET_BENCH_BULK_SINGLE", 500)
    backends = [b.strip() for b in os.environ.get("WALLET_BENCH_BULK_BACKENDS", "sqlite,postgresql").split(",")]
    results = []
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory(prefix="wallet_bulk_") as directory:
            results.append(measure(f"sqlite:///{Path(directory) / 'wallet.db'}", "sqlite", wallets=wallets,
                                   batch_size=batch_size, single=single, say=say))
    if "postgresql" in backends and server is not None:
        with server.scratch_database("_bulk") as name:
            results.append(measure(server.url_for(name), "postgresql", wallets=wallets, batch_size=batch_size,
                                   single=single, say=say))
    return results


def describe(result: BulkOpenResult) -> str:
    return (f"{result.backend}: {result.wallets:,} wallets with schedules in {result.seconds:.1f} s through "
            f"batches of {result.batch_size:,} ({result.per_wallet_ms:.2f} ms a wallet, slowest batch "
            f"{result.slowest_batch_seconds:.1f} s; 100,000 at this rate: {result.projected_target_seconds:.0f} s, "
            f"target {TARGET_SECONDS:.0f} s); CPU {result.cpu_per_wallet_ms:.2f} ms a wallet; one by one: "
            f"{result.single_per_wallet_ms:.2f} ms a wallet, CPU {result.single_cpu_per_wallet_ms:.2f} ms")


def main() -> int:
    from bench.config import Params

    def say(message: str) -> None:
        print(f"[bulk {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    server = PostgresServer(Params.from_env().postgres_url)
    try:
        for result in run_all(server, say):
            print(describe(result))
    finally:
        server.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where a payment's Python time goes: the framework's floor, the use case, the whole app.

The HTTP targets are ratios against pgbench, and on a 2-core machine where the database, the
service and the load driver share the processors they are bound by CPU. So `make bench` also
measures, in-process and one payment after another, the CPU time (``time.process_time``; the
database's own work is not in it) a payment costs at three depths:

- **framework**: a bare FastAPI app whose one route has the payment route's shape (a sync route, a
  header dependency, a generator dependency, a JSON body and a response model), and no database:
  what any FastAPI service pays before it does anything.
- **use case**: no HTTP: one writing session, the API key and the ``Idempotency-Key`` looked up
  (``authenticate_with_stored_response``), ``make_payment``, the commit with its seal.
- **app**: the real app (``create_app``), called as uvicorn calls it: middleware, routing,
  validation, the caller and the key claimed, the use case, the stored response, the JSON out.

The use case is also timed on the wall clock: one client waits for it, round trips included.
Each depth runs ``ROUNDS`` times in turn and the median is kept: the machine is shared.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header
from pydantic import BaseModel

from bench import api_setup
from bench.databases import PostgresServer, migrate
from bench.in_process import served

PAYMENTS = int(os.environ.get("WALLET_BENCH_CPU_PAYMENTS") or 400)
ROUNDS = 3
WALLETS = 20


@dataclass(frozen=True)
class CpuFloor:
    payments: int
    framework_cpu_ms: float
    use_case_cpu_ms: float
    use_case_wall_ms: float
    app_cpu_ms: float

    @property
    def http_layer_cpu_ms(self) -> float:
        return round(self.app_cpu_ms - self.use_case_cpu_ms, 3)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"http_layer_cpu_ms": self.http_layer_cpu_ms}


def measure(server: PostgresServer) -> CpuFloor:
    with server.scratch_database("_cpu_floor") as name:
        migrate(server.url_for(name))
        with served(server.libpq_url(name)) as app:
            tenancy = api_setup.make_tenancy(app.send, app.admin_key)
            wallets = [api_setup.funded_wallet(app.send, tenancy, index) for index in range(WALLETS)]
            depths: dict[str, Callable[[int], tuple[float, float]]] = {
                "framework": _timed(_framework_payments(_bare_app())),
                "use_case": _timed(_use_case_payments(app.database, tenancy.holder_key, wallets)),
                "app": _timed(_app_payments(app.app, tenancy.holder_key, wallets)),
            }
            for run in depths.values():
                run(20)  # warm: connections, prepared statements, caches
            found: dict[str, list[tuple[float, float]]] = {depth: [] for depth in depths}
            for _ in range(ROUNDS):
                for depth, run in depths.items():
                    found[depth].append(run(PAYMENTS))

    def median(depth: str, index: int) -> float:
        return round(statistics.median(sample[index] for sample in found[depth]), 3)

    return CpuFloor(PAYMENTS, median("framework", 0), median("use_case", 0), median("use_case", 1),
                    median("app", 0))


def _timed(pay: Callable[[int], None]) -> Callable[[int], tuple[float, float]]:
    """CPU and wall milliseconds a payment, over ``count`` payments."""
    def run(count: int) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        pay(count)
        return 1000 * (time.process_time() - cpu) / count, 1000 * (time.perf_counter() - wall) / count
    return run


def _use_case_payments(database: Any, holder_key: str, wallets: list[str]) -> Callable[[int], None]:
    from wallet.usecases.authenticate import authenticate_with_stored_response
    from wallet.usecases.make_payment import make_payment

    def pay(count: int) -> None:
        for number in range(count):
            with database.writer.begin() as session:
                principal, _ = authenticate_with_stored_response(session, holder_key, f"cpu-{uuid.uuid4()}")
                make_payment(session, principal, wallets[number % len(wallets)], amount=1,
                             category=api_setup.CATEGORY, payee="Bench payee",
                             effective_date=date.fromisoformat(api_setup.PAYMENT_DATE),
                             reference=None, description=None)
    return pay


def _app_payments(app: Any, holder_key: str, wallets: list[str]) -> Callable[[int], None]:
    body = api_setup.to_json(api_setup.payment_body(1))

    def pay(count: int) -> None:
        async def run() -> None:
            for number in range(count):
                status = await _call(app, f"/v1/wallets/{wallets[number % len(wallets)]}/payments",
                                     [(b"authorization", f"Bearer {holder_key}".encode()),
                                      (b"idempotency-key", f"cpu-{uuid.uuid4()}".encode())], body)
                if status != 201:
                    raise RuntimeError(f"a payment answered {status}")
        asyncio.run(run())
    return pay


def _framework_payments(app: Any) -> Callable[[int], None]:
    body = api_setup.to_json(api_setup.payment_body(1))

    def pay(count: int) -> None:
        async def run() -> None:
            for _ in range(count):
                status = await _call(app, f"/v1/wallets/{uuid.uuid4()}/payments",
                                     [(b"authorization", b"Bearer bench")], body)
                if status != 201:
                    raise RuntimeError(f"the bare app answered {status}")
        asyncio.run(run())
    return pay


class _Body(BaseModel):
    amount: int
    category: str
    payee: str | None = None
    effective_date: date | None = None
    reference: str | None = None


class _Out(BaseModel):
    id: str
    wallet_id: str
    amount: int
    status: str


def _caller(authorization: Annotated[str, Header()]) -> str:
    return authorization


def _session() -> Iterator[None]:
    yield None


def _bare_app() -> FastAPI:
    """A FastAPI app with nothing but the payment route's shape."""
    app = FastAPI()

    @app.post("/v1/wallets/{wallet_id}/payments", response_model=_Out, status_code=201)
    def pay(wallet_id: str, body: _Body, key: Annotated[str, Depends(_caller)],
            session: Annotated[None, Depends(_session)]) -> _Out:
        return _Out(id=str(uuid.uuid4()), wallet_id=wallet_id, amount=body.amount, status="posted")

    return app


async def _call(app: Any, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """One POST, the way uvicorn hands it to the app."""
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {},
             "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode()), *headers]}
    sent, status = False, 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # the client never hangs up mid-request
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def table(found: CpuFloor, pgbench_tps: dict[int, float], cores: int) -> str:
    """The three depths, and what the HTTP targets leave a payment to spend."""
    lines = [f"Where a payment's Python time goes (bench/cpu_floor.py; in-process, one after another, "
             f"median of {ROUNDS} x {found.payments}):",
             f"  a bare FastAPI route of the same shape, no database  {found.framework_cpu_ms:6.2f} ms CPU",
             f"  the use case alone: key look-up, payment, commit     {found.use_case_cpu_ms:6.2f} ms CPU, "
             f"{found.use_case_wall_ms:.2f} ms wall",
             f"  the whole app, as uvicorn calls it                   {found.app_cpu_ms:6.2f} ms CPU "
             f"(the HTTP layer {found.http_layer_cpu_ms:.2f} ms)"]
    if 1 in pgbench_tps:
        lines.append(f"  0.25x pgbench at 1 client leaves {1000 / (0.25 * pgbench_tps[1]):.2f} ms wall a payment; "
                     f"the use case alone takes {found.use_case_wall_ms:.2f} ms")
    if 8 in pgbench_tps:
        budget = 1000 * cores / (0.25 * pgbench_tps[8])
        lines.append(f"  0.25x pgbench at 8 clients leaves {budget:.2f} ms of the {cores} cores a payment, database "
                     f"and load driver included; the app alone takes {found.app_cpu_ms:.2f} ms")
    return "\n".join(lines)


def main() -> None:
    server = PostgresServer(os.environ.get("WALLET_BENCH_POSTGRES_URL")
                            or os.environ.get("WALLET_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test"))
    try:
        print(table(measure(server), {}, os.cpu_count() or 1))
    finally:
        server.dispose()


if __name__ == "__main__":
    main()

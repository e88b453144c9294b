"""One payment's Python cost through the whole ASGI app, in-process: not part of `make bench`.

    python -m bench.http_inprocess 2000            # after `python -m bench.http_profile setup`
    HTTP_INPROCESS_PROFILE=out.prof python -m bench.http_inprocess 2000   # under yappi (pstats file)

Calls the app (middleware, FastAPI, the route, the database) the way uvicorn does, one request
after another, and prints the wall time and the process's CPU time a payment: on a shared
machine the CPU time is the steadier figure, and PostgreSQL's own work is not in it. Steadier
still, under valgrind: ``valgrind --tool=cachegrind --cache-sim=no python -m bench.http_inprocess N``
for two values of N gives the instructions a payment (see bench/http_instructions.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import uuid

from bench import api_setup
from bench.databases import PostgresServer
from bench.http_profile import NAME, SERVER, STATE


def _scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    return {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
            "state": {}}


async def _call(app, path: str, key: str, body: bytes) -> int:  # type: ignore[no-untyped-def]
    headers = [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {key}".encode()),
               (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"idempotency-key", f"inproc-{uuid.uuid4()}".encode())]
    sent = False
    status = 0

    async def receive() -> dict:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(path, headers), receive, send)
    return status


async def _run(app, count: int, state: dict) -> None:  # type: ignore[no-untyped-def]
    wallets = state["wallets"]
    body = api_setup.to_json(api_setup.payment_body(1))
    for number in range(count):
        status = await _call(app, f"/v1/wallets/{wallets[number % len(wallets)]}/payments", state["holder_key"], body)
        if status not in (201, 202):
            raise SystemExit(f"payment answered {status}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    os.environ.setdefault("WALLET_RATE_LIMIT_PER_MINUTE", "0")
    os.environ["WALLET_DATABASE_URL"] = PostgresServer(SERVER).libpq_url(NAME)
    from wallet.http.app import create_app

    app = create_app()
    state = json.loads(STATE.read_text())
    asyncio.run(_run(app, 50, state))  # warm: connections, caches, first compilations
    profile_to = os.environ.get("HTTP_INPROCESS_PROFILE")
    if profile_to:
        # yappi, CPU clock, every thread: the route and sync dependencies run in the thread pool.
        import yappi

        yappi.set_clock_type("cpu")
        yappi.start()
    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(_run(app, count, state))
    if profile_to:
        yappi.stop()
        yappi.get_func_stats().save(profile_to, type="pstat")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{count} payments: {1000 * wall / count:.2f} ms wall, {1000 * cpu / count:.2f} ms CPU a payment")


if __name__ == "__main__":
    main()

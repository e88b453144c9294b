"""Payments per second through `wallet serve`, started as the README says, on a fresh database.

The service runs as its own process group: ``WALLET_DATABASE_URL=postgresql://... wallet serve
--port <free port>`` (it migrates first, then serves with its default number of workers, one
per core), with ``WALLET_RATE_LIMIT_PER_MINUTE=0`` so the per-key limiter does not throttle a
load that is all one holder key. Once ``/readyz`` answers, ``wallet keys create`` makes the
admin key and the API makes the tenancy (``api_setup``) and the wallets, all at one holder.

Then, for each client count, a short untimed warm-up and a timed run of
``POST /v1/wallets/{id}/payments``: the holder's key, a different wallet each request, a unique
``Idempotency-Key`` each, a small amount. The driver is wrk when it is installed, else our own
(``http_driver``). Afterwards the database must hold as many payments as were answered with a
2xx (wrk may stop with one request a connection still in flight, committed but unseen, so up to
that many more), so a figure is never of requests that did not commit.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select

from bench import api_setup, http_driver, wrk
from bench.config import ROOT, cores
from bench.databases import PostgresServer, vacuum
from bench.http_driver import LoadResult

HOST = "127.0.0.1"
READY_TIMEOUT_SECONDS = 120  # it migrates a fresh database first
WORKERS_TIMEOUT_SECONDS = 15
SET_UP_CLIENTS = 8
RATE_LIMIT_NOTE = "rate limit off: WALLET_RATE_LIMIT_PER_MINUTE=0"


@dataclass
class HttpLoadResults:
    workers: int
    wallets: int
    driver: str
    seconds: int
    warm_up_seconds: int
    runs: list[LoadResult] = field(default_factory=list)
    set_up_seconds: float = 0.0
    payments_stored: int = 0
    payments_answered: int = 0  # every 2xx, warm-ups included
    # wrk stops with requests in flight: the server may commit up to one per connection unseen.
    unseen_allowed: int = 0

    @property
    def failed(self) -> int:
        return sum(run.failed for run in self.runs)

    def ledger_problem(self) -> str | None:
        """Why the stored payments do not match the answers, or None when they do."""
        low, high = self.payments_answered, self.payments_answered + self.unseen_allowed
        if low <= self.payments_stored <= high:
            return None
        expected = f"{low}" if low == high else f"{low} to {high}"
        return (f"{self.payments_stored} payments stored after {self.payments_answered} "
                f"2xx answers (expected {expected})")

    def by_clients(self) -> dict[int, LoadResult]:
        return {run.clients: run for run in self.runs}

    def as_json(self) -> dict[str, Any]:
        return {
            "server": "wallet serve (README: Running against PostgreSQL)",
            "server_workers": self.workers,
            "rate_limit": RATE_LIMIT_NOTE,
            "wallets": self.wallets,
            "driver": self.driver,
            "seconds": self.seconds,
            "warm_up_seconds": self.warm_up_seconds,
            "set_up_seconds": round(self.set_up_seconds, 1),
            "payments_answered_2xx": self.payments_answered,
            "payments_stored": self.payments_stored,
            "ledger_check": self.ledger_problem() or "ok",
            "runs": {f"clients_{run.clients}": run.as_json() for run in self.runs},
        }


def wallet_binary() -> str:
    beside_python = Path(sys.executable).with_name("wallet")
    in_checkout = ROOT / ".venv" / "bin" / "wallet"
    return str(in_checkout if in_checkout.exists() else beside_python)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def expected_workers() -> int:
    """What `wallet serve` starts by default: WALLET_WORKERS, else one per core."""
    return int(os.environ.get("WALLET_WORKERS") or cores())


class Service:
    """`wallet serve` in a process group of its own, its output in a log file."""

    def __init__(self, database_url: str, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.env = os.environ | {"WALLET_DATABASE_URL": database_url, "WALLET_HOST": HOST,
                                 "WALLET_RATE_LIMIT_PER_MINUTE": "0"}
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as output:
            self._process = subprocess.Popen(
                [wallet_binary(), "serve", "--port", str(self.port)], env=self.env,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"wallet serve exited with {self._process.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        else:
            raise RuntimeError(f"wallet serve was not ready in {READY_TIMEOUT_SECONDS} s:\n"
                               f"{self.log_tail()}")
        # One worker answering is not all of them: give the rest a moment to start.
        deadline = time.monotonic() + WORKERS_TIMEOUT_SECONDS
        while self.workers_started() < expected_workers() and time.monotonic() < deadline:
            time.sleep(0.25)

    def workers_started(self) -> int:
        """Serving processes that said so in the log (uvicorn: "Application startup complete")."""
        try:
            return self.log.read_text(errors="replace").count("Application startup complete")
        except OSError:
            return 0

    def admin_key(self) -> str:
        done = subprocess.run([wallet_binary(), "keys", "create"], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"wallet keys create failed:\n{done.stderr or done.stdout}")
        return done.stdout.strip().splitlines()[-1].strip()

    def group_leader(self) -> int:
        """The process group of the server and its workers (it is started in a session of its own)."""
        assert self._process is not None
        return self._process.pid

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@contextmanager
def running_service(database_url: str) -> Iterator[Service]:
    with tempfile.TemporaryDirectory(prefix="wallet_bench_serve_") as directory:
        service = Service(database_url, free_port(), Path(directory) / "serve.log")
        service.start()
        try:
            service.wait_until_ready()
            yield service
        except BaseException:
            print(f"bench: the last lines wallet serve logged:\n{service.log_tail()}",
                  file=sys.stderr)
            raise
        finally:
            service.stop()


class Client:
    """A plain keep-alive client for the handful of set-up calls."""

    def __init__(self, port: int) -> None:
        self._connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def send(self, method: str, path: str, key: str, body: Any) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        if method == "POST":
            headers["Idempotency-Key"] = api_setup.new_idempotency_key()
        encoded = None if body is None else api_setup.to_json(body)
        self._connection.request(method, path, body=encoded, headers=headers)
        response = self._connection.getresponse()
        return response.status, json.loads(response.read() or b"null")


def open_wallets(port: int, tenancy: api_setup.Tenancy, count: int) -> list[str]:
    """Open and fund ``count`` wallets: the first alone, the rest several requests at a time.

    The first wallet at a holder may open the holder's own accounts too; two such first
    wallets at once have raced on them before (commit d546da5), so that one goes alone."""
    first = api_setup.funded_wallet(Client(port).send, tenancy, 0)
    return [first, *_open_many(port, tenancy, range(1, count))]


def _open_many(port: int, tenancy: api_setup.Tenancy, indexes: range) -> list[str]:
    host = f"{HOST}:{port}"

    def post(path: str, body: dict[str, Any]) -> bytes:
        return http_driver.encode_request("POST", path, host=host, key=tenancy.funder_key,
                                          body=api_setup.to_json(body),
                                          idempotency_key=api_setup.new_idempotency_key())

    opened = http_driver.exchange_all(
        HOST, port, [post("/v1/wallets", api_setup.wallet_body(tenancy, index))
                     for index in indexes], clients=SET_UP_CLIENTS)
    wallet_ids = [str(api_setup.expect(status, json.loads(body), 201, "open a wallet")["id"])
                  for status, body in opened]
    funded = http_driver.exchange_all(
        HOST, port, [post(f"/v1/wallets/{wallet_id}/fundings", api_setup.funding_body())
                     for wallet_id in wallet_ids], clients=SET_UP_CLIENTS)
    for status, body in funded:
        api_setup.expect(status, json.loads(body), 201, "fund a wallet")
    return wallet_ids


def payment_requests(port: int, wallet_ids: Sequence[str], holder_key: str,
                     run_name: str) -> Callable[[], bytes]:
    """Round-robin over the wallets; a unique Idempotency-Key and a small amount each time."""
    host = f"{HOST}:{port}"
    sent = itertools.count()

    def next_request() -> bytes:
        number = next(sent)
        body = api_setup.to_json(api_setup.payment_body(number % 500 + 1))
        return http_driver.encode_request(
            "POST", f"/v1/wallets/{wallet_ids[number % len(wallet_ids)]}/payments", host=host,
            key=holder_key, body=body, idempotency_key=f"{run_name}-{number}")
    return next_request


def _load(port: int, wallet_ids: Sequence[str], holder_key: str, *, clients: int, seconds: int,
          warm_up_seconds: int, wrk_binary: str | None, run_name: str) -> tuple[LoadResult, int]:
    """One client count's timed run, and every payment answered 2xx in it (warm-up included)."""
    if wrk_binary is None:
        requests = payment_requests(port, wallet_ids, holder_key, run_name)
        result = http_driver.drive(HOST, port, requests, clients=clients, seconds=seconds,
                                   warm_up_seconds=warm_up_seconds)
        return result, result.answered_2xx
    base_url = f"http://{HOST}:{port}"
    threads = cores()
    warm = None
    if warm_up_seconds:
        warm = wrk.run_payments(wrk_binary, base_url, wallet_ids, holder_key, clients=clients,
                                seconds=warm_up_seconds, run_name=f"{run_name}-warm",
                                threads=threads)
    result = wrk.run_payments(wrk_binary, base_url, wallet_ids, holder_key, clients=clients,
                              seconds=seconds, run_name=run_name, threads=threads)
    if warm is None:
        return result, result.succeeded
    result.errors.update(warm.errors)  # a failure in the warm-up fails the bench too
    return result, warm.succeeded + result.succeeded


def _payments_stored(database_url: str) -> int:
    from wallet.domain.kinds import Kind
    from wallet.persistence.db import normalise_url
    from wallet.persistence.tables import transactions

    engine = create_engine(normalise_url(database_url))
    try:
        with engine.connect() as connection:
            payments = select(func.count()).select_from(transactions).where(
                transactions.c.kind == Kind.PAYMENT.value)
            return int(connection.execute(payments).scalar_one())
    finally:
        engine.dispose()


def measure(server: PostgresServer, *, wallets: int, clients: Sequence[int], seconds: int,
            warm_up_seconds: int, driver: str, say: Callable[[str], None]) -> HttpLoadResults:
    wrk_binary = wrk.find_wrk() if driver in ("auto", "wrk") else None
    if driver == "wrk" and wrk_binary is None:
        raise RuntimeError("WALLET_BENCH_HTTP_DRIVER=wrk but wrk is not installed "
                           "(apt-get install wrk)")
    results = HttpLoadResults(expected_workers(), wallets, "wrk" if wrk_binary else "python",
                              seconds, warm_up_seconds)
    with server.scratch_database("_http") as name:
        database_url = server.libpq_url(name)
        say(f"http: starting wallet serve ({results.workers} workers) on a fresh database")
        began = time.perf_counter()
        with running_service(database_url) as service:
            results.workers = service.workers_started() or results.workers
            tenancy = api_setup.make_tenancy(Client(service.port).send, service.admin_key())
            say(f"http: opening and funding {wallets:,} wallets at one holder")
            wallet_ids = open_wallets(service.port, tenancy, wallets)
            vacuum(database_url)
            results.set_up_seconds = time.perf_counter() - began
            for count in clients:
                say(f"http: payments from {count} client(s) for {seconds} s "
                    f"(after {warm_up_seconds} s warm-up, {results.driver} driver)")
                result, answered = _load(
                    service.port, wallet_ids, tenancy.holder_key, clients=count, seconds=seconds,
                    warm_up_seconds=warm_up_seconds, wrk_binary=wrk_binary,
                    run_name=f"bench-{os.getpid()}-{count}")
                results.runs.append(result)
                results.payments_answered += answered
                if wrk_binary:
                    results.unseen_allowed += count * (2 if warm_up_seconds else 1)
                say(f"http: {result.per_second:,.1f} payments/s, p99 "
                    f"{_ms(result.p99_ms)} ms, {result.failed} failed")
        results.payments_stored = _payments_stored(database_url)
    return results


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"

"""A lean HTTP/1.1 load driver: asyncio, raw keep-alive connections, one latency per request.

Used when wrk is not installed (and for the bulk set-up either way). A general-purpose client
such as httpx spends more CPU per request than the service's cheapest route, and on a two-core
machine every cycle the driver spends is taken from the server or PostgreSQL; so each client
here is one socket that writes pre-encoded request bytes and reads the status line, the headers
and exactly ``Content-Length`` bytes of body. The driver measures its own CPU time over the
run, so the table can say how much of the machine it took.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.stats import percentile


def encode_request(method: str, path: str, *, host: str, key: str | None = None,
                   body: bytes | None = None, idempotency_key: str | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    if key is not None:
        lines.append(f"Authorization: Bearer {key}")
    if idempotency_key is not None:
        lines.append(f"Idempotency-Key: {idempotency_key}")
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    return head + (body or b"")


class ProtocolError(RuntimeError):
    pass


class Connection:
    """One keep-alive connection; reopened after the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(request)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].split(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise ProtocolError(f"not an HTTP/1.x response: {status_line[:80]!r}")
        status = int(parts[1])
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"content-length" in headers:
            body = await self._reader.readexactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = await self._read_chunked()
        else:
            body = await self._reader.read()  # delimited by the server closing the connection
            headers[b"connection"] = b"close"
        if headers.get(b"connection", b"").lower() == b"close":
            await self.close()
        return status, body

    async def _read_chunked(self) -> bytes:
        assert self._reader is not None
        chunks = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await self._reader.readexactly(size + 2)
            if size == 0:
                return b"".join(chunks)
            chunks.append(chunk[:-2])

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass


@dataclass
class LoadResult:
    clients: int
    seconds: float
    succeeded: int  # 2xx answers inside the timed window
    p50_ms: float | None  # over the successful requests; None when there were none
    p99_ms: float | None
    statuses: Counter[str] = field(default_factory=Counter)  # every answer, by status
    # Non-2xx statuses and failures, the warm-up's too: any of them fails the bench.
    errors: Counter[str] = field(default_factory=Counter)
    driver_cores: float = 0.0  # the driver's CPU time over wall time, in cores
    driver: str = "python"
    # Every 2xx, in the window or not: what the database must hold afterwards.
    answered_2xx: int = 0

    @classmethod
    def of(cls, clients: int, seconds: float, latencies_ms: Sequence[float],
           **rest: Any) -> LoadResult:
        if not latencies_ms:
            return cls(clients, seconds, 0, None, None, **rest)
        return cls(clients, seconds, len(latencies_ms), percentile(latencies_ms, 0.50),
                   percentile(latencies_ms, 0.99), **rest)

    @property
    def per_second(self) -> float:
        return self.succeeded / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def as_json(self) -> dict[str, object]:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 3),
            "payments": self.succeeded,
            "payments_per_second": round(self.per_second, 1),
            "latency_ms_p50": None if self.p50_ms is None else round(self.p50_ms, 3),
            "latency_ms_p99": None if self.p99_ms is None else round(self.p99_ms, 3),
            "driver": self.driver,
            "driver_cpu_cores": round(self.driver_cores, 3),
            "statuses": dict(self.statuses),
            "errors": dict(self.errors),
        }


def drive(host: str, port: int, next_request: Callable[[], bytes], *, clients: int,
          seconds: float, warm_up_seconds: float = 0.0) -> LoadResult:
    """Run ``clients`` connections flat out; count requests that finish inside the timed window.

    Each client sends its next request as soon as the last one is answered (a closed loop, as
    pgbench's clients do). The first ``warm_up_seconds`` open connections and warm the server's
    caches untimed.
    """
    return asyncio.run(_drive(host, port, next_request, clients, seconds, warm_up_seconds))


async def _drive(host: str, port: int, next_request: Callable[[], bytes], clients: int,
                 seconds: float, warm_up_seconds: float) -> LoadResult:
    latencies_ms: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    answered_2xx = 0
    clock = time.perf_counter
    starts = clock() + warm_up_seconds
    ends = starts + seconds

    async def client() -> None:
        nonlocal answered_2xx
        connection = Connection(host, port)
        try:
            while (began := clock()) < ends:
                try:
                    status, _ = await connection.exchange(next_request())
                except (OSError, asyncio.IncompleteReadError, ProtocolError, ValueError) as error:
                    await connection.close()
                    errors[type(error).__name__] += 1
                    continue
                finished = clock()
                succeeded = 200 <= status < 300
                answered_2xx += succeeded
                if not succeeded:
                    errors[f"HTTP {status}"] += 1
                if starts <= began and finished <= ends:
                    statuses[str(status)] += 1
                    if succeeded:
                        latencies_ms.append((finished - began) * 1000)
        finally:
            await connection.close()

    tasks = [asyncio.create_task(client()) for _ in range(clients)]
    await asyncio.sleep(max(0.0, starts - clock()))
    cpu_began, wall_began = time.process_time(), clock()
    # The window ends at ``ends``; the last in-flight requests finish after it, uncounted.
    await asyncio.sleep(max(0.0, ends - clock()))
    driver_cores = (time.process_time() - cpu_began) / (clock() - wall_began)
    await asyncio.gather(*tasks)
    return LoadResult.of(clients, seconds, latencies_ms, statuses=statuses, errors=errors,
                         driver_cores=driver_cores, answered_2xx=answered_2xx)


def exchange_all(host: str, port: int, requests: Sequence[bytes], *,
                 clients: int = 8) -> list[tuple[int, bytes]]:
    """Send every request once, ``clients`` at a time; the answers in the order asked."""
    return asyncio.run(_exchange_all(host, port, requests, clients))


async def _exchange_all(host: str, port: int, requests: Sequence[bytes],
                        clients: int) -> list[tuple[int, bytes]]:
    answers: list[tuple[int, bytes]] = [(0, b"")] * len(requests)
    queue = iter(range(len(requests)))

    async def client() -> None:
        connection = Connection(host, port)
        try:
            for index in queue:
                answers[index] = await connection.exchange(requests[index])
        finally:
            await connection.close()

    await asyncio.gather(*(client() for _ in range(min(clients, len(requests)) or 1)))
    return answers

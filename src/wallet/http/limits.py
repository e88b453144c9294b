"""Request limits: a cap on the size of a request body, a token bucket per API key, and one per
client address for failed authentication (so keys cannot be guessed at speed).

Both are checked in a pure ASGI middleware, so a refused request never reaches a route: nothing
is stored, and a body is never read into memory past the cap.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable

from fastapi.security.utils import get_authorization_scheme_param
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wallet.config import Settings
from wallet.http import problems

# Orchestrators and scrapers must get through whatever a key is doing.
UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# A bulk batch of 10,000 items is a few megabytes: these paths accept up to this much (or the
# configured cap, if larger). Items past 10,000 are refused by the batch itself, before anything runs.
BATCH_PATHS = frozenset({"/v1/wallet-batches", "/v1/payment-batches"})
BATCH_BODY_BYTES = 16_000_000


class TokenBuckets:
    """A token bucket per key: it holds up to ``burst`` tokens and refills at ``per_minute``.

    Buckets start full. The clock is injected so the arithmetic can be tested without waiting.
    Routes run in a threadpool, so every read-and-update happens under one lock.
    """

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0 or burst <= 0:
            raise ValueError("a token bucket needs a positive rate and burst")
        self.per_second = per_minute / 60
        self.burst = burst
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when counted)

    def take(self, key: str) -> float:
        """Take a token: 0 if there was one, otherwise the seconds until there will be."""
        with self._lock:
            now = self._clock()
            tokens, counted_at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + max(0.0, now - counted_at) * self.per_second)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.per_second

    def wait_for(self, key: str) -> float:
        """Like ``take`` but takes nothing: 0 if a token is there, otherwise the seconds until one is."""
        with self._lock:
            if key not in self._buckets:
                return 0.0
            tokens, counted_at = self._buckets[key]
            tokens = min(self.burst, tokens + max(0.0, self._clock() - counted_at) * self.per_second)
            return 0.0 if tokens >= 1 else (1 - tokens) / self.per_second

    def forget(self, key: str) -> None:
        with self._lock:
            self._buckets.pop(key, None)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._buckets


def rate_limits_for(settings: Settings, clock: Callable[[], float] = time.monotonic) -> TokenBuckets | None:
    """The buckets the settings ask for, or None when rate limiting is off (either setting 0)."""
    if settings.rate_limit_per_minute <= 0 or settings.rate_limit_burst <= 0:
        return None
    # Connections are spread over the serving processes by the kernel, so each process holds its
    # share of the limit: a database round trip per request to share one bucket would cost more
    # than the limit protects. A key's total stays within the setting (rounding up by at most one
    # token a process).
    processes = max(settings.workers, 1)
    return TokenBuckets(max(1, settings.rate_limit_per_minute // processes),
                        max(1, -(-settings.rate_limit_burst // processes)), clock)


def auth_failure_limits_for(settings: Settings,
                            clock: Callable[[], float] = time.monotonic) -> TokenBuckets | None:
    """Failed authentications per client address: up to the setting a minute, then 429 (0: off)."""
    if settings.auth_failures_per_minute <= 0:
        return None
    return TokenBuckets(settings.auth_failures_per_minute, settings.auth_failures_per_minute, clock)


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def retry_after(wait: float) -> str:
    # Retry-After takes whole seconds; rounding down would invite a retry that is refused again.
    return str(max(1, math.ceil(wait)))


def bucket_key(headers: Headers) -> str | None:
    """Whose bucket a request draws on: the SHA-256 of its bearer key (never the key itself).

    It is the hash the key is stored under, so it names one API key without keeping the secret.
    """
    scheme, credentials = get_authorization_scheme_param(headers.get("authorization"))
    if scheme.lower() != "bearer" or not credentials:
        return None
    return hashlib.sha256(credentials.encode("utf-8")).hexdigest()


class RequestLimits:
    """Refuses an oversized body with 413 and a key that is out of tokens with 429.

    The buckets are read from ``app.state.rate_limits`` on each request (None: no rate limit).
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cap = max(self.max_body_bytes, BATCH_BODY_BYTES) if scope["path"] in BATCH_PATHS else self.max_body_bytes
        if _declared_length(headers) > cap:
            await problems.http_problem(413, self._too_large(cap))(scope, receive, send)
            return
        state = scope["app"].state
        limited = scope["path"] not in UNLIMITED_PATHS
        failures: TokenBuckets | None = getattr(state, "auth_failures", None)
        if failures is not None and limited:
            address = client_address(scope)
            wait = failures.wait_for(address)
            if wait:
                await self._too_many(scope, receive, send, "authentication",
                                     "too many failed authentications from this address", wait)
                return
            send = _counting_failures(send, failures, address)
        buckets: TokenBuckets | None = getattr(state, "rate_limits", None)
        key = bucket_key(headers) if limited else None
        if buckets is not None and key is not None:
            wait = buckets.take(key)
            if wait:
                await self._too_many(scope, receive, send, "api_key",
                                     "this API key has made too many requests", wait)
                return
            send = _forgetting_unknown_keys(send, buckets, key)
        await self.app(scope, self._capped(receive, cap), send)

    async def _too_many(self, scope: Scope, receive: Receive, send: Send, reason: str, detail: str,
                        wait: float) -> None:
        metrics = getattr(scope["app"].state, "metrics", None)
        if metrics is not None:
            metrics.rate_limited.labels(reason).inc()
        seconds = retry_after(wait)
        await problems.http_problem(429, f"{detail}; retry after {seconds} s",
                                    headers={"Retry-After": seconds})(scope, receive, send)

    def _capped(self, receive: Receive, cap: int) -> Receive:
        # A chunked body declares no length: count what arrives and stop at the cap. The route
        # reads the body before it runs, so the exception (a 413 problem, via the handlers in
        # problems.py) refuses the request before anything is done.
        received = 0

        async def receive_capped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise HTTPException(413, self._too_large(cap))
            return message

        return receive_capped

    def _too_large(self, cap: int) -> str:
        return f"the request body is larger than the {cap} bytes this service accepts"


def _declared_length(headers: Headers) -> int:
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0  # the server refuses a malformed length; the byte count still applies


def _counting_failures(send: Send, failures: TokenBuckets, address: str) -> Send:
    async def send_watching(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 401:
            failures.take(address)
        await send(message)

    return send_watching


def _forgetting_unknown_keys(send: Send, buckets: TokenBuckets, key: str) -> Send:
    # A key that turns out not to exist must not keep a bucket: requests without a valid key are
    # not limited by key, and made-up keys would otherwise fill memory.
    async def send_watching(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 401:
            buckets.forget(key)
        await send(message)

    return send_watching

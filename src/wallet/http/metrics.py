"""Prometheus metrics and the access log.

Requests are counted by route template (never by raw path, which would carry ids and grow without
bound). Ledger figures: transactions and postings by kind are counted as they commit, from the
statements the request's session runs (the ledger repository is left alone); the journal's length,
the event feed's position and the pool in use are read at scrape time (one row, no scan).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wallet.persistence.db import Database
from wallet.persistence.ledger_writes import posted_in
from wallet.persistence.trust_tables import journal_head
from wallet.request_context import current_request_id

access_log = logging.getLogger("wallet.access")

# The long-running operations whose durations are worth their own histogram, by route template.
TIMED_OPERATIONS = {
    ("POST", "/v1/funding-runs"): "funding_run",
    ("POST", "/v1/period-closes"): "period_close_proposal",
    ("POST", "/v1/period-closes/{close_id}/confirm"): "period_close_confirmation",
}


class Metrics:
    def __init__(self, database: Database | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("wallet_http_requests", "HTTP requests handled",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("wallet_http_request_duration_seconds", "HTTP request latency",
                                 ["method", "route"], registry=self.registry)
        self.transactions = Counter("wallet_ledger_transactions", "Ledger transactions committed",
                                    ["kind"], registry=self.registry)
        self.postings = Counter("wallet_ledger_postings", "Ledger postings committed, by transaction kind",
                                ["kind"], registry=self.registry)
        self.operations = Histogram("wallet_operation_duration_seconds",
                                    "Funding runs and period closes, start to answer",
                                    ["operation"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
                                    registry=self.registry)
        self.replays = Counter("wallet_idempotent_replays", "Requests answered from a stored Idempotency-Key response",
                               ["route"], registry=self.registry)
        self.rate_limited = Counter("wallet_rate_limited_requests", "Requests refused with 429",
                                    ["reason"], registry=self.registry)
        # Only with a read replica configured: where each replica-eligible read went, and why.
        self.read_sessions = Counter("wallet_read_sessions", "Reads that may be behind, by where they went and why",
                                     ["target", "reason"], registry=self.registry)
        if database is not None:
            self.registry.register(LedgerState(database))
            _count_commits(database, self)

    def count_read(self, reason: str) -> None:
        self.read_sessions.labels("replica" if reason == "replica" else "primary", reason).inc()

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class LedgerState(Collector):
    """Read at scrape time: the journal head (one row) and the connection pool."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pool = self.database.engine.pool
        in_use = GaugeMetricFamily("wallet_database_connections_in_use", "Pooled connections checked out")
        in_use.add_metric([], float(pool.checkedout()) if hasattr(pool, "checkedout") else 0.0)
        yield in_use
        try:
            with self.database.reader() as session:
                head = session.execute(select(journal_head.c.transaction_count, journal_head.c.last_event_seq,
                                              journal_head.c.updated_at)).first()
        except Exception:  # noqa: BLE001 - a scrape must answer even when the database does not
            return
        if head is None:
            return
        for name, description, value in (
            ("wallet_journal_chain_length", "Transactions in the hash chain", head.transaction_count),
            ("wallet_event_feed_position", "The last event number on the feed", head.last_event_seq),
            ("wallet_journal_head_age_seconds", "Seconds since the chain's head last moved (sealing lag)",
             (datetime.now(UTC) - _aware(head.updated_at)).total_seconds()),
        ):
            gauge = GaugeMetricFamily(name, description)
            gauge.add_metric([], float(value))
            yield gauge


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _count_commits(database: Database, metrics: Metrics) -> None:
    """Count the transactions and postings each database transaction wrote, once it commits: the
    ledger notes them as it posts (``ledger_writes.note_posted``)."""

    def on_commit(session: Session) -> None:
        for kind, postings_written in posted_in(session):
            metrics.transactions.labels(kind).inc()
            metrics.postings.labels(kind).inc(postings_written)

    event.listen(database.writer, "after_commit", on_commit)


class RequestMiddleware:
    """Gives every request an id (echoed as ``X-Request-ID``), records its metrics and logs one line.

    The line carries the request id, organisation, route template, status and duration; never the
    Authorization header or the raw path (which may hold a person reference in a query). A plain
    ASGI middleware: Starlette's BaseHTTPMiddleware runs each request through an extra task and a
    response stream, which cost about a millisecond of a payment's few.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = (Headers(scope=scope).get("x-request-id") or str(uuid.uuid4()))[:100]
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        answered = {"status": 500, "replayed": False}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                answered["status"] = message["status"]
                answered["replayed"] = headers.get("idempotent-replayed") == "true"
                headers["X-Request-ID"] = request_id
            await send(message)

        token = current_request_id.set(request_id)
        try:
            await self.app(scope, receive, sending)
        finally:
            current_request_id.reset(token)
            self._record(scope, state, request_id, answered, time.perf_counter() - started)

    def _record(self, scope: Scope, state: dict[str, Any], request_id: str, answered: dict[str, Any],
                elapsed: float) -> None:
        method, status = scope["method"], answered["status"]
        template = getattr(scope.get("route"), "path", "unmatched")
        self.metrics.requests.labels(method, template, str(status)).inc()
        self.metrics.latency.labels(method, template).observe(elapsed)
        if answered["replayed"]:
            self.metrics.replays.labels(template).inc()
        operation = TIMED_OPERATIONS.get((method, template))
        if operation and status < 400:
            self.metrics.operations.labels(operation).observe(elapsed)
        principal = state.get("principal")
        access_log.info("%s %s %s", method, template, status, extra={
            "request_id": request_id, "organisation_id": getattr(principal, "organisation_id", None),
            "method": method, "route": template, "status": status, "duration_ms": round(elapsed * 1000, 2),
        })

"""Prometheus metrics: request counts and latencies by route template (never by raw path, which
would carry ids and grow without bound)."""

from __future__ import annotations

import time
import uuid

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from wallet.request_context import current_request_id


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("wallet_http_requests", "HTTP requests handled",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("wallet_http_request_duration_seconds", "HTTP request latency",
                                 ["method", "route"], registry=self.registry)

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class RequestMiddleware(BaseHTTPMiddleware):
    """Gives every request an id (echoed as ``X-Request-ID``) and records its metrics."""

    def __init__(self, app, metrics: Metrics) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.metrics = metrics

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
        request.state.request_id = request_id[:100]
        started = time.perf_counter()
        token = current_request_id.set(request.state.request_id)
        try:
            response = await call_next(request)
        finally:
            current_request_id.reset(token)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        self.metrics.requests.labels(request.method, template, str(response.status_code)).inc()
        self.metrics.latency.labels(request.method, template).observe(time.perf_counter() - started)
        response.headers["X-Request-ID"] = request.state.request_id
        return response

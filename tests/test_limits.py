"""Request limits through HTTP: body size (413), page size (422) and a rate limit per key (429)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.support import Api
from wallet.config import Settings
from wallet.http import problems
from wallet.http.app import create_app
from wallet.http.limits import RequestLimits, TokenBuckets, rate_limits_for, retry_after
from wallet.http.pagination import MAX_LIMIT
from wallet.persistence.db import Database
from wallet.persistence.tables import organisations
from wallet.usecases.authenticate import hash_key


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextmanager
def limited_api(settings: Settings, database: Database, **limits: Any) -> Iterator[tuple[Api, FastAPI]]:
    app = create_app(replace(settings, **limits), database)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, database), app


def organisation_count(database: Database) -> int:
    with database.reader() as session:
        return int(session.execute(select(func.count()).select_from(organisations)).scalar_one())


def assert_problem(response: Any, status: int, type_suffix: str) -> None:
    assert response.status == status, response.body
    assert response.headers["content-type"] == "application/problem+json"
    assert response.body["type"].endswith(type_suffix) and response.body["status"] == status


# --- the token bucket, on its own -----------------------------------------------------------------

def test_a_bucket_allows_the_burst_then_says_how_long_to_wait() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=60, burst=3, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0, 0, 0]
    assert buckets.take("a") == pytest.approx(1.0)
    clock.advance(0.25)
    assert buckets.take("a") == pytest.approx(0.75)
    assert buckets.take("b") == 0, "each key has its own bucket"
    clock.advance(0.75)
    assert buckets.take("a") == 0
    assert buckets.take("a") > 0


def test_a_bucket_refills_to_its_burst_and_no_further() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=60, burst=3, clock=clock)
    for _ in range(3):
        buckets.take("a")
    clock.advance(3600)
    assert [buckets.take("a") == 0 for _ in range(4)] == [True, True, True, False]


def test_a_forgotten_key_has_no_bucket() -> None:
    buckets = TokenBuckets(per_minute=60, burst=1, clock=FakeClock())
    buckets.take("a")
    assert "a" in buckets
    buckets.forget("a")
    assert "a" not in buckets and buckets.take("a") == 0


def test_a_bucket_hands_out_exactly_its_burst_to_many_threads() -> None:
    buckets = TokenBuckets(per_minute=60, burst=100, clock=FakeClock())
    allowed: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        for _ in range(50):
            granted = buckets.take("shared") == 0
            with lock:
                allowed.append(granted)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 100 and len(allowed) == 400


def test_retry_after_is_whole_seconds_rounded_up_and_at_least_one() -> None:
    assert [retry_after(w) for w in (0.001, 1.0, 1.2, 60 / 7)] == ["1", "1", "2", "9"]


def test_zero_turns_rate_limiting_off() -> None:
    assert rate_limits_for(Settings(rate_limit_per_minute=0)) is None
    assert rate_limits_for(Settings(rate_limit_burst=0)) is None
    buckets = rate_limits_for(Settings(rate_limit_per_minute=120, rate_limit_burst=7))
    assert buckets is not None and buckets.burst == 7 and buckets.per_second == 2


# --- request size ---------------------------------------------------------------------------------

def test_a_body_over_the_cap_is_refused_before_anything_is_stored(settings: Settings, database: Database) -> None:
    with limited_api(settings, database, max_body_bytes=100) as (api, _):
        before = organisation_count(database)
        too_big = {"name": "n" * 150, "kind": "funder"}  # valid, but 180 bytes
        refused = api.post("/v1/organisations", api.admin_key, too_big)
        assert_problem(refused, 413, "request-too-large")
        assert "100 bytes" in refused.body["detail"]
        assert organisation_count(database) == before
        assert api.post("/v1/organisations", api.admin_key, {"name": "Small", "kind": "funder"}).status == 201


def test_a_chunked_body_without_a_length_is_counted(settings: Settings, database: Database) -> None:
    with limited_api(settings, database, max_body_bytes=100) as (api, _):
        before = organisation_count(database)
        chunks = [b'{"kind": "funder", "name": "', b"n" * 150, b'"}']
        response = api.client.post("/v1/organisations", content=iter(chunks), headers={
            "Authorization": f"Bearer {api.admin_key}", "Idempotency-Key": str(uuid.uuid4()),
            "Content-Type": "application/json"})
        assert "content-length" not in response.request.headers
        assert response.status_code == 413 and response.json()["type"].endswith("request-too-large")
        assert organisation_count(database) == before


def test_a_growing_body_is_cut_off_at_the_cap_not_read_to_the_end() -> None:
    app = FastAPI()
    app.state.rate_limits = None
    problems.install(app)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"read": len(await request.body())}

    app.add_middleware(RequestLimits, max_body_bytes=250)
    pulled, sent = 0, []

    async def endless_body() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/echo", "raw_path": b"/echo", "query_string": b"", "root_path": "",
             "headers": [(b"transfer-encoding", b"chunked")], "client": ("test", 1), "server": ("test", 80)}
    asyncio.run(app(scope, endless_body, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413
    assert pulled == 3, "reading stops at the chunk that crosses the cap"


# --- page size ------------------------------------------------------------------------------------

def test_every_list_publishes_the_one_page_size_cap() -> None:
    spec = create_app(Settings(database_url="sqlite://")).openapi()
    limits = [(path, parameter["schema"]) for path, operations in spec["paths"].items()
              for operation in operations.values() for parameter in operation.get("parameters", [])
              if parameter["in"] == "query" and parameter["name"] == "limit"]
    assert len(limits) >= 8
    assert all(schema.get("minimum") == 1 and schema.get("maximum") == MAX_LIMIT for _, schema in limits), limits


@pytest.mark.parametrize("path", ["/v1/wallets", "/v1/events"])
def test_a_page_size_over_the_cap_or_below_one_is_refused(api: Api, path: str) -> None:
    key = api.key_for(api.organisation("funder"), "funder")
    for limit in (MAX_LIMIT + 1, 0, -1):
        response = api.get(path, key, params={"limit": limit})
        assert_problem(response, 422, "validation-error")
        assert "query.limit" in response.body["detail"]
        assert [e["location"] for e in response.body["errors"]] == [["query", "limit"]]
    assert api.get(path, key, params={"limit": MAX_LIMIT}).status == 200


# --- rate limit -----------------------------------------------------------------------------------

def test_a_key_over_its_rate_is_refused_until_its_bucket_refills(settings: Settings, database: Database) -> None:
    with limited_api(settings, database, rate_limit_per_minute=60, rate_limit_burst=3) as (api, app):
        other_key = api.key_for(api.organisation("funder"), "funder")
        clock = FakeClock()
        app.state.rate_limits = rate_limits_for(app.state.settings, clock)  # fresh buckets, fake time
        admin = api.admin_key

        for _ in range(3):
            assert api.post("/v1/organisations", admin, {"name": "Org", "kind": "funder"}).status == 201
        before = organisation_count(database)
        refused = api.post("/v1/organisations", admin, {"name": "One too many", "kind": "funder"})
        assert_problem(refused, 429, "rate-limited")
        assert refused.headers["retry-after"] == "1"
        assert organisation_count(database) == before, "a refused request does nothing"

        assert api.get("/v1/wallets", other_key).status == 200, "another key has its own bucket"
        for path in ("/healthz", "/readyz", "/metrics"):
            assert api.get(path, admin).status == 200, path

        clock.advance(1)
        assert api.post("/v1/organisations", admin, {"name": "After a second", "kind": "funder"}).status == 201
        assert api.get("/v1/wallets", admin).status == 429
        clock.advance(3600)
        assert [api.get("/v1/wallets", admin).status for _ in range(4)] == [200, 200, 200, 429]

        assert hash_key(admin) in app.state.rate_limits and admin not in app.state.rate_limits


def test_requests_without_a_valid_key_are_not_limited_by_key(settings: Settings, database: Database) -> None:
    with limited_api(settings, database, rate_limit_per_minute=60, rate_limit_burst=2) as (api, app):
        app.state.rate_limits = rate_limits_for(app.state.settings, FakeClock())
        made_up = "wk_made-up"
        assert [api.get("/v1/wallets", made_up).status for _ in range(5)] == [401] * 5
        assert [api.call("GET", "/v1/wallets").status for _ in range(5)] == [401] * 5
        assert hash_key(made_up) not in app.state.rate_limits, "a made-up key keeps no bucket"


def test_the_default_settings_switch_every_limit_on() -> None:
    app = create_app(Settings(database_url="sqlite://"))
    assert isinstance(app.state.rate_limits, TokenBuckets)
    assert app.state.rate_limits.burst == 1000 and app.state.rate_limits.per_second == 200
    assert app.state.settings.max_body_bytes == 1_000_000

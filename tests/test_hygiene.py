"""Hygiene: security headers, failed-authentication limits, JSON logs, ledger metrics, readiness and
settings. Each of these was missing before (issue 13, part 7)."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.scenario import Council
from tests.support import Api
from wallet.config import Settings, SettingsError
from wallet.http.app import create_app
from wallet.logs import JsonLines, chosen_format, uvicorn_log_config
from wallet.persistence.db import Database


def test_every_response_carries_the_security_headers(api: Api) -> None:
    for path in ("/v1/wallets", "/healthz", "/v1/no-such-thing"):
        response = api.client.get(path, headers={"Authorization": f"Bearer {api.admin_key}"})
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "server" not in response.headers
    assert api.client.get("/v1/wallets").headers["cache-control"] == "no-store"
    assert "no-store" not in api.client.get("/healthz").headers.get("cache-control", "")


def test_a_page_that_sets_its_own_policy_keeps_it(api: Api) -> None:
    page = api.client.get("/me", follow_redirects=False)
    assert page.headers.get_list("content-security-policy") == [page.headers["content-security-policy"]]
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.fixture
def strict_app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    app = create_app(replace(settings, auth_failures_per_minute=3), database)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_failed_authentication_is_limited_per_client_address(strict_app: TestClient, database: Database) -> None:
    api = Api(strict_app, database)
    bad = {"Authorization": "Bearer wk_not-a-key"}
    assert [strict_app.get("/v1/wallets", headers=bad).status_code for _ in range(3)] == [401] * 3
    refused = strict_app.get("/v1/wallets", headers=bad)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["type"].endswith("rate-limited")
    # Per address, not per key: this address may not go on guessing with a real-looking key either.
    assert strict_app.get("/v1/wallets", headers={"Authorization": f"Bearer {api.admin_key}"}).status_code == 429
    assert strict_app.get("/healthz").status_code == 200
    metrics = strict_app.get("/metrics").text
    assert 'wallet_rate_limited_requests_total{reason="authentication"} 2.0' in metrics


def test_successful_requests_do_not_use_up_the_failure_allowance(strict_app: TestClient, database: Database) -> None:
    api = Api(strict_app, database)
    for _ in range(10):
        assert api.get("/v1/wallets", api.admin_key).status == 200


def test_access_log_lines_are_json_with_the_request_and_never_a_key_or_person(
        council: Council, caplog: pytest.LogCaptureFixture) -> None:
    wallet = council.wallet(person_ref="P-SECRET-77")
    with caplog.at_level(logging.INFO, logger="wallet.access"):
        council.api.get(f"/v1/wallets/{wallet}", council.funder_key, headers={"X-Request-ID": "req-123"})
        council.api.get("/v1/wallets", council.funder_key, params={"person_ref": "P-SECRET-77"})
    lines = [json.loads(JsonLines().format(record)) for record in caplog.records if record.name == "wallet.access"]
    first = lines[0]
    assert first["request_id"] == "req-123" and first["organisation_id"] == council.funder_id
    assert first["route"] == "/v1/wallets/{wallet_id}" and first["status"] == 200
    assert first["duration_ms"] >= 0 and first["level"] == "info"
    written = "\n".join(JsonLines().format(record) for record in caplog.records)
    assert council.funder_key not in written and "P-SECRET-77" not in written and wallet not in written


def test_the_log_format_setting() -> None:
    assert chosen_format("text") == "text" and chosen_format("json") == "json"
    # Under pytest stderr is not a terminal: json by default.
    assert chosen_format(None) == "json"
    assert uvicorn_log_config("text")["handlers"]["stderr"]["formatter"] == "text"
    assert uvicorn_log_config(None)["handlers"]["stderr"]["formatter"] == "json"


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_metrics_carry_ledger_figures(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    council.pay(wallet, 500)
    payment = {"amount": 100, "category": "personal_assistant", "payee": "PA", "effective_date": "2026-04-10"}
    council.api.post(f"/v1/wallets/{wallet}/payments", council.holder_key, payment, idempotency_key="again")
    council.api.post(f"/v1/wallets/{wallet}/payments", council.holder_key, payment, idempotency_key="again")
    council.api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-04-06"})
    body = council.api.client.get("/metrics").text
    for name in ("wallet_ledger_transactions_total{kind=", "wallet_ledger_postings_total{kind=",
                 "wallet_journal_chain_length ", "wallet_event_feed_position ", "wallet_journal_head_age_seconds ",
                 "wallet_database_connections_in_use ", 'wallet_idempotent_replays_total{route="/v1/wallets/{wallet_id}/payments"} 1.0',
                 'wallet_operation_duration_seconds_count{operation="funding_run"} 1.0'):
        assert name in body, name
    transactions = sum(float(line.rsplit(" ", 1)[1]) for line in body.splitlines()
                       if line.startswith("wallet_ledger_transactions_total{"))
    assert transactions == 3  # the funding and two payments; the replay posted nothing
    chain = next(line for line in body.splitlines() if line.startswith("wallet_journal_chain_length "))
    assert float(chain.split()[1]) >= 3


def test_readyz_on_sqlite_does_not_wait_for_a_writer(api: Api, database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("the write lock is SQLite's")
    holding = database.writer()
    holding.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the one write lock is held from here
    try:
        answered: list[tuple[int, float]] = []

        def ask() -> None:
            started = time.perf_counter()
            answered.append((api.client.get("/readyz").status_code, time.perf_counter() - started))

        asker = threading.Thread(target=ask)
        asker.start()
        asker.join(timeout=10)
        assert answered and answered[0][0] == 200 and answered[0][1] < 2, answered
    finally:
        holding.rollback()
        holding.close()


def test_sqlite_commits_are_durable(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("a SQLite setting")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("WALLET_RATE_LIMIT_BURST", "lots", "WALLET_RATE_LIMIT_BURST must be a whole number, got 'lots'"),
    ("WALLET_WORKERS", "0", "WALLET_WORKERS must be at least 1"),
    ("WALLET_WEBHOOK_TIMEOUT_SECONDS", "soon", "WALLET_WEBHOOK_TIMEOUT_SECONDS must be a number of seconds"),
    ("WALLET_LOG_FORMAT", "xml", "WALLET_LOG_FORMAT must be one of json, text"),
    ("WALLET_WEBHOOKS", "maybe", "WALLET_WEBHOOKS must be 0 or 1"),
])
def test_a_bad_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                          message: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=message):
        Settings.from_env()

"""Serving: several processes keep TCP_NODELAY (the socket uvicorn's workers accept on says it is TCP),
and each works on at most its request threads at once."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from wallet.config import Settings, SettingsError
from wallet.serving import APP, TcpConfig


def test_the_shared_listening_socket_is_a_tcp_socket() -> None:
    config = TcpConfig(APP, factory=True, host="127.0.0.1", port=0, workers=2)
    listening = config.bind_socket()
    try:
        # asyncio sets TCP_NODELAY on accepted sockets only when their protocol is TCP; with
        # protocol 0 every keep-alive response waited for the client's delayed ACK.
        assert listening.proto == socket.IPPROTO_TCP
        listening.listen()  # uvicorn's server starts listening; here the test does
        client = socket.create_connection(listening.getsockname())
        accepted, _ = listening.accept()
        assert accepted.proto == socket.IPPROTO_TCP
        accepted.close()
        client.close()
    finally:
        listening.close()


def test_a_process_works_on_as_many_requests_at_once_as_its_request_threads(settings, database) -> None:  # type: ignore[no-untyped-def]
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from wallet.http.app import create_app
    from wallet.http.dependencies import SESSION_SLOTS

    app = create_app(replace(settings, request_threads=3), database)
    with TestClient(app) as client:
        limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)  # type: ignore[union-attr]
        assert limiter.total_tokens == 3
        # And as many hold a database session at once (the pool here has 40 connections).
        assert client.portal.call(SESSION_SLOTS.get).value == 3  # type: ignore[union-attr]
        assert client.get("/healthz").status_code == 200


def test_request_threads_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings.from_env().request_threads == 8
    monkeypatch.setenv("WALLET_REQUEST_THREADS", "3")
    assert Settings.from_env().request_threads == 3
    monkeypatch.setenv("WALLET_REQUEST_THREADS", "0")
    with pytest.raises(SettingsError, match="WALLET_REQUEST_THREADS"):
        Settings.from_env()


def test_more_requests_at_once_than_the_pool_has_connections_all_succeed(api, settings, database_url) -> None:  # type: ignore[no-untyped-def]
    """On PostgreSQL a request takes its connection in one worker thread and gives it back in
    another: with more in flight than the pool has connections, and few threads, every thread
    could wait for a connection held by a request waiting for a thread. The session dependency
    admits no more requests than threads and connections allow; the rest wait holding neither."""
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    from tests.scenario import Council
    from wallet.http.app import create_app
    from wallet.persistence.db import Database

    council = Council.create(api)
    wallets = [council.wallet(person_ref=f"P-{n:04d}") for n in range(4)]
    for wallet_id in wallets:
        council.fund(wallet_id, 100_000)
    small = Database.connect(database_url, pool_size=2)  # 4 connections, and 2 threads below
    try:
        app = create_app(replace(settings, request_threads=2), small)
        with TestClient(app) as client:
            def pay(n: int) -> int:
                return client.post(f"/v1/wallets/{wallets[n % 4]}/payments", json={
                    "amount": 100, "category": "personal_assistant", "effective_date": "2026-04-10"},
                    headers={"Authorization": f"Bearer {council.holder_key}",
                             "Idempotency-Key": str(uuid.uuid4())}).status_code

            with ThreadPoolExecutor(12) as pool:
                assert list(pool.map(pay, range(24), timeout=60)) == [201] * 24
    finally:
        small.dispose()
    assert sum(council.balances(w)["available"] for w in wallets) == 4 * 100_000 - 24 * 100

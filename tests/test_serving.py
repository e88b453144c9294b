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

    app = create_app(replace(settings, request_threads=3), database)
    with TestClient(app) as client:
        limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)  # type: ignore[union-attr]
        assert limiter.total_tokens == 3
        assert client.get("/healthz").status_code == 200


def test_request_threads_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings.from_env().request_threads == 8
    monkeypatch.setenv("WALLET_REQUEST_THREADS", "3")
    assert Settings.from_env().request_threads == 3
    monkeypatch.setenv("WALLET_REQUEST_THREADS", "0")
    with pytest.raises(SettingsError, match="WALLET_REQUEST_THREADS"):
        Settings.from_env()

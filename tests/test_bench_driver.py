"""The bench's own drivers against tiny local servers: a few requests, no timing assertions.

The HTTP driver talks to a keep-alive HTTP/1.1 server in a thread; the wire relay sits between a
client and a pretend PostgreSQL that answers every burst, so its round trips can be counted
without a database.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.http_driver import drive, encode_request, exchange_all
from bench.wire import WireCounter


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the driver expects
    disable_nagle_algorithm = True  # headers and body go in two writes: do not hold the second

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        key = self.headers["Idempotency-Key"] or ""
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b'{"chunked"', b': true}'):
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        status = 409 if self.path == "/conflict" else 201
        answer = b'{"key": "' + key.encode() + b'", "got": ' + body + b"}"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_exchange_all_answers_in_the_order_asked_over_keep_alive(http_server: int) -> None:
    host = f"127.0.0.1:{http_server}"
    requests = [encode_request("POST", path, host=host, key="k", body=b'{"n": %d}' % n,
                               idempotency_key=f"key-{n}")
                for n, path in enumerate(["/pay", "/conflict", "/chunked", "/pay", "/pay"])]
    answers = exchange_all("127.0.0.1", http_server, requests, clients=2)
    assert [status for status, _ in answers] == [201, 409, 200, 201, 201]
    assert answers[0][1] == b'{"key": "key-0", "got": {"n": 0}}'
    assert answers[2][1] == b'{"chunked": true}'
    assert answers[4][1] == b'{"key": "key-4", "got": {"n": 4}}'


def test_drive_counts_2xx_and_everything_else_apart(http_server: int) -> None:
    host = f"127.0.0.1:{http_server}"
    sent = iter(range(10**9))

    def next_request() -> bytes:
        number = next(sent)
        path = "/conflict" if number % 5 == 4 else "/pay"
        return encode_request("POST", path, host=host, key="k", body=b"{}",
                              idempotency_key=f"key-{number}")

    result = drive("127.0.0.1", http_server, next_request, clients=2, seconds=0.4,
                   warm_up_seconds=0.1)
    assert result.succeeded > 0 and result.p50_ms is not None and result.p99_ms is not None
    assert result.p50_ms <= result.p99_ms
    assert set(result.errors) == {"HTTP 409"}
    assert result.statuses["201"] == result.succeeded
    assert result.failed >= result.statuses["409"] > 0  # failures count in the warm-up too
    assert result.answered_2xx >= result.succeeded  # warm-up answers too
    assert result.driver_cores >= 0


def _message(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("!i", len(payload) + 4) + payload


def _pretend_postgres(listener: socket.socket) -> None:
    """Answers each burst it receives with one ReadyForQuery, until the client goes."""
    connection, _ = listener.accept()
    with connection:
        while connection.recv(65536):
            connection.sendall(_message(b"Z", b"I"))


def test_the_wire_relay_counts_one_round_trip_per_turn() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    server = threading.Thread(target=_pretend_postgres, args=(listener,), daemon=True)
    server.start()
    relay = WireCounter("127.0.0.1", listener.getsockname()[1]).start()
    try:
        with socket.create_connection(("127.0.0.1", relay.port)) as client:
            client.sendall(struct.pack("!ii", 9, 196608) + b"\0")  # start-up
            client.recv(100)
            relay.reset()
            for query in (b"BEGIN", b"SELECT 1", b"COMMIT"):
                client.sendall(_message(b"Q", query + b"\0"))
                client.recv(100)  # waits for the answer: a round trip each
            # Two statements in one burst, as a pipeline sends them: one round trip.
            client.sendall(_message(b"Q", b"SELECT 2\0") + _message(b"Q", b"SELECT 3\0"))
            client.recv(100)
        trips = relay.round_trips()
    finally:
        relay.stop()
        listener.close()
    assert [trip.statements for trip in trips] == [["BEGIN"], ["SELECT 1"], ["COMMIT"],
                                                   ["SELECT 2", "SELECT 3"]]

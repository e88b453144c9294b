"""A relay between the service and PostgreSQL that counts round trips as they cross the wire.

Counting statements in SQLAlchemy misses what never reaches its cursor events (the pool's
pre-ping, psycopg's implicit BEGIN, a reset on return), and it cannot tell a pipelined burst of
statements from the same statements sent one by one. The wire can. The service connects to this
relay instead of the server, and the relay passes every byte along unchanged while it watches:

- a **round trip** is a turn of the conversation: the client speaks after the server has (or
  for the first time on a connection). Statements psycopg pipelines arrive as one burst and count
  once; statements sent one at a time, each waiting for its answer, count once each. If a reply
  happens to slip in between two parts of one pipelined burst, that burst counts twice, so the
  figure is an upper bound, never flattering.
- the client's messages are parsed (the frontend protocol: a type byte and a length), so each
  round trip lists what it carried: simple queries (``Q``: psycopg sends BEGIN and COMMIT so),
  and executions (``E``) of statements parsed (``P``) or bound (``B``) earlier.

The relay needs the plain protocol, so the service's URL to it says ``sslmode=disable``.
"""

from __future__ import annotations

import selectors
import socket
import struct
import threading
from dataclasses import dataclass, field

_SSL_REQUEST = 80877103
_GSSENC_REQUEST = 80877104
_CANCEL_REQUEST = 80877102


@dataclass
class RoundTrip:
    connection: int
    statements: list[str] = field(default_factory=list)  # what it executed, in order
    waits: int = 0  # Sync, Flush and simple-query messages: the client asking to hear back


class FrontendParser:
    """Splits what a client sends into protocol messages and names the statements executed."""

    def __init__(self) -> None:
        self._buffer = b""
        self._started = False
        self._prepared: dict[str, str] = {}  # statement name ("" unnamed) -> its SQL
        self._bound = ""

    def feed(self, data: bytes, into: RoundTrip) -> None:
        self._buffer += data
        while True:
            if not self._started:
                if len(self._buffer) < 8:
                    return
                (length, code) = struct.unpack("!ii", self._buffer[:8])
                if len(self._buffer) < length:
                    return
                # SSL and GSS requests are answered with one byte and followed by the real
                # start-up message; anything else is the start-up message itself.
                self._started = code not in (_SSL_REQUEST, _GSSENC_REQUEST, _CANCEL_REQUEST)
                self._buffer = self._buffer[length:]
                continue
            if len(self._buffer) < 5:
                return
            kind = self._buffer[:1]
            (length,) = struct.unpack("!i", self._buffer[1:5])
            if len(self._buffer) < 1 + length:
                return
            payload = self._buffer[5:1 + length]
            self._buffer = self._buffer[1 + length:]
            self._message(kind, payload, into)

    def _message(self, kind: bytes, payload: bytes, into: RoundTrip) -> None:
        if kind == b"Q":
            # A simple query may carry several statements (the service sends its last writes
            # and COMMIT so): each is one statement executed.
            into.statements.extend(_statements_in(_cstrings(payload, 1)[0]))
            into.waits += 1
        elif kind == b"P":
            name, query = _cstrings(payload, 2)
            self._prepared[name] = query
        elif kind == b"B":
            _portal, statement = _cstrings(payload, 2)
            self._bound = self._prepared.get(statement, f"<prepared statement {statement!r}>")
        elif kind == b"E":
            into.statements.append(self._bound)
        elif kind in (b"S", b"H"):
            into.waits += 1


def _statements_in(query: str) -> list[str]:
    """The statements of a simple query: split at each semicolon outside a quoted literal (a
    doubled quote inside one, as psycopg writes it, closes and reopens it: the split holds)."""
    statements, start, quoted = [], 0, False
    for position, character in enumerate(query):
        if character == "'":
            quoted = not quoted
        elif character == ";" and not quoted:
            statements.append(query[start:position].strip())
            start = position + 1
    statements.append(query[start:].strip())
    return [statement for statement in statements if statement]


def _cstrings(payload: bytes, count: int) -> list[str]:
    return [part.decode("utf-8", "replace") for part in payload.split(b"\0", count)[:count]]


class _Link:
    def __init__(self, number: int, client: socket.socket, server: socket.socket) -> None:
        self.number = number
        self.client = client
        self.server = server
        self.parser = FrontendParser()
        self.client_spoke_last = False
        self.current: RoundTrip | None = None


class WireCounter:
    """Listens on a free local port and relays each connection to ``host:port``."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._selector = selectors.DefaultSelector()
        self._lock = threading.Lock()
        self._round_trips: list[RoundTrip] = []
        self._links = 0
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="bench-wire", daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def start(self) -> WireCounter:
        self._listener.setblocking(False)
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self._thread.join(timeout=5)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        self._selector.close()

    def reset(self) -> None:
        with self._lock:
            self._round_trips = []

    def round_trips(self) -> list[RoundTrip]:
        with self._lock:
            return list(self._round_trips)

    def _serve(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select(timeout=0.1):
                if key.data is None:
                    self._accept()
                else:
                    link, from_client = key.data
                    self._relay(link, from_client)

    def _accept(self) -> None:
        client, _ = self._listener.accept()
        server = socket.create_connection(self._target)
        for end in (client, server):
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._links += 1
        link = _Link(self._links, client, server)
        self._selector.register(client, selectors.EVENT_READ, (link, True))
        self._selector.register(server, selectors.EVENT_READ, (link, False))

    def _relay(self, link: _Link, from_client: bool) -> None:
        source, destination = link.client, link.server
        if not from_client:
            source, destination = destination, source
        try:
            data = source.recv(65536)
        except OSError:
            data = b""
        if not data:
            for end in (link.client, link.server):
                self._selector.unregister(end)
                end.close()
            return
        if from_client:
            with self._lock:
                if not link.client_spoke_last or link.current is None:
                    link.current = RoundTrip(link.number)
                    self._round_trips.append(link.current)
                link.parser.feed(data, link.current)
        link.client_spoke_last = from_client
        # Small messages both ways, so a blocking send cannot wedge the relay.
        destination.sendall(data)

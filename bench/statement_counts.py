"""What one HTTP request costs the database: statements and round trips, counted two ways.

On a fresh PostgreSQL database built from the migrations, the real app (``create_app``) serves
requests in-process through a TestClient, so each count is the whole request: the API-key
lookup, the idempotency claim, look-up and stored response, the use case, BEGIN and COMMIT.
After the set-up and a few untimed requests of the same kind (connections opened, caches and
psycopg's prepared statements warm, as in a running service), one payment, one hold capture and
one pool payment are each sent alone and counted:

- **SQL statements**: SQLAlchemy's ``before_cursor_execute`` on every engine, and its
  ``begin``/``commit``/``rollback`` events. What SQLAlchemy asks for; blind to what it does not
  see (the pool's pre-ping, psycopg's own BEGIN).
- **On the wire** (``bench/wire.py``): the app's connections go through a relay that counts the
  turns of the conversation with PostgreSQL, each a real round trip (a pipelined burst is one),
  and names every statement executed, BEGIN and COMMIT included. This is the figure the
  round-trip target is about. It is counted on a second request of the same kind with nothing
  listening, so the statements take the path they take in service.

``WALLET_BENCH_VERBOSE=1`` prints every round trip and the statements it carried.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

from bench import api_setup
from bench.databases import PostgresServer, migrate
from bench.in_process import served
from bench.wire import RoundTrip, WireCounter

WARM_UP_REQUESTS = 6
HOLD_AMOUNT = 2_000
POOL_CONTRIBUTION = 200_000


@dataclass
class SqlEvents:
    statements: list[str] = field(default_factory=list)
    begins: int = 0
    commits: int = 0
    rollbacks: int = 0

    def clear(self) -> None:
        self.statements.clear()
        self.begins = self.commits = self.rollbacks = 0

    def on_execute(self, _conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        self.statements.append(" ".join(statement.split()))

    def on_begin(self, _conn) -> None:  # type: ignore[no-untyped-def]
        self.begins += 1

    def on_commit(self, _conn) -> None:  # type: ignore[no-untyped-def]
        self.commits += 1

    def on_rollback(self, _conn) -> None:  # type: ignore[no-untyped-def]
        self.rollbacks += 1


@contextmanager
def _listening(events: SqlEvents) -> Iterator[None]:
    hooks: list[tuple[str, Callable[..., None]]] = [
        ("before_cursor_execute", events.on_execute), ("begin", events.on_begin),
        ("commit", events.on_commit), ("rollback", events.on_rollback)]
    for name, hook in hooks:
        event.listen(Engine, name, hook)
    try:
        yield
    finally:
        for name, hook in hooks:
            event.remove(Engine, name, hook)


@dataclass(frozen=True)
class StatementCount:
    operation: str
    status: int
    sql: SqlEvents
    wire: list[RoundTrip]

    @property
    def round_trips(self) -> int:
        return len(self.wire)

    @property
    def wire_statements(self) -> int:
        return sum(len(trip.statements) for trip in self.wire)

    @property
    def connections(self) -> int:
        return len({trip.connection for trip in self.wire})

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "http_status": self.status,
            "sql_statements": len(self.sql.statements),
            "begins": self.sql.begins,
            "commits": self.sql.commits,
            "rollbacks": self.sql.rollbacks,
            "round_trips": self.round_trips,
            "statements_on_the_wire": self.wire_statements,
            "connections": self.connections,
            "sql": self.sql.statements,
            # waits: the Sync, Flush and simple-query messages of each round trip.
            "wire": [{"connection": trip.connection, "statements": trip.statements,
                      "waits": trip.waits} for trip in self.wire],
        }


def measure(server: PostgresServer) -> list[StatementCount]:
    with server.scratch_database("_statements") as name:
        migrate(server.url_for(name))
        relay = WireCounter(server.url.host or "127.0.0.1", server.url.port or 5432).start()
        try:
            relayed = server.url.set(database=name, host="127.0.0.1", port=relay.port,
                                     query={"sslmode": "disable", "gssencmode": "disable"})
            with served(relayed.render_as_string(hide_password=False)) as app:
                return _count_each(app.send, app.admin_key, relay)
        finally:
            relay.stop()


def _count_each(send: api_setup.Send, admin_key: str, relay: WireCounter) -> list[StatementCount]:
    tenancy = api_setup.make_tenancy(send, admin_key)
    holder = tenancy.holder_key
    wallets = [api_setup.funded_wallet(send, tenancy, index) for index in range(3)]

    def payment(start_counting: Callable[[], None]) -> tuple[int, Any]:
        start_counting()
        return send("POST", f"/v1/wallets/{wallets[0]}/payments", holder,
                    api_setup.payment_body(125))

    def capture(start_counting: Callable[[], None]) -> tuple[int, Any]:
        status, body = send("POST", f"/v1/wallets/{wallets[1]}/holds", holder,
                            {"amount": HOLD_AMOUNT, "category": api_setup.CATEGORY})
        hold_id = api_setup.expect(status, body, 201, "place a hold")["hold"]["id"]
        start_counting()  # the hold is set-up; only the capture is counted
        return send("POST", f"/v1/holds/{hold_id}/capture", holder,
                    {"amount": HOLD_AMOUNT // 2, "effective_date": api_setup.PAYMENT_DATE})

    status, body = send("POST", "/v1/pools", holder, {
        "name": "bench pool", "split": "equal", "joined_on": api_setup.OPENED_ON,
        "members": [{"wallet_id": wallets[1]}, {"wallet_id": wallets[2]}]})
    pool_id = api_setup.expect(status, body, 201, "create a pool")["id"]
    status, body = send("POST", f"/v1/pools/{pool_id}/contributions", holder,
                        {"amount": POOL_CONTRIBUTION, "effective_date": api_setup.OPENED_ON})
    api_setup.expect(status, body, 201, "contribute to the pool")

    def pool_payment(start_counting: Callable[[], None]) -> tuple[int, Any]:
        start_counting()
        return send("POST", f"/v1/pools/{pool_id}/payments", holder,
                    api_setup.payment_body(250))

    return [_count(name, request, relay) for name, request in (
        ("payment", payment), ("hold capture", capture), ("pool payment", pool_payment))]


def _count(operation: str, request: Callable[[Callable[[], None]], tuple[int, Any]],
           relay: WireCounter) -> StatementCount:
    for _ in range(WARM_UP_REQUESTS):
        _succeeded(operation, *request(lambda: None))
    events = SqlEvents()

    def start_counting() -> None:
        events.clear()
        relay.reset()

    with _listening(events):
        status, body = request(start_counting)
        # The response is sent after the commit, but let the relay pass the last bytes on.
        time.sleep(0.05)
    _succeeded(operation, status, body)
    # The wire is counted on a request of its own, with nothing listening: a listener sends the
    # statements through Session.execute one by one, and the service runs them on the driver's
    # path (persistence/driver_statements.py), some of them inside others.
    status, body = request(relay.reset)
    time.sleep(0.05)
    _succeeded(operation, status, body)
    return StatementCount(operation, status, events, relay.round_trips())


def _succeeded(operation: str, status: int, body: Any) -> None:
    if not 200 <= status < 300:
        raise api_setup.SetUpFailed(f"{operation}: HTTP {status}: {body!r}"[:2000])

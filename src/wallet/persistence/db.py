"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

SQLite: one file in WAL mode; every writing transaction starts with ``BEGIN IMMEDIATE`` so writers
queue on the busy timeout instead of failing half-way when they upgrade a read lock. Reading
sessions use a plain deferred ``BEGIN`` and never block writers.

PostgreSQL: READ COMMITTED, with the accounts a transaction touches locked in id order by the
ledger repository, which is enough to make concurrent spending safe without deadlocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from wallet.persistence.read_replica import ReadReplica

READ_ONLY = "wallet_read_only"


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://) and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


# Statement parameters carry person references; an error logged with its SQL must not.
HIDE_PARAMETERS = True


def create_db_engine(url: str, *, sqlite_busy_timeout_ms: int = 30_000, pool_size: int = 10,
                     connect_timeout: int | None = None) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": sqlite_busy_timeout_ms / 1000},
                               hide_parameters=HIDE_PARAMETERS)
        _configure_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    # No pre-ping: it is a round trip on every request. A connection found dead in use makes the
    # pool drop every connection it holds, and that request answers 503 (http.problems).
    connect_args = {} if connect_timeout is None else {"connect_timeout": connect_timeout}
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False,
                           pool_recycle=3600, hide_parameters=HIDE_PARAMETERS, connect_args=connect_args)
    event.listen(engine, "connect", _plan_once)
    return engine


def _plan_once(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """A statement psycopg has prepared (one run five times on the connection) is planned once,
    without its values, and keeps that plan. Left to choose, PostgreSQL planned a payment's write afresh every time, 0.23
    of the payment's 1.4 ms of server time: knowing the two accounts it names, it costed each
    custom plan below the generic one, which is the same plan. The service's statements are
    shaped for their indexes, so a plan made without the values is the plan made with them.
    Set on each new connection, not as a startup option, which connection poolers refuse."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    dbapi_connection.commit()


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from the sqlite3 module so we can say BEGIN IMMEDIATE ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a payment acknowledged is on disk. NORMAL in WAL mode may lose the last commits to a
        # power cut; FULL costs one more fsync per commit (see `make bench`).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_postgresql(engine_or_session: Engine | Session) -> bool:
    bind = engine_or_session.get_bind() if isinstance(engine_or_session, Session) else engine_or_session
    return bind.dialect.name == "postgresql"


@dataclass
class Database:
    """The engine and the two session factories every request chooses between; and, when one is
    configured, the hot standby that reads which may be a little behind go to (read_replica.py)."""

    engine: Engine
    writer: sessionmaker[Session]
    reader: sessionmaker[Session]
    replica: ReadReplica | None = None

    @classmethod
    def connect(cls, url: str, **kwargs: int) -> Database:
        engine = create_db_engine(url, **kwargs)
        read_only: dict[str, bool] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # BEGIN READ ONLY (no extra round trip): a read that tried to write would fail here as
            # it would on the standby, so a route does not work on the primary and break on it.
            read_only["postgresql_readonly"] = True
        return cls(
            engine=engine,
            writer=sessionmaker(engine, expire_on_commit=False),
            reader=sessionmaker(engine.execution_options(**read_only), expire_on_commit=False),
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()
        if self.replica is not None:
            self.replica.dispose()

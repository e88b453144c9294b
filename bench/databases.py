"""Fresh, migrated databases for one run, and the PostgreSQL server they live on.

Every figure comes from a database this run created, so earlier runs (or the test suite sharing
the server) cannot leave rows or bloat behind that skew it. Everything created is dropped again,
even when the run fails half-way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from bench.config import MIGRATIONS
from wallet.persistence.db import Database, create_db_engine, normalise_url
from wallet.persistence.migrate import upgrade


class PostgresServer:
    """The server named by the URL; databases are created beside the one it names."""

    def __init__(self, url: str) -> None:
        self.url: URL = make_url(normalise_url(url))
        self._admin = create_engine(self.url, isolation_level="AUTOCOMMIT", pool_size=1)

    def execute(self, sql: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(sql))

    def scalar(self, sql: str) -> object:
        with self._admin.connect() as connection:
            return connection.execute(text(sql)).scalar_one()

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with self._admin.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def libpq_url(self, name: str) -> str:
        """The URL as a person would write it for WALLET_DATABASE_URL (``postgresql://``)."""
        return self.url.set(drivername="postgresql", database=name).render_as_string(
            hide_password=False)

    def version(self) -> str:
        return str(self.scalar("SHOW server_version"))

    @contextmanager
    def scratch_database(self, suffix: str = "") -> Iterator[str]:
        name = f"wallet_bench_{os.getpid()}{suffix}"
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.execute(f'CREATE DATABASE "{name}"')
        try:
            yield name
        finally:
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def dispose(self) -> None:
        self._admin.dispose()


def vacuum(url: str) -> None:
    """PostgreSQL: ``VACUUM (ANALYZE)`` once a case's set-up is written, as ``pgbench -i`` does
    before it is timed. Otherwise the service's connections keep plans made while the tables
    held a handful of rows: the accounts were read whole (10,000 rows, 1.8 ms of the server a
    payment) until autovacuum came by, a minute or more into the run."""
    if not normalise_url(url).startswith("postgresql"):
        return
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
    finally:
        engine.dispose()


def migrate(url: str) -> None:
    engine = create_db_engine(url)
    try:
        upgrade(engine, MIGRATIONS)
    finally:
        engine.dispose()


@contextmanager
def sqlite_ledger(pool_size: int) -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="wallet_bench_") as directory:
        url = f"sqlite:///{Path(directory) / 'wallet.db'}"
        migrate(url)
        database = Database.connect(url, pool_size=pool_size)
        try:
            yield database
        finally:
            database.dispose()


@contextmanager
def postgres_ledger(server: PostgresServer, pool_size: int) -> Iterator[Database]:
    with server.scratch_database() as name:
        url = server.url_for(name)
        migrate(url)
        database = Database.connect(url, pool_size=pool_size)
        try:
            yield database
        finally:
            # Close our connections before the database is dropped under them.
            database.dispose()

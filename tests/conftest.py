"""Every test that touches the database runs twice: on SQLite and on PostgreSQL.

Each test gets a fresh database made from a template migrated once per run with the real Alembic
migrations: a copied file on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL.

PostgreSQL is used when ``WALLET_TEST_POSTGRES_URL`` is set (``.ci/run`` sets it). Without it the
PostgreSQL half is skipped and the run says so; with ``WALLET_REQUIRE_POSTGRES=1`` an unreachable
server fails the run instead.

On PostgreSQL a test's own database costs the server more than the test's set-up does: ``CREATE
DATABASE ... TEMPLATE`` copies the 9 MB migrated template (0.05-0.5 s) and ``DROP DATABASE`` waits
for a checkpoint of the whole cluster (0.03 s on an idle server, seconds on a busy one). So
background threads keep a few clones made ahead of the tests that will use them, and drop the used
ones, while the tests run. Every test still gets a database of its own, cloned from the untouched
template and used by no other test. ``make test`` runs the tests in parallel (pytest-xdist); each
worker process has its own templates and clones.
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from wallet.config import Settings
from wallet.domain.hashing import GENESIS, first_broken
from wallet.persistence.chain_verification import first_broken_set_based
from wallet.persistence.db import Database, create_db_engine, normalise_url
from wallet.persistence.journal_chain import read_head, stored_links, unchained_count
from wallet.persistence.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "migrations"
POSTGRES_URL = os.environ.get("WALLET_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("WALLET_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_POSTGRES and not POSTGRES_URL:
        raise pytest.UsageError("WALLET_REQUIRE_POSTGRES=1 but WALLET_TEST_POSTGRES_URL is not set")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if not POSTGRES_URL:
        terminalreporter.write_sep(
            "!", "PostgreSQL half SKIPPED: set WALLET_TEST_POSTGRES_URL to run every database test "
            "on PostgreSQL too (.ci/run does)", yellow=True,
        )


def pytest_sessionstart(session: pytest.Session) -> None:
    # Fail fast, once, before any test (or any xdist worker) starts, when PostgreSQL is required.
    if not (REQUIRE_POSTGRES and POSTGRES_URL) or hasattr(session.config, "workerinput"):
        return
    engine = create_engine(make_url(normalise_url(POSTGRES_URL)), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001
        pytest.exit(f"PostgreSQL at {POSTGRES_URL} is unreachable: {error}", returncode=3)
    finally:
        engine.dispose()


_DONE = object()


class PostgresServer:
    """The server, the migrated template, and the per-test clones of it.

    ``clone()`` hands out a database that a background thread made ahead (it keeps ``ahead`` of
    them ready), and ``drop()`` leaves the dropping to other threads, so a test's set-up and
    teardown wait on neither, and a slow drop never holds up the next clone. Every ``DROP
    DATABASE`` makes PostgreSQL take a checkpoint and waits for it (``pg_stat_bgwriter``'s
    ``checkpoints_req`` counts one a drop): it writes and fsyncs everything dirty in the cluster,
    the newest clones included, which on a slow or busy disk takes seconds. Drops that wait at once
    share one checkpoint (and a database being dropped need not be written by it), so when drops
    fall behind, ``droppers`` threads catch up where one would fall further behind.
    ``close()`` waits for the threads and removes what is left."""

    def __init__(self, url: str, *, ahead: int = 3, droppers: int = 4) -> None:
        self.url = make_url(normalise_url(url))
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.template = f"wallet_template_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.ahead = ahead
        self.droppers = droppers
        self._ready: queue.Queue[str | BaseException] = queue.Queue()
        self._to_clone: queue.Queue[object] = queue.Queue()  # a request for one more clone, or _DONE
        self._to_drop: queue.Queue[object] = queue.Queue()   # a database name, or _DONE
        self._threads: list[threading.Thread] = []
        self._leftover: list[str] = []

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def create_template(self) -> None:
        self.execute(f'CREATE DATABASE "{self.template}"')
        engine = create_db_engine(self.url_for(self.template))
        try:
            upgrade(engine, MIGRATIONS)
        finally:
            engine.dispose()
        # Only now, with the template complete and no one connected to it, start cloning.
        self._threads = [threading.Thread(target=self._serve, args=(self._to_clone, self._make_clone),
                                          name="postgres-clone", daemon=True)]
        self._threads += [threading.Thread(target=self._serve, args=(self._to_drop, self._drop_now),
                                           name=f"postgres-drop-{n}", daemon=True) for n in range(self.droppers)]
        for thread in self._threads:
            thread.start()
        for _ in range(self.ahead):
            self._to_clone.put("clone")

    def _serve(self, tasks: queue.Queue[object], handle) -> None:  # type: ignore[no-untyped-def]
        """Run each task on one long-lived admin connection, made again after an error."""
        connection = None
        while (task := tasks.get()) is not _DONE:
            try:
                connection = connection or self.admin.connect()
                handle(connection, task)
            except BaseException as error:  # noqa: BLE001 - reported by clone() or retried by close()
                if connection is not None:
                    connection.close()
                    connection = None
                if tasks is self._to_clone:
                    self._ready.put(error)
                else:
                    self._leftover.append(str(task))
        if connection is not None:
            connection.close()

    def _make_clone(self, connection, _task: object) -> None:  # type: ignore[no-untyped-def]
        name = f"wallet_test_{os.getpid()}_{next(_counter)}"
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        self._ready.put(name)

    def _drop_now(self, connection, name: object) -> None:  # type: ignore[no-untyped-def]
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def clone(self) -> str:
        """A database of the test's own, a copy of the migrated template that nothing has used."""
        try:
            made = self._ready.get(timeout=300)
        except queue.Empty:
            raise AssertionError("no PostgreSQL clone of the template was made within 300 seconds") from None
        self._to_clone.put("clone")  # one more, for a later test
        if isinstance(made, BaseException):
            raise made
        return made

    def drop(self, name: str) -> None:
        self._to_drop.put(name)

    def close(self) -> None:
        while True:  # no more clones: no test will ask for one
            try:
                self._to_clone.get_nowait()
            except queue.Empty:
                break
        self._to_clone.put(_DONE)
        for _ in range(self.droppers):
            self._to_drop.put(_DONE)
        for thread in self._threads:
            thread.join()
        left = list(self._leftover)
        while True:
            try:
                made = self._ready.get_nowait()
            except queue.Empty:
                break
            if isinstance(made, str):
                left.append(made)
        for name in [*left, self.template]:
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    if not POSTGRES_URL:
        yield None
        return
    server = PostgresServer(POSTGRES_URL)
    try:
        server.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {error}"
        if REQUIRE_POSTGRES:
            pytest.exit(message, returncode=3)
        pytest.skip(message)
    server.create_template()
    yield server
    server.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "wallet.db"
    engine = create_db_engine(f"sqlite:///{path}")
    try:
        upgrade(engine, MIGRATIONS)
    finally:
        engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "wallet.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer | None = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip("PostgreSQL half skipped: WALLET_TEST_POSTGRES_URL is not set")
    name = server.clone()
    try:
        yield server.url_for(name)
    finally:
        server.drop(name)


@pytest.fixture
def database(database_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    db = Database.connect(database_url, pool_size=20)
    yield db
    try:
        assert_ledger_balances(db)
        # A test that tampers with postings on purpose leaves them disagreeing with every total.
        if request.node.get_closest_marker("tampers") is None:
            assert_day_totals_agree(db)
            assert_journal_verifies(db)
    finally:
        db.dispose()


def assert_journal_verifies(db: Database) -> None:
    """And the hash chain verifies from the first transaction to the last: every digest the ledger
    staged when it posted equals the one recomputed from what the database holds."""
    with db.engine.connect() as connection:
        head = read_head(connection)
        broken, last = first_broken(stored_links(connection, 1, head.count), start_position=1, start_prev=GENESIS)
        assert broken is None, f"the journal does not verify at the end of the test: {broken}"
        assert last == head.hash and unchained_count(connection) == 0
        if db.dialect == "postgresql":
            # The set-based check writes the canonical form in SQL: on everything the suite wrote,
            # it must agree with Python link for link (a disagreement would show as a break).
            in_sql = first_broken_set_based(connection, 1, head.count, GENESIS)
            assert in_sql is None, f"the set-based verification disagrees with Python: {in_sql}"


def assert_day_totals_agree(db: Database) -> None:
    """After every database test: each posting carries its transaction's value date, and the totals
    by account and day are exactly what those postings add up to, whichever writer wrote them."""
    day_sums = (
        "SELECT account_id, effective_date, "
        "SUM(CASE WHEN side = 'debit' AND phase = 'posted' THEN amount ELSE 0 END) AS dp, "
        "SUM(CASE WHEN side = 'credit' AND phase = 'posted' THEN amount ELSE 0 END) AS cp, "
        "SUM(CASE WHEN side = 'debit' AND phase = 'pending' THEN amount "
        "         WHEN side = 'debit' AND phase = 'release' THEN -amount ELSE 0 END) AS dpe, "
        "SUM(CASE WHEN side = 'credit' AND phase = 'pending' THEN amount "
        "         WHEN side = 'credit' AND phase = 'release' THEN -amount ELSE 0 END) AS cpe "
        "FROM postings GROUP BY account_id, effective_date")
    with db.engine.connect() as connection:
        misdated = connection.execute(text(
            "SELECT p.id FROM postings p JOIN transactions t ON t.seq = p.transaction_seq "
            "WHERE p.effective_date <> t.effective_date LIMIT 5")).all()
        summed = {(row[0], str(row[1])): tuple(int(v) for v in row[2:])
                  for row in connection.execute(text(day_sums))}
        kept = {(row[0], str(row[1])): tuple(int(v) for v in row[2:]) for row in connection.execute(text(
            "SELECT account_id, effective_date, debits_posted, credits_posted, debits_pending, credits_pending "
            "FROM account_day_totals"))}
    assert not misdated, f"postings whose value date is not their transaction's: {misdated}"
    # A day whose pending was set aside and released nets to zero: kept as a row of zeros, or absent.
    kept = {key: value for key, value in kept.items() if any(value) or key in summed}
    assert kept == summed, "the totals by day disagree with the postings"


def assert_ledger_balances(db: Database) -> None:
    """After every database test, whatever it did: the whole ledger's debits equal its credits, per
    currency, posted and pending alike. Over the suite that is the trial balance at zero after
    every kind of activity the service knows."""
    with db.engine.connect() as connection:
        unbalanced = connection.execute(text(
            "SELECT currency, phase, SUM(CASE WHEN side = 'debit' THEN amount ELSE -amount END) AS net "
            "FROM postings GROUP BY currency, phase "
            "HAVING SUM(CASE WHEN side = 'debit' THEN amount ELSE -amount END) <> 0")).all()
    assert not unbalanced, f"the ledger does not balance at the end of the test: {unbalanced}"


@pytest.fixture
def dialect(database: Database) -> str:
    return database.dialect


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, migrations_dir=MIGRATIONS)


@pytest.fixture
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    from wallet.http.app import create_app

    return create_app(settings, database)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def api(client, database: Database):  # type: ignore[no-untyped-def]
    from tests.support import Api

    return Api(client, database)

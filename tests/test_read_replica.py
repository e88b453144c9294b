"""Reads that may be behind go to a real streaming hot standby; the caller's own writes, a lagging
or unreachable standby, and everything else go to the primary.

The test starts its own primary and standby (tests/standby_cluster.py) and proves where a read went
by what it sees: with replay paused on the standby, a read served there misses the latest funding,
and one served by the primary has it. The `wallet_read_sessions` metric says why each went where.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import MIGRATIONS, REQUIRE_POSTGRES
from tests.scenario import Council
from tests.standby_cluster import StandbyCluster, why_not_runnable
from tests.support import Api
from wallet.config import Settings, SettingsError
from wallet.http.app import create_app
from wallet.persistence.db import Database
from wallet.persistence.migrate import upgrade
from wallet.persistence.read_replica import ReplayWatch, lsn_number
from wallet.persistence.write_marks import SharedWriteMarks, WriteMarks


@pytest.fixture(scope="module")
def cluster() -> Iterator[StandbyCluster]:
    reason = why_not_runnable()
    if reason is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"the read-replica test must run here (WALLET_REQUIRE_POSTGRES=1), but: {reason}")
        pytest.skip(f"read-replica test skipped: {reason}")
    started = StandbyCluster()
    try:
        started.start()
        database = Database.connect(started.primary_url)
        try:
            upgrade(database.engine, MIGRATIONS)
        finally:
            database.dispose()
        started.wait_until_caught_up()
        yield started
    finally:
        started.close()


@pytest.fixture
def served(cluster: StandbyCluster) -> Iterator[tuple[Api, Any]]:
    settings = Settings(database_url=cluster.primary_url, migrations_dir=MIGRATIONS,
                        read_database_url=cluster.standby_url, read_max_lag_seconds=120)
    database = Database.connect(cluster.primary_url)
    app = create_app(settings, database)
    assert database.replica is not None
    database.replica.retry_after_seconds = 0.3
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client, database), app
    finally:
        cluster.resume_replay()
        database.dispose()


def reads(app: Any) -> dict[str, int]:
    """How many replica-eligible reads went where, by reason, from the metric."""
    counted: dict[str, int] = {}
    for metric in app.state.metrics.read_sessions.collect():
        for sample in metric.samples:
            if sample.name.endswith("_total"):
                counted[sample.labels["reason"]] = int(sample.value)
    return counted


def went(app: Any, before: dict[str, int]) -> dict[str, int]:
    after = reads(app)
    return {reason: after[reason] - before.get(reason, 0) for reason in after if after[reason] != before.get(reason, 0)}


def closing(api: Api, key: str, wallet_id: str) -> int:
    response = api.get(f"/v1/wallets/{wallet_id}/statement?from=2026-04-01&to=2026-04-30", key)
    assert response.status == 200, response.body
    return int(response.body["closing"]["total"])


def funded_events(api: Api, key: str) -> int:
    response = api.get("/v1/events?limit=200", key)
    assert response.status == 200, response.body
    return sum(1 for item in response.body["items"] if item["type"] == "transaction.posted")


def test_reads_go_to_the_standby_unless_the_caller_just_wrote(cluster: StandbyCluster, served: tuple[Api, Any]) -> None:
    api, app = served
    council = Council.create(api, "Readington Council")
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    cluster.wait_until_caught_up()

    before = reads(app)
    assert closing(api, council.holder_key, wallet) == 10_000
    assert went(app, before) == {"replica": 1}

    # Replay stops: the standby keeps receiving the primary's WAL but shows nothing new.
    cluster.pause_replay()
    council.fund(wallet, 2_500, on="2026-04-07")  # the funder's own write; 10,000 + 2,500 = 12,500

    before = reads(app)
    assert closing(api, council.funder_key, wallet) == 12_500, "the funder reads its own write (primary)"
    assert went(app, before) == {"own_write": 1}

    before = reads(app)
    assert closing(api, council.holder_key, wallet) == 10_000, "the holder's read is the standby's, a step behind"
    holder_sees = funded_events(api, council.holder_key)
    assert went(app, before) == {"replica": 2}

    # A key made a moment ago, unknown to the paused standby, works: keys are checked on the primary.
    fresh_holder_key = api.key_for(council.holder_id, "holder")
    before = reads(app)
    assert closing(api, fresh_holder_key, wallet) == 10_000
    journal = api.client.get("/v1/reports/journal", params={"holder_id": council.holder_id, "from": "2026-04-01",
                                                            "to": "2026-04-30", "format": "csv"},
                             headers={"Authorization": f"Bearer {fresh_holder_key}"})
    assert journal.status_code == 200
    assert went(app, before) == {"replica": 3}, "the statement, the journal's totals and its streamed rows"

    # A standby too far behind is not read, whoever asks.
    app.state.database.replica.max_lag_seconds = 0
    before = reads(app)
    assert closing(api, council.holder_key, wallet) == 12_500
    assert funded_events(api, council.holder_key) == holder_sees + 1  # the feed is a prefix: one more
    assert went(app, before) == {"lagging": 2}
    app.state.database.replica.max_lag_seconds = 120

    # Once the standby has replayed the funder's write, the funder reads it there too.
    cluster.resume_replay()
    cluster.wait_until_caught_up()
    before = reads(app)
    assert closing(api, council.funder_key, wallet) == 12_500
    assert closing(api, council.holder_key, wallet) == 12_500
    assert went(app, before) == {"replica": 2}


def test_a_standby_restart_does_not_break_the_service(cluster: StandbyCluster, served: tuple[Api, Any]) -> None:
    api, app = served
    council = Council.create(api, "Restartshire Council")
    wallet = council.wallet()
    council.fund(wallet, 4_000)
    cluster.wait_until_caught_up()
    assert closing(api, council.holder_key, wallet) == 4_000  # leaves a pooled connection to the standby

    cluster.stop_standby()
    try:
        before = reads(app)
        # The pooled connection is dead and the standby refuses new ones: every read still answers.
        assert closing(api, council.holder_key, wallet) == 4_000
        assert funded_events(api, council.holder_key) >= 1
        council.fund(wallet, 1_000, on="2026-04-08")  # writes never touched the standby
        assert closing(api, council.holder_key, wallet) == 5_000
        counted = went(app, before)
        assert counted.get("unreachable", 0) >= 1 and "replica" not in counted, counted
        assert sum(counted.values()) == 3
    finally:
        cluster.start_standby()
    cluster.wait_until_caught_up()
    time.sleep(app.state.database.replica.retry_after_seconds)

    before = reads(app)
    assert closing(api, council.holder_key, wallet) == 5_000
    assert went(app, before) == {"replica": 1}, "back on the standby once it answers again"


def test_standby_sessions_are_read_only_and_on_a_standby(cluster: StandbyCluster, served: tuple[Api, Any]) -> None:
    _api, app = served
    replica = app.state.database.replica
    session = replica.open_for(None)
    assert session is not None
    try:
        assert session.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
        assert session.execute(text("SHOW transaction_read_only")).scalar() == "on"
        assert session.execute(text("SHOW transaction_isolation")).scalar() == "repeatable read"
    finally:
        session.close()
    # The primary's read sessions (every GET) are read-only transactions too.
    with app.state.database.reader() as primary_read:
        assert primary_read.execute(text("SELECT pg_is_in_recovery()")).scalar() is False
        with pytest.raises(DBAPIError, match="read-only transaction"):
            primary_read.execute(text("CREATE TABLE refused (id int)"))


def test_positions_compare_as_numbers() -> None:
    # '0/FFFFFFFF' is the last byte of the first 4 GiB; '1/0' the next: as text they sort the other way.
    assert lsn_number("1/0") == 0xFFFFFFFF + 1 > lsn_number("0/FFFFFFFF")
    assert lsn_number("16/B374D848") == (0x16 << 32) + 0xB374D848


@pytest.mark.parametrize("primary, replica, message", [
    ("sqlite:///var/wallet.db", "postgresql://r@standby/wallet", "needs WALLET_DATABASE_URL on PostgreSQL"),
    ("postgresql://w@primary/wallet", "sqlite:///var/replica.db", "must be a postgresql:// URL"),
])
def test_a_read_replica_must_be_a_postgresql_standby(monkeypatch: pytest.MonkeyPatch, primary: str, replica: str,
                                                     message: str) -> None:
    monkeypatch.setenv("WALLET_DATABASE_URL", primary)
    monkeypatch.setenv("WALLET_READ_DATABASE_URL", replica)
    with pytest.raises(SettingsError, match=message) as refused:
        Settings.from_env()
    assert "standby/wallet" not in str(refused.value)  # a URL may carry a password: never echoed


def test_no_replica_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WALLET_READ_DATABASE_URL", "WALLET_READ_MAX_LAG_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.read_database_url is None and settings.read_max_lag_seconds == 10
    monkeypatch.setenv("WALLET_READ_MAX_LAG_SECONDS", "soon")
    with pytest.raises(SettingsError, match="WALLET_READ_MAX_LAG_SECONDS"):
        Settings.from_env()



def test_processes_sharing_a_marks_file_hold_each_others_writes(cluster: StandbyCluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Two serving processes of one `wallet serve`, as two apps on one marks file: the write lands on
    # one, the read on the other, and the read still waits for the standby to hold the write.
    marks_file = str(tmp_path / "marks")
    settings = Settings(database_url=cluster.primary_url, migrations_dir=MIGRATIONS, write_marks_file=marks_file,
                        read_database_url=cluster.standby_url, read_max_lag_seconds=120)
    first_db, second_db = Database.connect(cluster.primary_url), Database.connect(cluster.primary_url)
    first, second = create_app(settings, first_db), create_app(settings, second_db)
    try:
        with TestClient(first, raise_server_exceptions=False) as writes, \
                TestClient(second, raise_server_exceptions=False) as reads_client:
            writer, reader = Api(writes, first_db), Api(reads_client, second_db)
            council = Council.create(writer, "Twoprocess Council")
            wallet = council.wallet()
            council.fund(wallet, 7_000)
            cluster.wait_until_caught_up()
            cluster.pause_replay()
            council.fund(wallet, 300, on="2026-04-07")  # on the first process; 7,000 + 300 = 7,300
            before = reads(second)
            assert closing(reader, council.funder_key, wallet) == 7_300
            assert closing(reader, council.holder_key, wallet) == 7_000
            assert went(second, before) == {"own_write": 1, "replica": 1}
    finally:
        cluster.resume_replay()
        first_db.dispose()
        second_db.dispose()


@pytest.mark.parametrize("shared", [False, True])
def test_a_mark_holds_until_the_standby_passes_it(tmp_path, shared: bool) -> None:  # type: ignore[no-untyped-def]
    marks = SharedWriteMarks(str(tmp_path / "marks")) if shared else WriteMarks()
    try:
        assert marks.replayed_past("org-a", 0), "a caller who never wrote may read anything"
        marks.note("org-a", 1_000)
        marks.note("org-a", 900)  # an older position noted late never lowers the mark
        assert not marks.replayed_past("org-a", 999)
        assert marks.replayed_past("org-b", 999)
        assert marks.replayed_past("org-a", 1_000)
    finally:
        marks.close()


def test_a_mark_noted_in_one_process_is_seen_in_another(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "marks")
    noted = subprocess.run([sys.executable, "-c", "import sys; from wallet.persistence.write_marks import "
                            "SharedWriteMarks as M; m = M(sys.argv[1]); m.note('org-a', 5_000); m.close()", path],
                           capture_output=True, text=True, timeout=60)
    assert noted.returncode == 0, noted.stderr
    marks = SharedWriteMarks(path)
    try:
        assert not marks.replayed_past("org-a", 4_999) and marks.replayed_past("org-a", 5_000)
    finally:
        marks.close()


def test_a_standby_missing_a_write_older_than_the_lag_allowed_is_lagging() -> None:
    watch = ReplayWatch()
    watch.note(100, now=10.0)
    watch.note(150, now=10.05)  # within the grain: one entry, the later position
    watch.note(300, now=12.0)
    assert watch.oldest_missing_age(99, now=15.0) == 5.0, "nothing replayed: the first write is 5 s old"
    assert watch.oldest_missing_age(150, now=15.0) == 3.0, "the first two replayed: the one at 12.0 is missing"
    assert watch.oldest_missing_age(300, now=15.0) == 0.0


def test_wallet_serve_gives_its_processes_one_marks_file_and_removes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import wallet.serving
    from wallet.cli import app as cli

    monkeypatch.setenv("WALLET_DATABASE_URL", "postgresql://w@primary.invalid/wallet")
    monkeypatch.setenv("WALLET_READ_DATABASE_URL", "postgresql://r@standby.invalid/wallet")
    monkeypatch.delenv("WALLET_WRITE_MARKS_FILE", raising=False)
    seen: list[str] = []

    def serve_http(**_options: Any) -> None:  # stands in for uvicorn: what would each process inherit?
        path = os.environ["WALLET_WRITE_MARKS_FILE"]
        assert os.path.exists(path)
        seen.append(path)

    monkeypatch.setattr(wallet.serving, "serve_http", serve_http)
    result = CliRunner().invoke(cli, ["serve", "--no-migrate", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert len(seen) == 1 and not os.path.exists(seen[0])
    monkeypatch.delenv("WALLET_WRITE_MARKS_FILE", raising=False)  # the command set it in this process

"""A throwaway PostgreSQL primary and a streaming hot standby of it, for the read-replica test.

Both are made with initdb and pg_basebackup in a temporary directory, run as the `postgres`
operating-system user on free ports, and removed afterwards, so the test owns them and changes
nothing on the machine's own server.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

USER = "wallet"  # the clusters' superuser (trust authentication, loopback only)


def server_binaries() -> Path | None:
    configured = os.environ.get("WALLET_TEST_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def why_not_runnable() -> str | None:
    """Why a standby cannot be started here, or None."""
    binaries = server_binaries()
    if binaries is None or not (binaries / "initdb").exists() or not (binaries / "pg_basebackup").exists():
        return "no PostgreSQL server binaries (initdb, pg_basebackup) in /usr/lib/postgresql/*/bin or WALLET_TEST_PG_BIN"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no `postgres` operating-system user to run the servers as"
    if shutil.which("runuser") is None or os.geteuid() != 0:
        return "running servers as the `postgres` user needs root and runuser"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StandbyCluster:
    def __init__(self) -> None:
        binaries = server_binaries()
        assert binaries is not None
        self.bin = binaries
        self.root = Path(tempfile.mkdtemp(prefix="wallet-standby-"))
        shutil.chown(self.root, "postgres")
        self.primary_dir, self.standby_dir = self.root / "primary", self.root / "standby"
        self.primary_port, self.standby_port = free_port(), free_port()
        self.database = "wallet"

    # --- the servers ----------------------------------------------------------------------------

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, cwd=self.root,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def start(self) -> None:
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.primary_dir), "-U", USER, "--auth=trust",
                          "-E", "UTF8", "--no-instructions")
        with open(self.primary_dir / "postgresql.conf", "a") as conf:
            conf.write(self._settings(self.primary_port) + "wal_level = replica\nmax_wal_senders = 4\n")
        with open(self.primary_dir / "pg_hba.conf", "a") as hba:
            hba.write(f"host replication {USER} 127.0.0.1/32 trust\n")
        self._pg_ctl(self.primary_dir, "start")
        with self.admin(self.primary_port, "postgres") as connection:
            connection.execute(text(f"CREATE DATABASE {self.database}"))
        # -R writes standby.signal and primary_conninfo: a streaming hot standby once started.
        self._as_postgres(str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
                          "-U", USER, "-D", str(self.standby_dir), "-R", "-X", "stream", "-c", "fast")
        with open(self.standby_dir / "postgresql.conf", "a") as conf:
            conf.write(self._settings(self.standby_port) + "hot_standby = on\n")
        self.start_standby()

    def _settings(self, port: int) -> str:
        # fsync off: these servers hold nothing worth a power cut, and the machine is shared.
        return (f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                "fsync = off\nfull_page_writes = off\nshared_buffers = 16MB\n"
                "max_connections = 40\n")

    def _pg_ctl(self, data: Path, action: str, *extra: str) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(data.parent / f"{data.name}.log"),
                          "-w", "-t", "30", action, *extra)

    def start_standby(self) -> None:
        self._pg_ctl(self.standby_dir, "start")

    def stop_standby(self) -> None:
        self._pg_ctl(self.standby_dir, "stop", "-m", "fast")

    def close(self) -> None:
        for data in (self.standby_dir, self.primary_dir):
            if (data / "postmaster.pid").exists():
                try:
                    self._pg_ctl(data, "stop", "-m", "immediate")
                except subprocess.SubprocessError:
                    pass
        shutil.rmtree(self.root, ignore_errors=True)

    # --- talking to them ------------------------------------------------------------------------

    def url(self, port: int, database: str | None = None) -> str:
        return f"postgresql://{USER}@127.0.0.1:{port}/{database or self.database}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def standby_url(self) -> str:
        return self.url(self.standby_port)

    def admin(self, port: int, database: str | None = None):  # type: ignore[no-untyped-def]
        engine = create_engine(self.url(port, database).replace("postgresql://", "postgresql+psycopg://"),
                               isolation_level="AUTOCOMMIT", poolclass=NullPool)
        return _Connected(engine)

    def standby_scalar(self, sql: str) -> object:
        with self.admin(self.standby_port) as connection:
            return connection.execute(text(sql)).scalar()

    def pause_replay(self) -> None:
        self.standby_scalar("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.standby_scalar("SELECT pg_wal_replay_resume()")

    def wait_until_caught_up(self, timeout: float = 20.0) -> None:
        """Until the standby has replayed everything the primary had written when this was called."""
        with self.admin(self.primary_port) as connection:
            target = connection.execute(text("SELECT pg_current_wal_lsn()")).scalar()
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.standby_scalar(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
                    return
            except Exception:  # noqa: BLE001 - still starting up
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the standby did not replay up to {target} within {timeout} s")
            time.sleep(0.05)


class _Connected:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.connection = self.engine.connect()
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.close()
        self.engine.dispose()

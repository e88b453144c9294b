"""PostgreSQL's own pgbench on the same server: the yardstick for our transfer rate.

pgbench's built-in tpcb-like script is a small banking transaction (three balance updates, a
read, a history insert) sent by a C client, so it is roughly what this server can commit when
nothing but the database stands in the way. Run in the same session as our figures, on the same
server, it turns "N transfers per second" into "this fraction of what the server can do", which
survives a change of machine far better than the raw number.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from sqlalchemy.engine import URL

from bench.config import cores

INSTALL_HINT = (
    "pgbench is not installed, and `make bench` compares against it.\n"
    "  Debian 12:          apt-get install postgresql-contrib  (pgbench ships in postgresql-15)\n"
    "  macOS (Homebrew):   brew install postgresql@15\n"
    "or point WALLET_BENCH_PGBENCH at a pgbench binary."
)

# PostgreSQL 14+ prints "(without initial connection time)"; older ones
# "(excluding connections establishing)". Both exclude connection set-up.
_TPS = re.compile(
    r"^tps = ([0-9.]+) \((?:without initial connection time|excluding connections establishing)\)",
    re.MULTILINE,
)


class PgbenchMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class PgbenchResult:
    clients: int
    seconds: int
    tps: float
    transactions: int | None
    command: str

    def as_json(self) -> dict[str, object]:
        return {"clients": self.clients, "seconds": self.seconds, "tps": round(self.tps, 1),
                "transactions": self.transactions, "command": self.command}


def find_pgbench() -> str:
    configured = os.environ.get("WALLET_BENCH_PGBENCH")
    if configured:
        if not _runs(configured):
            raise PgbenchMissing(f"WALLET_BENCH_PGBENCH={configured} does not run\n{INSTALL_HINT}")
        return configured
    # Debian puts the real binary beside the server and a version-picking wrapper on PATH; the
    # wrapper is there with the client alone and then fails, so try the real ones first.
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"), key=_major_version,
                       reverse=True)
    on_path = shutil.which("pgbench")
    for candidate in [*installed, *([on_path] if on_path else [])]:
        if _runs(candidate):
            return candidate
    raise PgbenchMissing(INSTALL_HINT)


def _major_version(path: str) -> int:
    version = path.split("/")[4]
    return int(version) if version.isdigit() else 0


def _runs(binary: str) -> bool:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


class Pgbench:
    def __init__(self, binary: str, server_url: URL) -> None:
        self.binary = binary
        self.url = server_url

    def version(self) -> str:
        return self._run(["--version"]).strip()

    def _connection_args(self, database: str) -> list[str]:
        args = []
        if self.url.host:
            args += ["-h", self.url.host]
        if self.url.port:
            args += ["-p", str(self.url.port)]
        if self.url.username:
            args += ["-U", self.url.username]
        return args + [database]

    def _run(self, args: list[str]) -> str:
        env = dict(os.environ)
        if self.url.password:
            env["PGPASSWORD"] = self.url.password
        done = subprocess.run([self.binary, *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            command = " ".join([self.binary, *args])
            output = done.stderr or done.stdout
            raise RuntimeError(f"{command} failed ({done.returncode}):\n{output}")
        return done.stdout + done.stderr

    def initialise(self, database: str, scale: int) -> None:
        self._run(["-i", "-q", "-s", str(scale), *self._connection_args(database)])

    def run(self, database: str, clients: int, seconds: int) -> PgbenchResult:
        # One pgbench thread per core at most: more threads than cores only share them.
        threads = max(1, min(clients, cores()))
        args = ["-b", "tpcb-like", "-c", str(clients), "-j", str(threads), "-T", str(seconds),
                *self._connection_args(database)]
        output = self._run(args)
        match = _TPS.search(output)
        if not match:
            raise RuntimeError(f"could not find the tps line in pgbench's output:\n{output}")
        processed = re.search(r"number of transactions actually processed: (\d+)", output)
        return PgbenchResult(clients, seconds, float(match.group(1)),
                             int(processed.group(1)) if processed else None,
                             " ".join(["pgbench", *args]))

"""The benchmark's parameters, read from the environment once.

The defaults are sized so that `make bench` takes two to four minutes on a two-core machine;
raise them for steadier figures on a quiet one.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "migrations"
RESULTS = ROOT / "bench-results.json"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"bench: {name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SystemExit(f"bench: {name} must be greater than zero, got {value}")
    return value


@dataclass(frozen=True)
class Params:
    postgres_url: str
    transfers: int          # per case (serial and concurrent each post this many)
    workers: int            # the concurrent case; pgbench gets the same client count
    account_pairs: int      # transfers pick a pair at random, so concurrent workers rarely meet
    pgbench_seconds: int
    pgbench_scale: int
    reads: int              # per account and per kind of read
    short_history: int      # postings on the "new" account
    long_history: int       # postings on the "old" account
    history_batch: int      # postings per transaction while building the histories
    seed: int

    @classmethod
    def from_env(cls) -> Params:
        env = os.environ
        url = (env.get("WALLET_BENCH_POSTGRES_URL") or env.get("WALLET_TEST_POSTGRES_URL")
               or "postgresql://root@127.0.0.1:5432/test")
        return cls(
            postgres_url=url,
            transfers=_int("WALLET_BENCH_TRANSFERS", 2000),
            workers=_int("WALLET_BENCH_WORKERS", 8),
            account_pairs=_int("WALLET_BENCH_ACCOUNT_PAIRS", 1000),
            pgbench_seconds=_int("WALLET_BENCH_SECONDS", 10),
            pgbench_scale=_int("WALLET_BENCH_PGBENCH_SCALE", 1),
            reads=_int("WALLET_BENCH_READS", 2000),
            short_history=_int("WALLET_BENCH_SHORT_HISTORY", 100),
            long_history=_int("WALLET_BENCH_LONG_HISTORY", 100_000),
            history_batch=_int("WALLET_BENCH_HISTORY_BATCH", 200),
            seed=_int("WALLET_BENCH_SEED", 20261125),
        )

    def as_json(self) -> dict[str, Any]:
        shown = asdict(self)
        shown["postgres_url"] = _without_password(self.postgres_url)
        return shown


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)

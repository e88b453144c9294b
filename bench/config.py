"""The benchmark's parameters, read from the environment once.

The defaults are sized so that `make bench` takes three to five minutes on a two-core machine;
raise them for steadier figures on a quiet one.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# As the service finds them (WALLET_MIGRATIONS_DIR, else beside src/).
MIGRATIONS = Path(os.environ.get("WALLET_MIGRATIONS_DIR") or ROOT / "migrations")
RESULTS = ROOT / "bench-results.json"


def cores() -> int:
    """The cores this process may run on (all of them where affinity is not known)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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


def _int_list(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        values = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SystemExit(
            f"bench: {name} must be whole numbers separated by commas, got {raw!r}") from None
    if not values or min(values) <= 0:
        raise SystemExit(f"bench: {name} must list client counts greater than zero, got {raw!r}")
    return values


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() not in ("0", "false", "no", "off")


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name) or default
    if raw not in choices:
        raise SystemExit(f"bench: {name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


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
    http: bool              # the payments through `wallet serve`, and the statement counts
    http_wallets: int       # wallets at the one holder the payments go round
    http_clients: tuple[int, ...]  # client counts; pgbench runs at each of them too
    http_seconds: int       # timed, per client count
    http_warm_up_seconds: int
    http_driver: str        # auto (wrk when installed), wrk or python
    verbose: bool           # print every statement of the counted requests
    book_wallets: tuple[int, ...]  # book sizes for the funding run and period close (bench/book_runs.py)

    @property
    def pgbench_clients(self) -> tuple[int, ...]:
        counts = {1, self.workers} | (set(self.http_clients) if self.http else set())
        return tuple(sorted(counts))

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
            http=_flag("WALLET_BENCH_HTTP", True),
            http_wallets=_int("WALLET_BENCH_HTTP_WALLETS", 1000),
            http_clients=_int_list("WALLET_BENCH_HTTP_CLIENTS", (1, 8, 32)),
            http_seconds=_int("WALLET_BENCH_HTTP_SECONDS", 15),
            http_warm_up_seconds=_int("WALLET_BENCH_HTTP_WARM_UP", 2),
            http_driver=_choice("WALLET_BENCH_HTTP_DRIVER", "auto", ("auto", "wrk", "python")),
            verbose=_flag("WALLET_BENCH_VERBOSE", False),
            book_wallets=_int_list("WALLET_BENCH_WALLETS" if env.get("WALLET_BENCH_WALLETS") else "BENCH_WALLETS",
                                   (1000,)),
        )

    def as_json(self) -> dict[str, Any]:
        shown = asdict(self)
        shown["postgres_url"] = _without_password(self.postgres_url)
        return shown


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)

"""Settings, read from environment variables once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/wallet.db"


def _migrations_dir() -> Path:
    # In a checkout or an editable install the migrations sit beside src/; an image may move them.
    configured = os.environ.get("WALLET_MIGRATIONS_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "migrations"


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    migrations_dir: Path = Path("migrations")
    sqlite_busy_timeout_ms: int = 30_000
    # No page-size setting: the cap is part of the published contract (pagination.MAX_LIMIT).
    max_body_bytes: int = 1_000_000
    # Per API key: a token bucket refilled at this rate, holding up to `rate_limit_burst`. 0 (either)
    # turns it off. Generous, so only a runaway client is slowed. Kept per process.
    rate_limit_per_minute: int = 12_000
    rate_limit_burst: int = 1_000
    # Base64 of a raw 32-byte Ed25519 private key; when set, journal heads are signed with it.
    audit_signing_key: str | None = None
    # Webhooks (src/wallet/webhooks/). The worker is off unless asked for: `wallet serve` reads the
    # environment, where it is on by default; an app built in code (the tests') runs none.
    webhooks: bool = False
    # Loopback, private and link-local receivers are refused (the service must not be a way into its
    # own network) unless this is set: for a receiver beside the service, and for the tests.
    webhook_allow_private: bool = False
    # A failing endpoint is retried after 30 s, doubling up to the cap, until it has failed for the
    # window; then it is disabled. Seconds, as floats, so tests can use milliseconds.
    webhook_retry_first_seconds: float = 30.0
    webhook_retry_max_seconds: float = 3600.0
    webhook_retry_window_seconds: float = 86400.0
    webhook_timeout_seconds: float = 10.0
    # The person's own page: how long a sign-in link works (unused), how long a session lasts, and
    # the address people reach the service at (for the links' URLs; else the request's own).
    person_link_minutes: int = 15
    person_session_hours: int = 12
    public_url: str | None = None
    # Serving processes (`wallet serve`). Each keeps its own rate-limit buckets holding its share
    # of a key's limit, so a key's limit across all of them stays what was set.
    workers: int = 1
    # Requests a serving process runs at once in its worker threads (the database work of each);
    # the others wait their turn in the event loop. Past a few a core, more only contend for the
    # interpreter and the server's processors: at 32 clients on 2 cores, 8 (anyio's default 40)
    # kept throughput at the 8-client figure and halved p99. Below the pool's 10 connections.
    request_threads: int = 8
    # The payment route's lean path (http/payment_path.py): a well-formed payment served in one
    # worker thread with the route's own code; off, every payment goes through FastAPI's route.
    lean_payments: bool = True

    # Failed authentications (401) a client address may make a minute before it is refused (429).
    auth_failures_per_minute: int = 60
    # Signs pagination cursors (HMAC-SHA256). Unset: derived from the database URL, so every
    # process serving one database accepts the others' cursors; set it to make them unguessable.
    cursor_key: str | None = None
    # `json` (one object a line) or `text`; unset: json unless stderr is a terminal.
    log_format: str | None = None
    # A PostgreSQL hot standby of `database_url` for reads that may be a little behind (statements,
    # exports, reports, verify, the person's page, the event feed); unset, everything reads the
    # primary. A standby further behind than `read_max_lag_seconds` is not read.
    read_database_url: str | None = None
    read_max_lag_seconds: float = 10.0
    # Set by `wallet serve` for its worker processes (not by hand): the file in which they share
    # each caller's last write position, so read-your-writes holds whichever process answers.
    write_marks_file: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            database_url=env.get("WALLET_DATABASE_URL", DEFAULT_DATABASE_URL),
            migrations_dir=_migrations_dir(),
            sqlite_busy_timeout_ms=_whole("WALLET_SQLITE_BUSY_TIMEOUT_MS", 30000),
            max_body_bytes=_whole("WALLET_MAX_BODY_BYTES", 1000000),
            rate_limit_per_minute=_whole("WALLET_RATE_LIMIT_PER_MINUTE", 12000),
            rate_limit_burst=_whole("WALLET_RATE_LIMIT_BURST", 1000),
            audit_signing_key=env.get("WALLET_AUDIT_SIGNING_KEY") or None,
            webhooks=_switch("WALLET_WEBHOOKS", True),
            webhook_allow_private=_switch("WALLET_WEBHOOK_ALLOW_PRIVATE", False),
            webhook_retry_first_seconds=_seconds("WALLET_WEBHOOK_RETRY_FIRST_SECONDS", 30),
            webhook_retry_max_seconds=_seconds("WALLET_WEBHOOK_RETRY_MAX_SECONDS", 3600),
            webhook_retry_window_seconds=_seconds("WALLET_WEBHOOK_RETRY_WINDOW_SECONDS", 86400),
            webhook_timeout_seconds=_seconds("WALLET_WEBHOOK_TIMEOUT_SECONDS", 10),
            person_link_minutes=_whole("WALLET_PERSON_LINK_MINUTES", 15),
            person_session_hours=_whole("WALLET_PERSON_SESSION_HOURS", 12),
            public_url=env.get("WALLET_PUBLIC_URL") or None,
            workers=_whole("WALLET_WORKERS", default_workers(), minimum=1),
            request_threads=_whole("WALLET_REQUEST_THREADS", 8, minimum=1),
            lean_payments=_switch("WALLET_LEAN_PAYMENTS", True),
            auth_failures_per_minute=_whole("WALLET_AUTH_FAILURES_PER_MINUTE", 60),
            cursor_key=env.get("WALLET_CURSOR_KEY") or None,
            log_format=_choice("WALLET_LOG_FORMAT", ("json", "text")),
            read_database_url=_read_database_url(env.get("WALLET_DATABASE_URL", DEFAULT_DATABASE_URL)),
            read_max_lag_seconds=_seconds("WALLET_READ_MAX_LAG_SECONDS", 10),
            write_marks_file=env.get("WALLET_WRITE_MARKS_FILE") or None,
        )


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _whole(name: str, default: int, minimum: int = 0) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def _seconds(name: str, default: float) -> float:
    raw = _raw(name)
    if raw is None:
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise SettingsError(f"{name} must be a positive number of seconds, got {raw!r}")
    return value


def _switch(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    if raw.lower() not in ("0", "1", "true", "false"):
        raise SettingsError(f"{name} must be 0 or 1, got {raw!r}")
    return raw.lower() in ("1", "true")


def _choice(name: str, choices: tuple[str, ...]) -> str | None:
    raw = _raw(name)
    if raw is not None and raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def _read_database_url(primary_url: str) -> str | None:
    raw = _raw("WALLET_READ_DATABASE_URL")
    if raw is None:
        return None
    if not raw.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise SettingsError("WALLET_READ_DATABASE_URL must be a postgresql:// URL of a hot standby")
    if not primary_url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise SettingsError("WALLET_READ_DATABASE_URL needs WALLET_DATABASE_URL on PostgreSQL too "
                            "(a standby of it)")
    return raw

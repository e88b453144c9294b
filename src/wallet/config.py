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

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            database_url=env.get("WALLET_DATABASE_URL", DEFAULT_DATABASE_URL),
            migrations_dir=_migrations_dir(),
            sqlite_busy_timeout_ms=int(env.get("WALLET_SQLITE_BUSY_TIMEOUT_MS", "30000")),
            max_body_bytes=int(env.get("WALLET_MAX_BODY_BYTES", "1000000")),
            rate_limit_per_minute=int(env.get("WALLET_RATE_LIMIT_PER_MINUTE", "12000")),
            rate_limit_burst=int(env.get("WALLET_RATE_LIMIT_BURST", "1000")),
            audit_signing_key=env.get("WALLET_AUDIT_SIGNING_KEY") or None,
        )

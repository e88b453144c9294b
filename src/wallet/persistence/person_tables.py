"""Sign-in links and sessions for the person's own page (migration 0008).

Only sha256 hashes of tokens are stored: a copy of these tables lets nobody sign in.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table

from wallet.persistence.tables import metadata
from wallet.persistence.types import PublicId, UtcDateTime

TOKEN_HASH = String(64)

# A one-time link a council or provider issues for one wallet. ``used_at`` is set by the one
# exchange that wins; an unused link stops working at ``expires_at``.
person_links = Table(
    "person_links",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False, index=True),
    # Who issued it: the person's session acts under this organisation, as a person key does.
    Column("organisation_id", PublicId, ForeignKey("organisations.id"), nullable=False),
    Column("issued_by_key_id", String(36), nullable=False),
    Column("token_hash", TOKEN_HASH, nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    CheckConstraint("expires_at > created_at", name="expires_after_issue"),
)

# What a used link became: one session, ended by signing out or by ``expires_at``.
person_sessions = Table(
    "person_sessions",
    metadata,
    Column("id", PublicId, primary_key=True),
    Column("link_id", PublicId, ForeignKey("person_links.id"), nullable=False, unique=True),
    Column("wallet_id", PublicId, ForeignKey("wallets.id"), nullable=False, index=True),
    Column("organisation_id", PublicId, ForeignKey("organisations.id"), nullable=False),
    Column("token_hash", TOKEN_HASH, nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
    CheckConstraint("expires_at > created_at", name="expires_after_start"),
)

"""Webhook endpoints and the log of their deliveries (migration 0010).

An endpoint keeps its place in its organisation's event feed (``delivered_seq``: every event up to
there has been delivered, or was not one it wants) and moves it only after a receiver said 2xx, so
a worker that dies mid-delivery loses nothing: the next one sends that event again. A worker
leases the endpoint while it delivers (``leased_by`` until ``lease_expires_at``) so two never send
to one endpoint at once; a dead worker's lease simply runs out.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, text

from wallet.persistence.columns import created_at, id_column, moment, one_of, organisation, refers_to
from wallet.persistence.tables import metadata
from wallet.persistence.types import PublicId, UtcDateTime

webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    id_column(),
    organisation("organisation_id", index=True),
    Column("url", String(2048), nullable=False),
    Column("description", String(200), nullable=True),
    Column("event_types", JSON, nullable=False),
    # Kept as given, not hashed: the service needs it to sign. It is never logged or shown again.
    Column("secret", String(100), nullable=False),
    Column("status", String(10), nullable=False),
    Column("disabled_reason", String(10), nullable=True),
    moment("disabled_at"),
    Column("delivered_seq", BigInteger, nullable=False),
    # The failures in a row of the event at the head of the endpoint's queue, since when, and
    # when it is tried next.
    Column("failed_attempts", Integer, nullable=False),
    moment("failing_since"),
    moment("next_attempt_at"),
    Column("leased_by", String(64), nullable=True),
    moment("lease_expires_at"),
    created_at(),
    moment("deleted_at"),
    one_of("status", "enabled", "disabled"),
    one_of("disabled_reason", "manual", "failing"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    id_column(),
    refers_to("endpoint_id", "webhook_endpoints"),
    Column("event_seq", BigInteger, nullable=False),
    Column("event_id", PublicId, nullable=False),
    Column("event_type", String(60), nullable=False),
    Column("attempt", Integer, nullable=False),
    # Asked for with the redeliver call, rather than sent from the feed.
    Column("redelivery", Boolean, nullable=False),
    Column("status", String(10), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("error", String(500), nullable=True),
    Column("response_excerpt", String(500), nullable=True),
    Column("requested_at", UtcDateTime, nullable=False),
    moment("attempted_at"),
    Column("duration_ms", Integer, nullable=True),
    one_of("status", "pending", "succeeded", "failed"),
    Index("ix_webhook_deliveries_endpoint_id_requested_at", "endpoint_id", "requested_at", "id"),
    Index("ix_webhook_deliveries_endpoint_id_event_seq", "endpoint_id", "event_seq"),
    Index("ix_webhook_deliveries_pending", "endpoint_id", sqlite_where=text("status = 'pending'"),
          postgresql_where=text("status = 'pending'")),
)

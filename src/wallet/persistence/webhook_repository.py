"""Webhook endpoints, their deliveries, and the claims workers make on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select

from wallet.persistence.repository import Repository, new_id, record_from
from wallet.persistence.trust_tables import events
from wallet.persistence.types import utc_now
from wallet.persistence.webhook_tables import webhook_deliveries, webhook_endpoints

ENABLED, DISABLED = "enabled", "disabled"
PENDING, SUCCEEDED, FAILED = "pending", "succeeded", "failed"


@dataclass(frozen=True, slots=True)
class EndpointRecord:
    id: str
    organisation_id: str
    url: str
    description: str | None
    event_types: list[str]
    secret: str
    status: str
    disabled_reason: str | None
    disabled_at: datetime | None
    delivered_seq: int
    failed_attempts: int
    failing_since: datetime | None
    next_attempt_at: datetime | None
    leased_by: str | None
    lease_expires_at: datetime | None
    created_at: datetime
    deleted_at: datetime | None

    @property
    def enabled(self) -> bool:
        return self.status == ENABLED and self.deleted_at is None


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    id: str
    endpoint_id: str
    event_seq: int
    event_id: str
    event_type: str
    attempt: int
    redelivery: bool
    status: str
    status_code: int | None
    error: str | None
    response_excerpt: str | None
    requested_at: datetime
    attempted_at: datetime | None
    duration_ms: int | None


def _endpoint(row: Any) -> EndpointRecord:
    return record_from(EndpointRecord, row, event_types=list(row.event_types))


def _delivery(row: Any) -> DeliveryRecord:
    return record_from(DeliveryRecord, row)


def _live() -> ColumnElement[bool]:
    return webhook_endpoints.c.deleted_at.is_(None)


class WebhookRepository(Repository):
    # --- endpoints -------------------------------------------------------------------------

    def add(self, *, organisation_id: str, url: str, description: str | None, event_types: list[str],
            secret: str, delivered_seq: int) -> EndpointRecord:
        endpoint_id = new_id()
        self._insert(webhook_endpoints, id=endpoint_id, organisation_id=organisation_id, url=url,
                     description=description, event_types=event_types, secret=secret, status=ENABLED,
                     delivered_seq=delivered_seq, failed_attempts=0, created_at=utc_now())
        return self.get(endpoint_id)  # type: ignore[return-value]

    def get(self, endpoint_id: str, *, organisation_id: str | None = None) -> EndpointRecord | None:
        """A live (not deleted) endpoint, of the organisation when one is named."""
        query = select(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id, _live())
        if organisation_id is not None:
            query = query.where(webhook_endpoints.c.organisation_id == organisation_id)
        return self._one(query, _endpoint)

    def list(self, organisation_id: str, *, after: tuple[datetime, str] | None, limit: int) -> list[EndpointRecord]:
        e = webhook_endpoints
        query = (select(e).where(e.c.organisation_id == organisation_id, _live())
                 .order_by(e.c.created_at, e.c.id).limit(limit))
        if after is not None:
            created, endpoint_id = after
            query = query.where((e.c.created_at > created) | ((e.c.created_at == created) & (e.c.id > endpoint_id)))
        return self._all(query, _endpoint)

    def count(self, organisation_id: str) -> int:
        return int(self.session.execute(
            select(func.count()).select_from(webhook_endpoints)
            .where(webhook_endpoints.c.organisation_id == organisation_id, _live())).scalar_one())

    def change(self, endpoint_id: str, *where: ColumnElement[bool], **values: Any) -> bool:
        """Change a live endpoint, when ``where`` also holds; whether it did."""
        return self._update(webhook_endpoints, webhook_endpoints.c.id == endpoint_id, _live(), *where, **values) == 1

    def disable(self, endpoint_id: str, *, at: datetime) -> bool:
        """Disable an enabled endpoint by hand; whether this call did."""
        return self.change(endpoint_id, webhook_endpoints.c.status == ENABLED, status=DISABLED,
                           disabled_reason="manual", disabled_at=at, next_attempt_at=None)

    def enable(self, endpoint_id: str) -> bool:
        """Enable a disabled endpoint with a clean slate of failures; whether this call did."""
        return self.change(endpoint_id, webhook_endpoints.c.status == DISABLED, status=ENABLED,
                           disabled_reason=None, disabled_at=None, failed_attempts=0, failing_since=None,
                           next_attempt_at=None)

    # --- claims ----------------------------------------------------------------------------

    def claimable(self, now: datetime, *, exclude: set[str], limit: int, lock: bool = False) -> list[str]:
        """Enabled endpoints no live lease holds, that are due and have something to send: an event
        after their place in the feed, or a redelivery asked for. Locked ``FOR UPDATE SKIP LOCKED``
        when claiming on PostgreSQL, so two workers claiming at once pass each other by."""
        e = webhook_endpoints
        has_event = exists().where(events.c.organisation_id == e.c.organisation_id, events.c.seq > e.c.delivered_seq)
        has_redelivery = exists().where(webhook_deliveries.c.endpoint_id == e.c.id,
                                        webhook_deliveries.c.status == PENDING)
        query = (select(e.c.id).where(
            e.c.status == ENABLED, _live(),
            e.c.lease_expires_at.is_(None) | (e.c.lease_expires_at < now),
            e.c.next_attempt_at.is_(None) | (e.c.next_attempt_at <= now),
            has_event | has_redelivery,
        ).order_by(e.c.id).limit(limit))
        if exclude:
            query = query.where(e.c.id.not_in(sorted(exclude)))
        if lock:
            query = query.with_for_update(skip_locked=True, of=e)
        return list(self.session.execute(query).scalars())

    # The worker's changes hold only while its lease does: one whose lease ran out and was taken
    # over changes nothing, so two workers can never move one endpoint's place in the feed.

    def claim(self, endpoint_id: str, worker_id: str, lease_until: datetime) -> None:
        self.change(endpoint_id, leased_by=worker_id, lease_expires_at=lease_until)

    def extend_lease(self, endpoint_id: str, worker_id: str, lease_until: datetime) -> bool:
        return self.change(endpoint_id, webhook_endpoints.c.leased_by == worker_id, lease_expires_at=lease_until)

    def release(self, endpoint_id: str, worker_id: str) -> None:
        self._update(webhook_endpoints, webhook_endpoints.c.id == endpoint_id,
                     webhook_endpoints.c.leased_by == worker_id, leased_by=None, lease_expires_at=None)

    def advance(self, endpoint_id: str, worker_id: str, *, from_seq: int, to_seq: int,
                lease_until: datetime) -> bool:
        """Move the endpoint's place in the feed past ``to_seq``, clearing its failures."""
        return self.change(endpoint_id, webhook_endpoints.c.leased_by == worker_id,
                           webhook_endpoints.c.delivered_seq == from_seq, delivered_seq=to_seq, failed_attempts=0,
                           failing_since=None, next_attempt_at=None, lease_expires_at=lease_until)

    def note_failure(self, endpoint_id: str, worker_id: str, *, failed_attempts: int, failing_since: datetime,
                     next_attempt_at: datetime) -> bool:
        return self.change(endpoint_id, webhook_endpoints.c.leased_by == worker_id, failed_attempts=failed_attempts,
                           failing_since=failing_since, next_attempt_at=next_attempt_at)

    def disable_failing(self, endpoint_id: str, worker_id: str, *, at: datetime, failed_attempts: int,
                        failing_since: datetime) -> bool:
        return self.change(endpoint_id, webhook_endpoints.c.leased_by == worker_id,
                           webhook_endpoints.c.status == ENABLED, status=DISABLED, disabled_reason="failing",
                           disabled_at=at, next_attempt_at=None, failed_attempts=failed_attempts,
                           failing_since=failing_since)

    # --- deliveries ------------------------------------------------------------------------

    def add_delivery(self, **values: Any) -> DeliveryRecord:
        delivery_id = values.pop("id", None) or new_id()
        self._insert(webhook_deliveries, id=delivery_id, **values)
        return self.delivery(delivery_id)  # type: ignore[return-value]

    def delivery(self, delivery_id: str, *, endpoint_id: str | None = None) -> DeliveryRecord | None:
        query = select(webhook_deliveries).where(webhook_deliveries.c.id == delivery_id)
        if endpoint_id is not None:
            query = query.where(webhook_deliveries.c.endpoint_id == endpoint_id)
        return self._one(query, _delivery)

    def deliveries(self, endpoint_id: str, *, before: tuple[datetime, str] | None, limit: int) -> list[DeliveryRecord]:
        """Newest first, as a delivery log is read."""
        d = webhook_deliveries
        query = (select(d).where(d.c.endpoint_id == endpoint_id)
                 .order_by(d.c.requested_at.desc(), d.c.id.desc()).limit(limit))
        if before is not None:
            requested, delivery_id = before
            query = query.where((d.c.requested_at < requested)
                                | ((d.c.requested_at == requested) & (d.c.id < delivery_id)))
        return self._all(query, _delivery)

    def oldest_pending(self, endpoint_id: str) -> DeliveryRecord | None:
        d = webhook_deliveries
        return self._one(select(d).where(d.c.endpoint_id == endpoint_id, d.c.status == PENDING)
                         .order_by(d.c.requested_at, d.c.id).limit(1), _delivery)

    def attempts_at(self, endpoint_id: str, event_seq: int) -> int:
        d = webhook_deliveries
        return int(self.session.execute(select(func.count()).select_from(d).where(
            d.c.endpoint_id == endpoint_id, d.c.event_seq == event_seq)).scalar_one())

    def finish_delivery(self, delivery_id: str, **values: Any) -> bool:
        """Record how a pending redelivery went; whether it was still pending."""
        return self._update(webhook_deliveries, webhook_deliveries.c.id == delivery_id,
                            webhook_deliveries.c.status == PENDING, **values) == 1

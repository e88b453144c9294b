"""The webhook worker's steps in the database, each in a short transaction the worker opens; the
sending happens between them, with no transaction open.

1. ``claim_endpoints``: lease the endpoints that are due and have something to send.
2. ``next_step``: what to send an endpoint next: a redelivery asked for, else the first event after
   its place in the feed that it wants (or, when a whole batch holds none it wants, a skip).
3. ``record_outcome``: log the attempt. A 2xx moves the endpoint's place past the event; anything
   else leaves it there, so later events wait behind it (feed order), and sets the next attempt
   after an exponential backoff, until the endpoint has failed for the whole retry window: then it
   is disabled, with an audit entry and a ``webhook_endpoint.disabled`` event in its
   organisation's feed (read by ``GET /v1/events`` and by its other endpoints).

A worker that dies between sending and recording has moved nothing: once its lease runs out the
event is sent again. Delivery is at least once; ``Wallet-Event-Id`` lets a receiver drop repeats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from wallet.config import Settings
from wallet.domain.principals import OrganisationKind
from wallet.domain.webhooks import retry_delay_seconds, wants
from wallet.persistence.event_repository import EventRecord, EventRepository
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.repository import new_id
from wallet.persistence.webhook_repository import FAILED, SUCCEEDED, EndpointRecord, WebhookRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.events import emit_event
from wallet.usecases.webhook_endpoints import owners_of

EVENT_BATCH = 100
ENDPOINT_DISABLED = "webhook_endpoint.disabled"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    first_seconds: float
    max_seconds: float
    window_seconds: float

    @classmethod
    def of(cls, settings: Settings) -> RetryPolicy:
        return cls(settings.webhook_retry_first_seconds, settings.webhook_retry_max_seconds,
                   settings.webhook_retry_window_seconds)

    def delay(self, failed_attempts: int) -> timedelta:
        return timedelta(seconds=retry_delay_seconds(failed_attempts, first=self.first_seconds, cap=self.max_seconds))


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event to send to one endpoint, planned from the endpoint as it stood (``from_seq``)."""

    endpoint: EndpointRecord
    event: EventRecord
    delivery_id: str
    attempt: int
    redelivery: bool
    from_seq: int


@dataclass(frozen=True, slots=True)
class Skip:
    """A batch of events the endpoint does not want: its place moves past them unsent."""

    endpoint_id: str
    from_seq: int
    to_seq: int


@dataclass(frozen=True, slots=True)
class Outcome:
    attempted_at: datetime
    duration_ms: int
    status_code: int | None = None
    error: str | None = None
    response_excerpt: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def any_due(session: Session, now: datetime, *, exclude: set[str]) -> bool:
    """Whether a claim would find anything: asked in a reading session first, so an idle worker
    never takes SQLite's write lock."""
    return bool(WebhookRepository(session).claimable(now, exclude=exclude, limit=1))


def claim_endpoints(session: Session, *, worker_id: str, now: datetime, lease_until: datetime,
                    exclude: set[str], limit: int) -> list[str]:
    repository = WebhookRepository(session)
    claimed = repository.claimable(now, exclude=exclude, limit=limit, lock=True)
    for endpoint_id in claimed:
        repository.claim(endpoint_id, worker_id, lease_until)
    return claimed


def renew_lease(session: Session, endpoint_id: str, *, worker_id: str, lease_until: datetime) -> bool:
    return WebhookRepository(session).extend_lease(endpoint_id, worker_id, lease_until)


def next_step(session: Session, endpoint_id: str, *, worker_id: str, now: datetime) -> Delivery | Skip | None:
    repository = WebhookRepository(session)
    endpoint = repository.get(endpoint_id)
    if endpoint is None or not endpoint.enabled or endpoint.leased_by != worker_id:
        return None
    feed = EventRepository(session)
    pending = repository.oldest_pending(endpoint_id)
    if pending is not None:
        event = next(iter(feed.after(endpoint.organisation_id, pending.event_seq - 1, 1)))
        return Delivery(endpoint, event, pending.id, pending.attempt, True, endpoint.delivered_seq)
    if endpoint.next_attempt_at is not None and endpoint.next_attempt_at > now:
        return None
    batch = feed.after(endpoint.organisation_id, endpoint.delivered_seq, EVENT_BATCH)
    for event in batch:
        if wants(endpoint.event_types, event.type):
            attempt = repository.attempts_at(endpoint_id, event.seq) + 1
            return Delivery(endpoint, event, new_id(), attempt, False, endpoint.delivered_seq)
    return Skip(endpoint_id, endpoint.delivered_seq, batch[-1].seq) if batch else None


def skip(session: Session, step: Skip, *, worker_id: str, lease_until: datetime) -> bool:
    return WebhookRepository(session).advance(step.endpoint_id, worker_id, from_seq=step.from_seq,
                                              to_seq=step.to_seq, lease_until=lease_until)


def record_outcome(session: Session, delivery: Delivery, outcome: Outcome, *, worker_id: str, now: datetime,
                   lease_until: datetime, retry: RetryPolicy) -> bool:
    """Log the attempt and move the endpoint on, or back off. Whether the worker should carry on
    with this endpoint: not after a failure from the feed, nor once its lease is lost."""
    repository = WebhookRepository(session)
    endpoint = delivery.endpoint
    logged = {"status": SUCCEEDED if outcome.succeeded else FAILED, "status_code": outcome.status_code,
              "error": _clip(outcome.error), "response_excerpt": _clip(outcome.response_excerpt),
              "attempted_at": outcome.attempted_at, "duration_ms": outcome.duration_ms}
    if delivery.redelivery:
        repository.finish_delivery(delivery.delivery_id, **logged)
        return repository.extend_lease(endpoint.id, worker_id, lease_until)
    repository.add_delivery(id=delivery.delivery_id, endpoint_id=endpoint.id, event_seq=delivery.event.seq,
                            event_id=delivery.event.event_id, event_type=delivery.event.type,
                            attempt=delivery.attempt, redelivery=False, requested_at=outcome.attempted_at, **logged)
    if outcome.succeeded:
        return repository.advance(endpoint.id, worker_id, from_seq=delivery.from_seq, to_seq=delivery.event.seq,
                                  lease_until=lease_until)
    failing_since = endpoint.failing_since or outcome.attempted_at
    failed_attempts = endpoint.failed_attempts + 1
    if now - failing_since < timedelta(seconds=retry.window_seconds):
        repository.note_failure(endpoint.id, worker_id, failed_attempts=failed_attempts, failing_since=failing_since,
                                next_attempt_at=now + retry.delay(failed_attempts))
        return False
    if repository.disable_failing(endpoint.id, worker_id, at=now, failed_attempts=failed_attempts,
                                  failing_since=failing_since):
        _announce_disabled(session, endpoint, delivery, failed_attempts=failed_attempts, failing_since=failing_since)
    return False


def release(session: Session, endpoint_id: str, *, worker_id: str) -> None:
    WebhookRepository(session).release(endpoint_id, worker_id)


def _announce_disabled(session: Session, endpoint: EndpointRecord, delivery: Delivery, *, failed_attempts: int,
                       failing_since: datetime) -> None:
    """No alert: alerts belong to a wallet's funder and holder, an endpoint to one organisation. Its
    own feed says so instead, and the audit trail."""
    organisation = OrganisationRepository(session).get(endpoint.organisation_id)
    kind = organisation.kind if organisation else OrganisationKind.FUNDER
    facts = {"endpoint_id": endpoint.id, "reason": "failing", "failed_attempts": failed_attempts,
             "failing_since": failing_since, "event_id": delivery.event.event_id, "event_seq": delivery.event.seq}
    record_change(session, None, ENDPOINT_DISABLED, object_type="webhook_endpoint", object_id=endpoint.id,
                  **owners_of(endpoint.organisation_id, kind), **facts)
    emit_event(session, ENDPOINT_DISABLED, wallets=[], data=facts, also=[endpoint.organisation_id])


def _clip(text: str | None, limit: int = 500) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"

"""An organisation's webhook endpoints: registering one, reading, disabling, enabling and deleting
them, their delivery log, and asking for an event to be sent again.

The event feed is per organisation, so endpoints are too: a funder's or holder's keys manage their
own organisation's endpoints, and another organisation's endpoint is not found. An endpoint gets
the events committed after it was registered, each one the organisation may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, NotFound, RuleViolation
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.domain.webhooks import event_types as checked_event_types
from wallet.domain.webhooks import new_secret
from wallet.persistence.event_repository import EventRepository
from wallet.persistence.journal_chain import read_head
from wallet.persistence.types import utc_now
from wallet.persistence.webhook_repository import PENDING, DeliveryRecord, EndpointRecord, WebhookRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.webhooks.addresses import checked_receiver

MAX_ENDPOINTS = 20


class WebhookEndpointNotFound(NotFound):
    type = "webhook-endpoint-not-found"
    title = "Webhook endpoint not found"


class WebhookDeliveryNotFound(NotFound):
    type = "webhook-delivery-not-found"
    title = "Webhook delivery not found"


class TooManyWebhookEndpoints(RuleViolation):
    type = "too-many-webhook-endpoints"
    title = "An organisation has at most 20 webhook endpoints"


class WebhookEndpointDisabled(Conflict):
    type = "webhook-endpoint-disabled"
    title = "The webhook endpoint is disabled"


@dataclass(frozen=True, slots=True)
class Registered:
    endpoint: EndpointRecord
    secret: str  # shown in this answer only


def owners_of(organisation_id: str, kind: OrganisationKind) -> dict[str, str | None]:
    """Whose business an endpoint's audit entry is: its organisation, as funder or as holder."""
    return {"funder_id": organisation_id if kind is OrganisationKind.FUNDER else None,
            "holder_id": organisation_id if kind is OrganisationKind.HOLDER else None}


def _audit(session: Session, principal: Principal, action: str, endpoint: EndpointRecord, **details: object) -> None:
    record_change(session, principal, action, object_type="webhook_endpoint", object_id=endpoint.id,
                  **owners_of(principal.organisation_id, principal.organisation_kind), **details)


def _endpoint(session: Session, principal: Principal, endpoint_id: str) -> EndpointRecord:
    found = WebhookRepository(session).get(endpoint_id, organisation_id=principal.organisation_id)
    if found is None:
        raise WebhookEndpointNotFound(f"no webhook endpoint {endpoint_id}", endpoint_id=endpoint_id)
    return found


@allowed(Role.FUNDER, Role.HOLDER)
def register_endpoint(session: Session, principal: Principal, *, url: str, event_types: list[str],
                      description: str | None, allow_private: bool) -> Registered:
    types = checked_event_types(event_types)
    receiver, _ = checked_receiver(url, allow_private=allow_private)
    repository = WebhookRepository(session)
    if repository.count(principal.organisation_id) >= MAX_ENDPOINTS:
        raise TooManyWebhookEndpoints(f"this organisation already has {MAX_ENDPOINTS} webhook endpoints; "
                                      "delete one first", limit=MAX_ENDPOINTS)
    secret = new_secret()
    # From the feed's present end: what was committed before the endpoint existed is in GET /v1/events.
    endpoint = repository.add(organisation_id=principal.organisation_id, url=url, description=description,
                              event_types=types, secret=secret, delivered_seq=read_head(session).last_event_seq)
    _audit(session, principal, "webhook_endpoint.created", endpoint, host=receiver.host, event_types=types)
    return Registered(endpoint, secret)


@allowed(Role.FUNDER, Role.HOLDER)
def list_endpoints(session: Session, principal: Principal, *, after: tuple[datetime, str] | None,
                   limit: int) -> list[EndpointRecord]:
    return WebhookRepository(session).list(principal.organisation_id, after=after, limit=limit)


@allowed(Role.FUNDER, Role.HOLDER)
def view_endpoint(session: Session, principal: Principal, endpoint_id: str) -> EndpointRecord:
    return _endpoint(session, principal, endpoint_id)


@allowed(Role.FUNDER, Role.HOLDER)
def disable_endpoint(session: Session, principal: Principal, endpoint_id: str) -> EndpointRecord:
    """Stop deliveries. The endpoint keeps its place in the feed: enabled again, it carries on
    from the first event it has not delivered."""
    endpoint = _endpoint(session, principal, endpoint_id)
    if WebhookRepository(session).disable(endpoint_id, at=utc_now()):
        _audit(session, principal, "webhook_endpoint.disabled", endpoint, reason="manual")
    return _endpoint(session, principal, endpoint_id)


@allowed(Role.FUNDER, Role.HOLDER)
def enable_endpoint(session: Session, principal: Principal, endpoint_id: str) -> EndpointRecord:
    """Deliveries resume from the first event not delivered, with a fresh retry window."""
    endpoint = _endpoint(session, principal, endpoint_id)
    if WebhookRepository(session).enable(endpoint_id):
        _audit(session, principal, "webhook_endpoint.enabled", endpoint)
    return _endpoint(session, principal, endpoint_id)


@allowed(Role.FUNDER, Role.HOLDER)
def delete_endpoint(session: Session, principal: Principal, endpoint_id: str) -> None:
    """Nothing more is sent; the endpoint and its log are kept for the audit trail, out of sight."""
    endpoint = _endpoint(session, principal, endpoint_id)
    WebhookRepository(session).change(endpoint_id, deleted_at=utc_now(), next_attempt_at=None)
    _audit(session, principal, "webhook_endpoint.deleted", endpoint)


@allowed(Role.FUNDER, Role.HOLDER)
def list_deliveries(session: Session, principal: Principal, endpoint_id: str, *,
                    before: tuple[datetime, str] | None, limit: int) -> list[DeliveryRecord]:
    _endpoint(session, principal, endpoint_id)
    return WebhookRepository(session).deliveries(endpoint_id, before=before, limit=limit)


@allowed(Role.FUNDER, Role.HOLDER)
def redeliver(session: Session, principal: Principal, endpoint_id: str, delivery_id: str) -> DeliveryRecord:
    """Send a delivery's event once more, out of the feed's order, as soon as a worker gets to it;
    an endpoint waiting to retry is tried at once too."""
    endpoint = _endpoint(session, principal, endpoint_id)
    repository = WebhookRepository(session)
    earlier = repository.delivery(delivery_id, endpoint_id=endpoint_id)
    if earlier is None:
        raise WebhookDeliveryNotFound(f"no delivery {delivery_id} to this endpoint", delivery_id=delivery_id)
    if not endpoint.enabled:
        raise WebhookEndpointDisabled("enable the endpoint before asking for a redelivery", endpoint_id=endpoint_id)
    event = next(iter(EventRepository(session).after(principal.organisation_id, earlier.event_seq - 1, 1)), None)
    if event is None or event.seq != earlier.event_seq:  # pragma: no cover - the feed is append-only
        raise WebhookDeliveryNotFound(f"the event of delivery {delivery_id} is gone", delivery_id=delivery_id)
    queued = repository.add_delivery(
        endpoint_id=endpoint_id, event_seq=event.seq, event_id=event.event_id, event_type=event.type,
        attempt=repository.attempts_at(endpoint_id, event.seq) + 1, redelivery=True, status=PENDING,
        requested_at=utc_now())
    repository.change(endpoint_id, next_attempt_at=None)
    _audit(session, principal, "webhook_endpoint.redelivery_requested", endpoint, delivery_id=queued.id,
           event_id=event.event_id, redelivery_of=delivery_id)
    return queued


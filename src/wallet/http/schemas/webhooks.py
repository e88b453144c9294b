from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from wallet.domain.webhooks import MAX_EVENT_TYPES, MAX_URL_LENGTH
from wallet.http.schemas.common import RequestBody
from wallet.persistence.webhook_repository import DeliveryRecord, EndpointRecord


class WebhookEndpointIn(RequestBody):
    url: str = Field(min_length=1, max_length=MAX_URL_LENGTH,
                     description="an http(s) URL at a public address; https in production")
    event_types: list[str] = Field(
        default=["*"], min_length=1, max_length=MAX_EVENT_TYPES,
        description="the event types to send: names such as `transaction.posted`, prefixes such as `alert.*`, "
                    "or `*` for every event the organisation's feed holds")
    description: str | None = Field(None, max_length=200)


class WebhookEndpointOut(BaseModel):
    id: str
    url: str
    description: str | None
    event_types: list[str]
    status: Literal["enabled", "disabled"]
    disabled_reason: Literal["manual", "failing"] | None = Field(
        description="`failing`: the service disabled it after the retry window; `manual`: a key did")
    disabled_at: datetime | None
    delivered_seq: int = Field(description="every event of the feed up to this seq has been delivered (or was not "
                                           "one of `event_types`); the next delivery is the first after it")
    failed_attempts: int = Field(description="failures in a row of the event the endpoint is waiting on")
    failing_since: datetime | None
    next_attempt_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, endpoint: EndpointRecord) -> WebhookEndpointOut:
        return cls(id=endpoint.id, url=endpoint.url, description=endpoint.description,
                   event_types=endpoint.event_types, status=endpoint.status,  # type: ignore[arg-type]
                   disabled_reason=endpoint.disabled_reason,  # type: ignore[arg-type]
                   disabled_at=endpoint.disabled_at, delivered_seq=endpoint.delivered_seq,
                   failed_attempts=endpoint.failed_attempts, failing_since=endpoint.failing_since,
                   next_attempt_at=endpoint.next_attempt_at, created_at=endpoint.created_at)


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str = Field(description="signs every delivery (`Wallet-Signature`); shown in this answer only")


class WebhookDeliveryOut(BaseModel):
    id: str = Field(description="also sent as the `Wallet-Delivery-Id` header")
    endpoint_id: str
    event_seq: int
    event_id: str = Field(description="also sent as `Wallet-Event-Id`: the same on every attempt and redelivery")
    event_type: str
    attempt: int = Field(description="1 for the first time this event was sent to this endpoint, then 2, ...")
    redelivery: bool = Field(description="asked for with the redeliver call")
    status: Literal["pending", "succeeded", "failed"]
    status_code: int | None = Field(description="the receiver's HTTP status; none when no answer came")
    error: str | None = Field(description="why it failed when the status code does not say: a timeout, a refused "
                                          "connection or address, a redirect")
    response_excerpt: str | None = Field(description="the start of the receiver's answer")
    requested_at: datetime
    attempted_at: datetime | None
    duration_ms: int | None

    @classmethod
    def of(cls, delivery: DeliveryRecord) -> WebhookDeliveryOut:
        return cls(id=delivery.id, endpoint_id=delivery.endpoint_id, event_seq=delivery.event_seq,
                   event_id=delivery.event_id, event_type=delivery.event_type, attempt=delivery.attempt,
                   redelivery=delivery.redelivery, status=delivery.status,  # type: ignore[arg-type]
                   status_code=delivery.status_code, error=delivery.error, response_excerpt=delivery.response_excerpt,
                   requested_at=delivery.requested_at, attempted_at=delivery.attempted_at,
                   duration_ms=delivery.duration_ms)

"""Webhook endpoints: an organisation's receivers for its event feed, and their delivery logs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from wallet.domain.errors import InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import IdempotentRequest, SessionDep, idempotent, require
from wallet.http.pagination import Page, PageParams, page_of, page_params
from wallet.http.schemas.webhooks import (
    WebhookDeliveryOut,
    WebhookEndpointCreatedOut,
    WebhookEndpointIn,
    WebhookEndpointOut,
)
from wallet.usecases.webhook_endpoints import (
    delete_endpoint,
    disable_endpoint,
    enable_endpoint,
    list_deliveries,
    list_endpoints,
    redeliver,
    register_endpoint,
    view_endpoint,
)

router = APIRouter(prefix="/v1", tags=["webhooks"])

OWN_ORGANISATION = (Role.FUNDER, Role.HOLDER)

SIGNING = """Every delivery is a `POST` of one event as JSON, exactly as `GET /v1/events` lists it,
with `Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body with the secret>`,
`Wallet-Event-Id`, `Wallet-Event-Type` and `Wallet-Delivery-Id`. Answer 2xx within the timeout
(10 s unless configured); anything else is retried with exponential backoff, the endpoint's later
events waiting behind it, and after a day of failures the endpoint is disabled."""


def _position(cursor: PageParams, key: str) -> tuple[datetime, str] | None:
    after = cursor.after(key)
    if after is None:
        return None
    try:
        return datetime.fromisoformat(after[0]), str(after[1])
    except (TypeError, ValueError, IndexError):
        raise InvalidInput("the cursor is not one this list issued", field="cursor") from None


@router.post("/webhook-endpoints", status_code=201, response_model=WebhookEndpointCreatedOut,
             operation_id="createWebhookEndpoint", summary="Register a receiver for the organisation's events",
             description="The endpoint is sent every event committed from now on that the organisation's feed "
                         "holds and `event_types` names, in feed order, at least once. The answer carries the "
                         "signing secret, shown this once.\n\n" + SIGNING)
def post_endpoint(request: Request, body: WebhookEndpointIn, session: SessionDep,
                  idempotency: IdempotentRequest = idempotent(*OWN_ORGANISATION)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def register() -> WebhookEndpointCreatedOut:
        registered = register_endpoint(session, principal, url=body.url, event_types=body.event_types,
                                       description=body.description,
                                       allow_private=request.app.state.settings.webhook_allow_private)
        return WebhookEndpointCreatedOut(**WebhookEndpointOut.of(registered.endpoint).model_dump(),
                                         secret=registered.secret)

    return idempotency.respond(session, 201, register)


@router.get("/webhook-endpoints", response_model=Page[WebhookEndpointOut], operation_id="listWebhookEndpoints",
            summary="The organisation's webhook endpoints",
            description="Oldest first; deleted endpoints are not listed. Secrets are never shown again.")
def get_endpoints(session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
                  principal: Principal = require(*OWN_ORGANISATION)) -> Page[WebhookEndpointOut]:
    found = list_endpoints(session, principal, after=_position(page, "after"), limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda e: {"after": [e.created_at.isoformat(), e.id]})
    return Page[WebhookEndpointOut](items=[WebhookEndpointOut.of(e) for e in kept], next_cursor=cursor)


@router.get("/webhook-endpoints/{endpoint_id}", response_model=WebhookEndpointOut, operation_id="getWebhookEndpoint",
            summary="One webhook endpoint: its status, its place in the feed and its failures",
            description="`delivered_seq` is the last event delivered; `failed_attempts`, `failing_since` and "
                        "`next_attempt_at` describe the event it is waiting on, if any.")
def get_endpoint(endpoint_id: str, session: SessionDep,
                 principal: Principal = require(*OWN_ORGANISATION)) -> WebhookEndpointOut:
    return WebhookEndpointOut.of(view_endpoint(session, principal, endpoint_id))


@router.post("/webhook-endpoints/{endpoint_id}/disable", response_model=WebhookEndpointOut,
             operation_id="disableWebhookEndpoint", summary="Stop sending to an endpoint",
             description="Nothing is sent while it is disabled; it keeps its place in the feed, so enabling it "
                         "again sends what it missed. Disabling a disabled endpoint changes nothing.")
def post_disable(endpoint_id: str, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(*OWN_ORGANISATION)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: WebhookEndpointOut.of(
        disable_endpoint(session, principal, endpoint_id)))


@router.post("/webhook-endpoints/{endpoint_id}/enable", response_model=WebhookEndpointOut,
             operation_id="enableWebhookEndpoint", summary="Send to an endpoint again",
             description="Delivery resumes from the first event not yet delivered (also after the service "
                         "disabled a failing endpoint), with its failures cleared and a new retry window.")
def post_enable(endpoint_id: str, session: SessionDep,
                idempotency: IdempotentRequest = idempotent(*OWN_ORGANISATION)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: WebhookEndpointOut.of(
        enable_endpoint(session, principal, endpoint_id)))


@router.delete("/webhook-endpoints/{endpoint_id}", status_code=204, response_class=Response,
               operation_id="deleteWebhookEndpoint", summary="Delete an endpoint: nothing more is sent to it",
               description="The endpoint and its delivery log stay in the audit trail; it answers 404 from now on.")
def delete_webhook_endpoint(endpoint_id: str, session: SessionDep,
                            principal: Principal = require(*OWN_ORGANISATION)) -> Response:
    delete_endpoint(session, principal, endpoint_id)
    return Response(status_code=204)


@router.get("/webhook-endpoints/{endpoint_id}/deliveries", response_model=Page[WebhookDeliveryOut],
            operation_id="listWebhookDeliveries", summary="An endpoint's delivery log, newest first",
            description="Every attempt: the event, the attempt number, the receiver's status code or the error, "
                        "when and how long it took; redeliveries not yet sent are `pending`.")
def get_deliveries(endpoint_id: str, session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
                   principal: Principal = require(*OWN_ORGANISATION)) -> Page[WebhookDeliveryOut]:
    found = list_deliveries(session, principal, endpoint_id, before=_position(page, "before"), limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda d: {"before": [d.requested_at.isoformat(), d.id]})
    return Page[WebhookDeliveryOut](items=[WebhookDeliveryOut.of(d) for d in kept], next_cursor=cursor)


@router.post("/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver", status_code=202,
             response_model=WebhookDeliveryOut, operation_id="redeliverWebhook",
             summary="Send a delivery's event to the endpoint once more",
             description="Queued as a `pending` delivery and sent at the worker's next pass, before the feed "
                         "continues, with the same `Wallet-Event-Id`; an endpoint waiting to retry is tried at "
                         "once too. A disabled endpoint answers 409: enable it first.")
def post_redeliver(endpoint_id: str, delivery_id: str, session: SessionDep,
                   idempotency: IdempotentRequest = idempotent(*OWN_ORGANISATION)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 202, lambda: WebhookDeliveryOut.of(
        redeliver(session, principal, endpoint_id, delivery_id)))

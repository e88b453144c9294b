from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_endpoint_created_out import WebhookEndpointCreatedOut
from ...models.webhook_endpoint_in import WebhookEndpointIn
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookEndpointIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookEndpointCreatedOut | None:
    if response.status_code == 201:
        response_201 = WebhookEndpointCreatedOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WebhookEndpointCreatedOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str,
) -> Response[Problem | WebhookEndpointCreatedOut]:
    """Register a receiver for the organisation's events

     The endpoint is sent every event committed from now on that the organisation's feed holds and
    `event_types` names, in feed order, at least once. The answer carries the signing secret, shown this
    once.

    Every delivery is a `POST` of one event as JSON, exactly as `GET /v1/events` lists it,
    with `Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body with the secret>`,
    `Wallet-Event-Id`, `Wallet-Event-Type` and `Wallet-Delivery-Id`. Answer 2xx within the timeout
    (10 s unless configured); anything else is retried with exponential backoff, the endpoint's later
    events waiting behind it, and after a day of failures the endpoint is disabled.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreatedOut]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str,
) -> Problem | WebhookEndpointCreatedOut | None:
    """Register a receiver for the organisation's events

     The endpoint is sent every event committed from now on that the organisation's feed holds and
    `event_types` names, in feed order, at least once. The answer carries the signing secret, shown this
    once.

    Every delivery is a `POST` of one event as JSON, exactly as `GET /v1/events` lists it,
    with `Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body with the secret>`,
    `Wallet-Event-Id`, `Wallet-Event-Type` and `Wallet-Delivery-Id`. Answer 2xx within the timeout
    (10 s unless configured); anything else is retried with exponential backoff, the endpoint's later
    events waiting behind it, and after a day of failures the endpoint is disabled.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreatedOut
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str,
) -> Response[Problem | WebhookEndpointCreatedOut]:
    """Register a receiver for the organisation's events

     The endpoint is sent every event committed from now on that the organisation's feed holds and
    `event_types` names, in feed order, at least once. The answer carries the signing secret, shown this
    once.

    Every delivery is a `POST` of one event as JSON, exactly as `GET /v1/events` lists it,
    with `Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body with the secret>`,
    `Wallet-Event-Id`, `Wallet-Event-Type` and `Wallet-Delivery-Id`. Answer 2xx within the timeout
    (10 s unless configured); anything else is retried with exponential backoff, the endpoint's later
    events waiting behind it, and after a day of failures the endpoint is disabled.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreatedOut]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str,
) -> Problem | WebhookEndpointCreatedOut | None:
    """Register a receiver for the organisation's events

     The endpoint is sent every event committed from now on that the organisation's feed holds and
    `event_types` names, in feed order, at least once. The answer carries the signing secret, shown this
    once.

    Every delivery is a `POST` of one event as JSON, exactly as `GET /v1/events` lists it,
    with `Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body with the secret>`,
    `Wallet-Event-Id`, `Wallet-Event-Type` and `Wallet-Delivery-Id`. Answer 2xx within the timeout
    (10 s unless configured); anything else is retried with exponential backoff, the endpoint's later
    events waiting behind it, and after a day of failures the endpoint is disabled.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreatedOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment_batch_in import PaymentBatchIn
from ...models.payment_batch_out import PaymentBatchOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: PaymentBatchIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payment-batches",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentBatchOut | Problem | None:
    if response.status_code == 200:
        response_200 = PaymentBatchOut.from_dict(response.json())

        return response_200

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
) -> Response[PaymentBatchOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentBatchIn,
    idempotency_key: str,
) -> Response[PaymentBatchOut | Problem]:
    """Make up to 10,000 payments: a payroll or invoice run

     Each item is a payment from one wallet, made in the order given and decided exactly as
    `createPayment` decides it: `posted`, `awaiting_approval` (with its `approval_id`) or `refused` with
    that call's problem (`insufficient-funds` with its `shortfall`, `category-blocked`, …).

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (PaymentBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentBatchOut | Problem]
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
    body: PaymentBatchIn,
    idempotency_key: str,
) -> PaymentBatchOut | Problem | None:
    """Make up to 10,000 payments: a payroll or invoice run

     Each item is a payment from one wallet, made in the order given and decided exactly as
    `createPayment` decides it: `posted`, `awaiting_approval` (with its `approval_id`) or `refused` with
    that call's problem (`insufficient-funds` with its `shortfall`, `category-blocked`, …).

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (PaymentBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentBatchOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentBatchIn,
    idempotency_key: str,
) -> Response[PaymentBatchOut | Problem]:
    """Make up to 10,000 payments: a payroll or invoice run

     Each item is a payment from one wallet, made in the order given and decided exactly as
    `createPayment` decides it: `posted`, `awaiting_approval` (with its `approval_id`) or `refused` with
    that call's problem (`insufficient-funds` with its `shortfall`, `category-blocked`, …).

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (PaymentBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentBatchOut | Problem]
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
    body: PaymentBatchIn,
    idempotency_key: str,
) -> PaymentBatchOut | Problem | None:
    """Make up to 10,000 payments: a payroll or invoice run

     Each item is a payment from one wallet, made in the order given and decided exactly as
    `createPayment` decides it: `posted`, `awaiting_approval` (with its `approval_id`) or `refused` with
    that call's problem (`insufficient-funds` with its `shortfall`, `category-blocked`, …).

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (PaymentBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentBatchOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed

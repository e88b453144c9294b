from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.wallet_batch_in import WalletBatchIn
from ...models.wallet_batch_out import WalletBatchOut
from ...types import Response


def _get_kwargs(
    *,
    body: WalletBatchIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/wallet-batches",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WalletBatchOut | None:
    if response.status_code == 200:
        response_200 = WalletBatchOut.from_dict(response.json())

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
) -> Response[Problem | WalletBatchOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WalletBatchIn,
    idempotency_key: str,
) -> Response[Problem | WalletBatchOut]:
    """Open or change up to 10,000 wallets and their schedules

     Each item is `open` (a wallet with its funding schedules), `add_schedule`, `change_amount` or
    `end_schedule`, decided by the same rules as `createWallet`, `createSchedule`,
    `changeScheduleAmount` and `endSchedule`; a refused item carries the problem that call would have
    answered with.

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WalletBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WalletBatchOut]
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
    body: WalletBatchIn,
    idempotency_key: str,
) -> Problem | WalletBatchOut | None:
    """Open or change up to 10,000 wallets and their schedules

     Each item is `open` (a wallet with its funding schedules), `add_schedule`, `change_amount` or
    `end_schedule`, decided by the same rules as `createWallet`, `createSchedule`,
    `changeScheduleAmount` and `endSchedule`; a refused item carries the problem that call would have
    answered with.

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WalletBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WalletBatchOut
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WalletBatchIn,
    idempotency_key: str,
) -> Response[Problem | WalletBatchOut]:
    """Open or change up to 10,000 wallets and their schedules

     Each item is `open` (a wallet with its funding schedules), `add_schedule`, `change_amount` or
    `end_schedule`, decided by the same rules as `createWallet`, `createSchedule`,
    `changeScheduleAmount` and `endSchedule`; a refused item carries the problem that call would have
    answered with.

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WalletBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WalletBatchOut]
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
    body: WalletBatchIn,
    idempotency_key: str,
) -> Problem | WalletBatchOut | None:
    """Open or change up to 10,000 wallets and their schedules

     Each item is `open` (a wallet with its funding schedules), `add_schedule`, `change_amount` or
    `end_schedule`, decided by the same rules as `createWallet`, `createSchedule`,
    `changeScheduleAmount` and `endSchedule`; a refused item carries the problem that call would have
    answered with.

    All or nothing: if any item is refused nothing is stored and the answer is `422 batch-refused`,
    whose `items` give every item's result (`refused` with its problem, or `not_applied`). Item by item:
    `200`, each item applied or refused on its own; the answer is stored under the `Idempotency-Key`, so
    send refused items again in a new batch with a new key.

    Args:
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (WalletBatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WalletBatchOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed

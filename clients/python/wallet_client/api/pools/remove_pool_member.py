import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.pool_movement_out import PoolMovementOut
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    pool_id: str,
    wallet_id: str,
    *,
    effective_date: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_effective_date = effective_date.isoformat()
    params["effective_date"] = json_effective_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/pools/{pool_id}/members/{wallet_id}".format(
            pool_id=quote(str(pool_id), safe=""),
            wallet_id=quote(str(wallet_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PoolMovementOut | Problem | None:
    if response.status_code == 200:
        response_200 = PoolMovementOut.from_dict(response.json())

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
) -> Response[PoolMovementOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pool_id: str,
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    effective_date: datetime.date,
) -> Response[PoolMovementOut | Problem]:
    """A member leaves: their unspent share returns to their wallet

     A member leaves: their unspent share returns to their wallet

    Args:
        pool_id (str):
        wallet_id (str):
        effective_date (datetime.date): the day the member leaves

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PoolMovementOut | Problem]
    """

    kwargs = _get_kwargs(
        pool_id=pool_id,
        wallet_id=wallet_id,
        effective_date=effective_date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pool_id: str,
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    effective_date: datetime.date,
) -> PoolMovementOut | Problem | None:
    """A member leaves: their unspent share returns to their wallet

     A member leaves: their unspent share returns to their wallet

    Args:
        pool_id (str):
        wallet_id (str):
        effective_date (datetime.date): the day the member leaves

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PoolMovementOut | Problem
    """

    return sync_detailed(
        pool_id=pool_id,
        wallet_id=wallet_id,
        client=client,
        effective_date=effective_date,
    ).parsed


async def asyncio_detailed(
    pool_id: str,
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    effective_date: datetime.date,
) -> Response[PoolMovementOut | Problem]:
    """A member leaves: their unspent share returns to their wallet

     A member leaves: their unspent share returns to their wallet

    Args:
        pool_id (str):
        wallet_id (str):
        effective_date (datetime.date): the day the member leaves

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PoolMovementOut | Problem]
    """

    kwargs = _get_kwargs(
        pool_id=pool_id,
        wallet_id=wallet_id,
        effective_date=effective_date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pool_id: str,
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    effective_date: datetime.date,
) -> PoolMovementOut | Problem | None:
    """A member leaves: their unspent share returns to their wallet

     A member leaves: their unspent share returns to their wallet

    Args:
        pool_id (str):
        wallet_id (str):
        effective_date (datetime.date): the day the member leaves

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PoolMovementOut | Problem
    """

    return (
        await asyncio_detailed(
            pool_id=pool_id,
            wallet_id=wallet_id,
            client=client,
            effective_date=effective_date,
        )
    ).parsed

import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.planned_budgets_out import PlannedBudgetsOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    wallet_id: str,
    *,
    on: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_on: None | str | Unset
    if isinstance(on, Unset):
        json_on = UNSET
    elif isinstance(on, datetime.date):
        json_on = on.isoformat()
    else:
        json_on = on
    params["on"] = json_on

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/wallets/{wallet_id}/planned-budgets".format(
            wallet_id=quote(str(wallet_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PlannedBudgetsOut | Problem | None:
    if response.status_code == 200:
        response_200 = PlannedBudgetsOut.from_dict(response.json())

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
) -> Response[PlannedBudgetsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
) -> Response[PlannedBudgetsOut | Problem]:
    """A wallet's planned budgets, and the weekly budget in force on a day

     A wallet's planned budgets, and the weekly budget in force on a day

    Args:
        wallet_id (str):
        on (datetime.date | None | Unset): today if omitted

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlannedBudgetsOut | Problem]
    """

    kwargs = _get_kwargs(
        wallet_id=wallet_id,
        on=on,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
) -> PlannedBudgetsOut | Problem | None:
    """A wallet's planned budgets, and the weekly budget in force on a day

     A wallet's planned budgets, and the weekly budget in force on a day

    Args:
        wallet_id (str):
        on (datetime.date | None | Unset): today if omitted

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlannedBudgetsOut | Problem
    """

    return sync_detailed(
        wallet_id=wallet_id,
        client=client,
        on=on,
    ).parsed


async def asyncio_detailed(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
) -> Response[PlannedBudgetsOut | Problem]:
    """A wallet's planned budgets, and the weekly budget in force on a day

     A wallet's planned budgets, and the weekly budget in force on a day

    Args:
        wallet_id (str):
        on (datetime.date | None | Unset): today if omitted

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlannedBudgetsOut | Problem]
    """

    kwargs = _get_kwargs(
        wallet_id=wallet_id,
        on=on,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
) -> PlannedBudgetsOut | Problem | None:
    """A wallet's planned budgets, and the weekly budget in force on a day

     A wallet's planned budgets, and the weekly budget in force on a day

    Args:
        wallet_id (str):
        on (datetime.date | None | Unset): today if omitted

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlannedBudgetsOut | Problem
    """

    return (
        await asyncio_detailed(
            wallet_id=wallet_id,
            client=client,
            on=on,
        )
    ).parsed

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_contribution_schedule_out import PageContributionScheduleOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    pool_id: str,
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/pools/{pool_id}/contribution-schedules".format(
            pool_id=quote(str(pool_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageContributionScheduleOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageContributionScheduleOut.from_dict(response.json())

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
) -> Response[PageContributionScheduleOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pool_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageContributionScheduleOut | Problem]:
    """A pool's contribution schedules, as far as this key may see them

     A pool's contribution schedules, as far as this key may see them

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        pool_id (str):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageContributionScheduleOut | Problem]
    """

    kwargs = _get_kwargs(
        pool_id=pool_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pool_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageContributionScheduleOut | Problem | None:
    """A pool's contribution schedules, as far as this key may see them

     A pool's contribution schedules, as far as this key may see them

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        pool_id (str):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageContributionScheduleOut | Problem
    """

    return sync_detailed(
        pool_id=pool_id,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    pool_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageContributionScheduleOut | Problem]:
    """A pool's contribution schedules, as far as this key may see them

     A pool's contribution schedules, as far as this key may see them

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        pool_id (str):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageContributionScheduleOut | Problem]
    """

    kwargs = _get_kwargs(
        pool_id=pool_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pool_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageContributionScheduleOut | Problem | None:
    """A pool's contribution schedules, as far as this key may see them

     A pool's contribution schedules, as far as this key may see them

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        pool_id (str):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageContributionScheduleOut | Problem
    """

    return (
        await asyncio_detailed(
            pool_id=pool_id,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed

import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_audit_entry_out import PageAuditEntryOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: None | str | Unset = UNSET,
    wallet_id: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    organisation_id: None | str | Unset = UNSET,
    recorded_from: datetime.datetime | None | Unset = UNSET,
    recorded_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_wallet_id: None | str | Unset
    if isinstance(wallet_id, Unset):
        json_wallet_id = UNSET
    else:
        json_wallet_id = wallet_id
    params["wallet_id"] = json_wallet_id

    json_object_id: None | str | Unset
    if isinstance(object_id, Unset):
        json_object_id = UNSET
    else:
        json_object_id = object_id
    params["object_id"] = json_object_id

    json_organisation_id: None | str | Unset
    if isinstance(organisation_id, Unset):
        json_organisation_id = UNSET
    else:
        json_organisation_id = organisation_id
    params["organisation_id"] = json_organisation_id

    json_recorded_from: None | str | Unset
    if isinstance(recorded_from, Unset):
        json_recorded_from = UNSET
    elif isinstance(recorded_from, datetime.datetime):
        json_recorded_from = recorded_from.isoformat()
    else:
        json_recorded_from = recorded_from
    params["recorded_from"] = json_recorded_from

    json_recorded_to: None | str | Unset
    if isinstance(recorded_to, Unset):
        json_recorded_to = UNSET
    elif isinstance(recorded_to, datetime.datetime):
        json_recorded_to = recorded_to.isoformat()
    else:
        json_recorded_to = recorded_to
    params["recorded_to"] = json_recorded_to

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
        "url": "/v1/audit/log",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAuditEntryOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageAuditEntryOut.from_dict(response.json())

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
) -> Response[PageAuditEntryOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    wallet_id: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    organisation_id: None | str | Unset = UNSET,
    recorded_from: datetime.datetime | None | Unset = UNSET,
    recorded_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageAuditEntryOut | Problem]:
    """Every change that is not a posting: who, what, when, in which request; oldest first

     Every change that is not a posting: who, what, when, in which request; oldest first

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        action (None | str | Unset):
        wallet_id (None | str | Unset):
        object_id (None | str | Unset):
        organisation_id (None | str | Unset): who made the change
        recorded_from (datetime.datetime | None | Unset):
        recorded_to (datetime.datetime | None | Unset):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEntryOut | Problem]
    """

    kwargs = _get_kwargs(
        action=action,
        wallet_id=wallet_id,
        object_id=object_id,
        organisation_id=organisation_id,
        recorded_from=recorded_from,
        recorded_to=recorded_to,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    wallet_id: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    organisation_id: None | str | Unset = UNSET,
    recorded_from: datetime.datetime | None | Unset = UNSET,
    recorded_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageAuditEntryOut | Problem | None:
    """Every change that is not a posting: who, what, when, in which request; oldest first

     Every change that is not a posting: who, what, when, in which request; oldest first

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        action (None | str | Unset):
        wallet_id (None | str | Unset):
        object_id (None | str | Unset):
        organisation_id (None | str | Unset): who made the change
        recorded_from (datetime.datetime | None | Unset):
        recorded_to (datetime.datetime | None | Unset):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEntryOut | Problem
    """

    return sync_detailed(
        client=client,
        action=action,
        wallet_id=wallet_id,
        object_id=object_id,
        organisation_id=organisation_id,
        recorded_from=recorded_from,
        recorded_to=recorded_to,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    wallet_id: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    organisation_id: None | str | Unset = UNSET,
    recorded_from: datetime.datetime | None | Unset = UNSET,
    recorded_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageAuditEntryOut | Problem]:
    """Every change that is not a posting: who, what, when, in which request; oldest first

     Every change that is not a posting: who, what, when, in which request; oldest first

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        action (None | str | Unset):
        wallet_id (None | str | Unset):
        object_id (None | str | Unset):
        organisation_id (None | str | Unset): who made the change
        recorded_from (datetime.datetime | None | Unset):
        recorded_to (datetime.datetime | None | Unset):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEntryOut | Problem]
    """

    kwargs = _get_kwargs(
        action=action,
        wallet_id=wallet_id,
        object_id=object_id,
        organisation_id=organisation_id,
        recorded_from=recorded_from,
        recorded_to=recorded_to,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    wallet_id: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    organisation_id: None | str | Unset = UNSET,
    recorded_from: datetime.datetime | None | Unset = UNSET,
    recorded_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageAuditEntryOut | Problem | None:
    """Every change that is not a posting: who, what, when, in which request; oldest first

     Every change that is not a posting: who, what, when, in which request; oldest first

    A page of `items`: pass its `next_cursor` back as `cursor` for the next page, until `next_cursor` is
    null. `limit` sets the page size.

    Args:
        action (None | str | Unset):
        wallet_id (None | str | Unset):
        object_id (None | str | Unset):
        organisation_id (None | str | Unset): who made the change
        recorded_from (datetime.datetime | None | Unset):
        recorded_to (datetime.datetime | None | Unset):
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEntryOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            wallet_id=wallet_id,
            object_id=object_id,
            organisation_id=organisation_id,
            recorded_from=recorded_from,
            recorded_to=recorded_to,
            limit=limit,
            cursor=cursor,
        )
    ).parsed

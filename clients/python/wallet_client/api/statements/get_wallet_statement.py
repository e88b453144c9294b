import datetime
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.statement_out import StatementOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    wallet_id: str,
    *,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    payments_limit: int | Unset = 100,
    payments_cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params["format"] = format_

    json_as_of: None | str | Unset
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.datetime):
        json_as_of = as_of.isoformat()
    elif isinstance(as_of, datetime.date):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    params["payments_limit"] = payments_limit

    json_payments_cursor: None | str | Unset
    if isinstance(payments_cursor, Unset):
        json_payments_cursor = UNSET
    else:
        json_payments_cursor = payments_cursor
    params["payments_cursor"] = json_payments_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/wallets/{wallet_id}/statement".format(
            wallet_id=quote(str(wallet_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | StatementOut | None:
    if response.status_code == 200:
        response_200 = StatementOut.from_dict(response.json())

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

    if response.status_code == 406:
        response_406 = cast(Any, None)
        return response_406

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
) -> Response[Any | Problem | StatementOut]:
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
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    payments_limit: int | Unset = 100,
    payments_cursor: None | str | Unset = UNSET,
) -> Response[Any | Problem | StatementOut]:
    """Opening, money in by source, money out by category, fees, pools, closing; always adds up

     Opening, money in by source, money out by category, fees, pools, closing; always adds up

    Args:
        wallet_id (str):
        from_ (datetime.date): first effective date in the period
        to (datetime.date): last effective date in the period
        format_ (str | Unset): json, csv or pdf (printable A4) Default: 'json'.
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: the statement as known
            then, from only the postings recorded by then (a date means the end of that day)
        payments_limit (int | Unset): payments listed in `payments` (JSON) Default: 100.
        payments_cursor (None | str | Unset): `payments_next_cursor` from the previous answer: the
            same statement, listing the next payments

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | StatementOut]
    """

    kwargs = _get_kwargs(
        wallet_id=wallet_id,
        from_=from_,
        to=to,
        format_=format_,
        as_of=as_of,
        payments_limit=payments_limit,
        payments_cursor=payments_cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    payments_limit: int | Unset = 100,
    payments_cursor: None | str | Unset = UNSET,
) -> Any | Problem | StatementOut | None:
    """Opening, money in by source, money out by category, fees, pools, closing; always adds up

     Opening, money in by source, money out by category, fees, pools, closing; always adds up

    Args:
        wallet_id (str):
        from_ (datetime.date): first effective date in the period
        to (datetime.date): last effective date in the period
        format_ (str | Unset): json, csv or pdf (printable A4) Default: 'json'.
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: the statement as known
            then, from only the postings recorded by then (a date means the end of that day)
        payments_limit (int | Unset): payments listed in `payments` (JSON) Default: 100.
        payments_cursor (None | str | Unset): `payments_next_cursor` from the previous answer: the
            same statement, listing the next payments

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | StatementOut
    """

    return sync_detailed(
        wallet_id=wallet_id,
        client=client,
        from_=from_,
        to=to,
        format_=format_,
        as_of=as_of,
        payments_limit=payments_limit,
        payments_cursor=payments_cursor,
    ).parsed


async def asyncio_detailed(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    payments_limit: int | Unset = 100,
    payments_cursor: None | str | Unset = UNSET,
) -> Response[Any | Problem | StatementOut]:
    """Opening, money in by source, money out by category, fees, pools, closing; always adds up

     Opening, money in by source, money out by category, fees, pools, closing; always adds up

    Args:
        wallet_id (str):
        from_ (datetime.date): first effective date in the period
        to (datetime.date): last effective date in the period
        format_ (str | Unset): json, csv or pdf (printable A4) Default: 'json'.
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: the statement as known
            then, from only the postings recorded by then (a date means the end of that day)
        payments_limit (int | Unset): payments listed in `payments` (JSON) Default: 100.
        payments_cursor (None | str | Unset): `payments_next_cursor` from the previous answer: the
            same statement, listing the next payments

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | StatementOut]
    """

    kwargs = _get_kwargs(
        wallet_id=wallet_id,
        from_=from_,
        to=to,
        format_=format_,
        as_of=as_of,
        payments_limit=payments_limit,
        payments_cursor=payments_cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    wallet_id: str,
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    payments_limit: int | Unset = 100,
    payments_cursor: None | str | Unset = UNSET,
) -> Any | Problem | StatementOut | None:
    """Opening, money in by source, money out by category, fees, pools, closing; always adds up

     Opening, money in by source, money out by category, fees, pools, closing; always adds up

    Args:
        wallet_id (str):
        from_ (datetime.date): first effective date in the period
        to (datetime.date): last effective date in the period
        format_ (str | Unset): json, csv or pdf (printable A4) Default: 'json'.
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: the statement as known
            then, from only the postings recorded by then (a date means the end of that day)
        payments_limit (int | Unset): payments listed in `payments` (JSON) Default: 100.
        payments_cursor (None | str | Unset): `payments_next_cursor` from the previous answer: the
            same statement, listing the next payments

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | StatementOut
    """

    return (
        await asyncio_detailed(
            wallet_id=wallet_id,
            client=client,
            from_=from_,
            to=to,
            format_=format_,
            as_of=as_of,
            payments_limit=payments_limit,
            payments_cursor=payments_cursor,
        )
    ).parsed

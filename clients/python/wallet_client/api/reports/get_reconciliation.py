import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.reconciliation_out import ReconciliationOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    holder_id: str,
    bank_balance: int,
    on: datetime.date | None | Unset = UNSET,
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    currency: str | Unset = "GBP",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["holder_id"] = holder_id

    params["bank_balance"] = bank_balance

    json_on: None | str | Unset
    if isinstance(on, Unset):
        json_on = UNSET
    elif isinstance(on, datetime.date):
        json_on = on.isoformat()
    else:
        json_on = on
    params["on"] = json_on

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

    params["currency"] = currency

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/reconciliation",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReconciliationOut | None:
    if response.status_code == 200:
        response_200 = ReconciliationOut.from_dict(response.json())

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
) -> Response[Problem | ReconciliationOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    holder_id: str,
    bank_balance: int,
    on: datetime.date | None | Unset = UNSET,
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    currency: str | Unset = "GBP",
) -> Response[Problem | ReconciliationOut]:
    """What a holder must hold for every wallet, by funder, against the bank balance it reports

     What a holder must hold for every wallet, by funder, against the bank balance it reports

    Args:
        holder_id (str):
        bank_balance (int): the client bank account's balance, in pence
        on (datetime.date | None | Unset): the bank statement's date: a value date: count postings
            dated on or before this day
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: count only what had
            been recorded by then (a date means the end of that day); with `on`, that value date as
            known at that moment
        currency (str | Unset):  Default: 'GBP'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReconciliationOut]
    """

    kwargs = _get_kwargs(
        holder_id=holder_id,
        bank_balance=bank_balance,
        on=on,
        as_of=as_of,
        currency=currency,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    holder_id: str,
    bank_balance: int,
    on: datetime.date | None | Unset = UNSET,
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    currency: str | Unset = "GBP",
) -> Problem | ReconciliationOut | None:
    """What a holder must hold for every wallet, by funder, against the bank balance it reports

     What a holder must hold for every wallet, by funder, against the bank balance it reports

    Args:
        holder_id (str):
        bank_balance (int): the client bank account's balance, in pence
        on (datetime.date | None | Unset): the bank statement's date: a value date: count postings
            dated on or before this day
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: count only what had
            been recorded by then (a date means the end of that day); with `on`, that value date as
            known at that moment
        currency (str | Unset):  Default: 'GBP'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReconciliationOut
    """

    return sync_detailed(
        client=client,
        holder_id=holder_id,
        bank_balance=bank_balance,
        on=on,
        as_of=as_of,
        currency=currency,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    holder_id: str,
    bank_balance: int,
    on: datetime.date | None | Unset = UNSET,
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    currency: str | Unset = "GBP",
) -> Response[Problem | ReconciliationOut]:
    """What a holder must hold for every wallet, by funder, against the bank balance it reports

     What a holder must hold for every wallet, by funder, against the bank balance it reports

    Args:
        holder_id (str):
        bank_balance (int): the client bank account's balance, in pence
        on (datetime.date | None | Unset): the bank statement's date: a value date: count postings
            dated on or before this day
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: count only what had
            been recorded by then (a date means the end of that day); with `on`, that value date as
            known at that moment
        currency (str | Unset):  Default: 'GBP'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReconciliationOut]
    """

    kwargs = _get_kwargs(
        holder_id=holder_id,
        bank_balance=bank_balance,
        on=on,
        as_of=as_of,
        currency=currency,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    holder_id: str,
    bank_balance: int,
    on: datetime.date | None | Unset = UNSET,
    as_of: datetime.date | datetime.datetime | None | Unset = UNSET,
    currency: str | Unset = "GBP",
) -> Problem | ReconciliationOut | None:
    """What a holder must hold for every wallet, by funder, against the bank balance it reports

     What a holder must hold for every wallet, by funder, against the bank balance it reports

    Args:
        holder_id (str):
        bank_balance (int): the client bank account's balance, in pence
        on (datetime.date | None | Unset): the bank statement's date: a value date: count postings
            dated on or before this day
        as_of (datetime.date | datetime.datetime | None | Unset): a moment: count only what had
            been recorded by then (a date means the end of that day); with `on`, that value date as
            known at that moment
        currency (str | Unset):  Default: 'GBP'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReconciliationOut
    """

    return (
        await asyncio_detailed(
            client=client,
            holder_id=holder_id,
            bank_balance=bank_balance,
            on=on,
            as_of=as_of,
            currency=currency,
        )
    ).parsed

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_mapping_out import AccountMappingOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    holder_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/holders/{holder_id}/account-mapping".format(
            holder_id=quote(str(holder_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountMappingOut | Problem | None:
    if response.status_code == 200:
        response_200 = AccountMappingOut.from_dict(response.json())

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
) -> Response[AccountMappingOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    holder_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[AccountMappingOut | Problem]:
    """The holder's nominal code for each kind of ledger account

     The nominal code of the holder's own chart of accounts for each kind of ledger account, as
    `GET /v1/reports/journal?format=xero|sage` books it. A kind the holder has not set takes its
    default:

    - `client_bank` (Client bank account): `1200`
    - `notional_budgets` (Notional budgets: money the funder keeps): `1210`
    - `holder_reserve` (Overspends covered from our own reserve): `1300`
    - `held_for_people_funder` (Held for people: council funding): `2100`
    - `held_for_people_person_contribution` (Held for people: their own contributions): `2110`
    - `held_for_people_nhs` (Held for people: NHS funding): `2120`
    - `held_for_people_top_up` (Held for people: top-ups): `2130`
    - `pool_shares` (Held for people: shares in pooled budgets): `2140`
    - `protected_savings` (Held for people: protected savings): `2150`
    - `due_to_funders` (Due back to funders): `2200`
    - `fee_income` (Management fee income): `4000`
    - `efficiency_income` (Our share of efficiency savings): `4900`
    - `suspense` (Suspense): `9999`

    Args:
        holder_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountMappingOut | Problem]
    """

    kwargs = _get_kwargs(
        holder_id=holder_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    holder_id: str,
    *,
    client: AuthenticatedClient,
) -> AccountMappingOut | Problem | None:
    """The holder's nominal code for each kind of ledger account

     The nominal code of the holder's own chart of accounts for each kind of ledger account, as
    `GET /v1/reports/journal?format=xero|sage` books it. A kind the holder has not set takes its
    default:

    - `client_bank` (Client bank account): `1200`
    - `notional_budgets` (Notional budgets: money the funder keeps): `1210`
    - `holder_reserve` (Overspends covered from our own reserve): `1300`
    - `held_for_people_funder` (Held for people: council funding): `2100`
    - `held_for_people_person_contribution` (Held for people: their own contributions): `2110`
    - `held_for_people_nhs` (Held for people: NHS funding): `2120`
    - `held_for_people_top_up` (Held for people: top-ups): `2130`
    - `pool_shares` (Held for people: shares in pooled budgets): `2140`
    - `protected_savings` (Held for people: protected savings): `2150`
    - `due_to_funders` (Due back to funders): `2200`
    - `fee_income` (Management fee income): `4000`
    - `efficiency_income` (Our share of efficiency savings): `4900`
    - `suspense` (Suspense): `9999`

    Args:
        holder_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountMappingOut | Problem
    """

    return sync_detailed(
        holder_id=holder_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    holder_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[AccountMappingOut | Problem]:
    """The holder's nominal code for each kind of ledger account

     The nominal code of the holder's own chart of accounts for each kind of ledger account, as
    `GET /v1/reports/journal?format=xero|sage` books it. A kind the holder has not set takes its
    default:

    - `client_bank` (Client bank account): `1200`
    - `notional_budgets` (Notional budgets: money the funder keeps): `1210`
    - `holder_reserve` (Overspends covered from our own reserve): `1300`
    - `held_for_people_funder` (Held for people: council funding): `2100`
    - `held_for_people_person_contribution` (Held for people: their own contributions): `2110`
    - `held_for_people_nhs` (Held for people: NHS funding): `2120`
    - `held_for_people_top_up` (Held for people: top-ups): `2130`
    - `pool_shares` (Held for people: shares in pooled budgets): `2140`
    - `protected_savings` (Held for people: protected savings): `2150`
    - `due_to_funders` (Due back to funders): `2200`
    - `fee_income` (Management fee income): `4000`
    - `efficiency_income` (Our share of efficiency savings): `4900`
    - `suspense` (Suspense): `9999`

    Args:
        holder_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountMappingOut | Problem]
    """

    kwargs = _get_kwargs(
        holder_id=holder_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    holder_id: str,
    *,
    client: AuthenticatedClient,
) -> AccountMappingOut | Problem | None:
    """The holder's nominal code for each kind of ledger account

     The nominal code of the holder's own chart of accounts for each kind of ledger account, as
    `GET /v1/reports/journal?format=xero|sage` books it. A kind the holder has not set takes its
    default:

    - `client_bank` (Client bank account): `1200`
    - `notional_budgets` (Notional budgets: money the funder keeps): `1210`
    - `holder_reserve` (Overspends covered from our own reserve): `1300`
    - `held_for_people_funder` (Held for people: council funding): `2100`
    - `held_for_people_person_contribution` (Held for people: their own contributions): `2110`
    - `held_for_people_nhs` (Held for people: NHS funding): `2120`
    - `held_for_people_top_up` (Held for people: top-ups): `2130`
    - `pool_shares` (Held for people: shares in pooled budgets): `2140`
    - `protected_savings` (Held for people: protected savings): `2150`
    - `due_to_funders` (Due back to funders): `2200`
    - `fee_income` (Management fee income): `4000`
    - `efficiency_income` (Our share of efficiency savings): `4900`
    - `suspense` (Suspense): `9999`

    Args:
        holder_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountMappingOut | Problem
    """

    return (
        await asyncio_detailed(
            holder_id=holder_id,
            client=client,
        )
    ).parsed

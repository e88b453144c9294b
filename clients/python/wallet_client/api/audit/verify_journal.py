from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.verification_out import VerificationOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: int | Unset = 1,
    to: int | None | Unset = UNSET,
    expected_hash: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["from"] = from_

    json_to: int | None | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    else:
        json_to = to
    params["to"] = json_to

    json_expected_hash: None | str | Unset
    if isinstance(expected_hash, Unset):
        json_expected_hash = UNSET
    else:
        json_expected_hash = expected_hash
    params["expected_hash"] = json_expected_hash

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/verify",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VerificationOut | None:
    if response.status_code == 200:
        response_200 = VerificationOut.from_dict(response.json())

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
) -> Response[Problem | VerificationOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: int | Unset = 1,
    to: int | None | Unset = UNSET,
    expected_hash: None | str | Unset = UNSET,
) -> Response[Problem | VerificationOut]:
    """Recompute the hash chain over positions from..to and name the first broken link

     Recompute the hash chain over positions from..to and name the first broken link

    Args:
        from_ (int | Unset): first position (1 = the first transaction) Default: 1.
        to (int | None | Unset): last position; default: the head, or as far as one call verifies
        expected_hash (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerificationOut]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        expected_hash=expected_hash,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: int | Unset = 1,
    to: int | None | Unset = UNSET,
    expected_hash: None | str | Unset = UNSET,
) -> Problem | VerificationOut | None:
    """Recompute the hash chain over positions from..to and name the first broken link

     Recompute the hash chain over positions from..to and name the first broken link

    Args:
        from_ (int | Unset): first position (1 = the first transaction) Default: 1.
        to (int | None | Unset): last position; default: the head, or as far as one call verifies
        expected_hash (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerificationOut
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        expected_hash=expected_hash,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: int | Unset = 1,
    to: int | None | Unset = UNSET,
    expected_hash: None | str | Unset = UNSET,
) -> Response[Problem | VerificationOut]:
    """Recompute the hash chain over positions from..to and name the first broken link

     Recompute the hash chain over positions from..to and name the first broken link

    Args:
        from_ (int | Unset): first position (1 = the first transaction) Default: 1.
        to (int | None | Unset): last position; default: the head, or as far as one call verifies
        expected_hash (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerificationOut]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        expected_hash=expected_hash,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: int | Unset = 1,
    to: int | None | Unset = UNSET,
    expected_hash: None | str | Unset = UNSET,
) -> Problem | VerificationOut | None:
    """Recompute the hash chain over positions from..to and name the first broken link

     Recompute the hash chain over positions from..to and name the first broken link

    Args:
        from_ (int | Unset): first position (1 = the first transaction) Default: 1.
        to (int | None | Unset): last position; default: the head, or as far as one call verifies
        expected_hash (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerificationOut
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            expected_hash=expected_hash,
        )
    ).parsed

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.decision_in import DecisionIn
from ...models.decision_out import DecisionOut
from ...models.pool_decision_out import PoolDecisionOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    approval_id: str,
    *,
    body: DecisionIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/approvals/{approval_id}/reject".format(
            approval_id=quote(str(approval_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DecisionOut | PoolDecisionOut | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> DecisionOut | PoolDecisionOut:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = DecisionOut.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = PoolDecisionOut.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[DecisionOut | PoolDecisionOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    approval_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionIn,
    idempotency_key: str,
) -> Response[DecisionOut | PoolDecisionOut | Problem]:
    """Reject a payment that waited: its money returns

     Reject a payment that waited: its money returns

    Args:
        approval_id (str):
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (DecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DecisionOut | PoolDecisionOut | Problem]
    """

    kwargs = _get_kwargs(
        approval_id=approval_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    approval_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionIn,
    idempotency_key: str,
) -> DecisionOut | PoolDecisionOut | Problem | None:
    """Reject a payment that waited: its money returns

     Reject a payment that waited: its money returns

    Args:
        approval_id (str):
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (DecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DecisionOut | PoolDecisionOut | Problem
    """

    return sync_detailed(
        approval_id=approval_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    approval_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionIn,
    idempotency_key: str,
) -> Response[DecisionOut | PoolDecisionOut | Problem]:
    """Reject a payment that waited: its money returns

     Reject a payment that waited: its money returns

    Args:
        approval_id (str):
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (DecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DecisionOut | PoolDecisionOut | Problem]
    """

    kwargs = _get_kwargs(
        approval_id=approval_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    approval_id: str,
    *,
    client: AuthenticatedClient,
    body: DecisionIn,
    idempotency_key: str,
) -> DecisionOut | PoolDecisionOut | Problem | None:
    """Reject a payment that waited: its money returns

     Reject a payment that waited: its money returns

    Args:
        approval_id (str):
        idempotency_key (str): a unique key per intended change; retries reuse it
        body (DecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DecisionOut | PoolDecisionOut | Problem
    """

    return (
        await asyncio_detailed(
            approval_id=approval_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed

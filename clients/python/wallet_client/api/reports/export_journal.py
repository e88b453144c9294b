import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.journal_export_out import JournalExportOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    holder_id: str,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    include_pending: bool | Unset = False,
    currency: str | Unset = "GBP",
    part: int | Unset = 1,
    lines_per_file: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["holder_id"] = holder_id

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params["format"] = format_

    params["include_pending"] = include_pending

    params["currency"] = currency

    params["part"] = part

    json_lines_per_file: int | None | Unset
    if isinstance(lines_per_file, Unset):
        json_lines_per_file = UNSET
    else:
        json_lines_per_file = lines_per_file
    params["lines_per_file"] = json_lines_per_file

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
        "url": "/v1/reports/journal",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | JournalExportOut | Problem | None:
    if response.status_code == 200:
        response_200 = JournalExportOut.from_dict(response.json())

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
) -> Response[Any | JournalExportOut | Problem]:
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
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    include_pending: bool | Unset = False,
    currency: str | Unset = "GBP",
    part: int | Unset = 1,
    lines_per_file: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Any | JournalExportOut | Problem]:
    """Every posting in a period on what the caller may see at a holder, for an accounting system

     Every posting in a period (at most 366 days) on what the caller may see at a holder.

    - `format=json` (paged) and `format=csv` (one file, a row per posting): the generic export, for
      spreadsheets and for funders and auditors. The CSV holds only data rows; its totals are in the
      `X-Journal-Debit`, `X-Journal-Credit`, `X-Journal-Net`, `X-Journal-Balanced` and
      `X-Journal-Whole-Book` headers.
    - `format=xero`: Xero's manual journal import template; `format=sage`: Sage 50 Accounts' audit trail
      import (journal debits and credits). For the holder (and the operator): one journal per ledger
      transaction on the holder's nominal codes (`GET /v1/holders/{holder_id}/account-mapping`),
      dates dd/mm/yyyy, outside the scope of VAT, each journal netting to zero; posted money only.
      Files hold at most 300 lines (Xero) or 1000 (Sage), fewer with `lines_per_file`; a journal is
    never
      split. Ask for each `part` from 1 to `X-Export-Parts`; every part of one export carries the same
      `X-Export-Fingerprint`.

    Args:
        holder_id (str):
        from_ (datetime.date): first value date in the period
        to (datetime.date): last value date; at most 366 days in all
        format_ (str | Unset): json, csv, xero or sage Default: 'json'.
        include_pending (bool | Unset): add pending and release postings, with their phase (json
            and csv only) Default: False.
        currency (str | Unset):  Default: 'GBP'.
        part (int | Unset): xero and sage: which file of the export Default: 1.
        lines_per_file (int | None | Unset): xero and sage: at most this many lines a file (no
            more than the importer takes)
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | JournalExportOut | Problem]
    """

    kwargs = _get_kwargs(
        holder_id=holder_id,
        from_=from_,
        to=to,
        format_=format_,
        include_pending=include_pending,
        currency=currency,
        part=part,
        lines_per_file=lines_per_file,
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
    holder_id: str,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    include_pending: bool | Unset = False,
    currency: str | Unset = "GBP",
    part: int | Unset = 1,
    lines_per_file: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Any | JournalExportOut | Problem | None:
    """Every posting in a period on what the caller may see at a holder, for an accounting system

     Every posting in a period (at most 366 days) on what the caller may see at a holder.

    - `format=json` (paged) and `format=csv` (one file, a row per posting): the generic export, for
      spreadsheets and for funders and auditors. The CSV holds only data rows; its totals are in the
      `X-Journal-Debit`, `X-Journal-Credit`, `X-Journal-Net`, `X-Journal-Balanced` and
      `X-Journal-Whole-Book` headers.
    - `format=xero`: Xero's manual journal import template; `format=sage`: Sage 50 Accounts' audit trail
      import (journal debits and credits). For the holder (and the operator): one journal per ledger
      transaction on the holder's nominal codes (`GET /v1/holders/{holder_id}/account-mapping`),
      dates dd/mm/yyyy, outside the scope of VAT, each journal netting to zero; posted money only.
      Files hold at most 300 lines (Xero) or 1000 (Sage), fewer with `lines_per_file`; a journal is
    never
      split. Ask for each `part` from 1 to `X-Export-Parts`; every part of one export carries the same
      `X-Export-Fingerprint`.

    Args:
        holder_id (str):
        from_ (datetime.date): first value date in the period
        to (datetime.date): last value date; at most 366 days in all
        format_ (str | Unset): json, csv, xero or sage Default: 'json'.
        include_pending (bool | Unset): add pending and release postings, with their phase (json
            and csv only) Default: False.
        currency (str | Unset):  Default: 'GBP'.
        part (int | Unset): xero and sage: which file of the export Default: 1.
        lines_per_file (int | None | Unset): xero and sage: at most this many lines a file (no
            more than the importer takes)
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | JournalExportOut | Problem
    """

    return sync_detailed(
        client=client,
        holder_id=holder_id,
        from_=from_,
        to=to,
        format_=format_,
        include_pending=include_pending,
        currency=currency,
        part=part,
        lines_per_file=lines_per_file,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    holder_id: str,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    include_pending: bool | Unset = False,
    currency: str | Unset = "GBP",
    part: int | Unset = 1,
    lines_per_file: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Any | JournalExportOut | Problem]:
    """Every posting in a period on what the caller may see at a holder, for an accounting system

     Every posting in a period (at most 366 days) on what the caller may see at a holder.

    - `format=json` (paged) and `format=csv` (one file, a row per posting): the generic export, for
      spreadsheets and for funders and auditors. The CSV holds only data rows; its totals are in the
      `X-Journal-Debit`, `X-Journal-Credit`, `X-Journal-Net`, `X-Journal-Balanced` and
      `X-Journal-Whole-Book` headers.
    - `format=xero`: Xero's manual journal import template; `format=sage`: Sage 50 Accounts' audit trail
      import (journal debits and credits). For the holder (and the operator): one journal per ledger
      transaction on the holder's nominal codes (`GET /v1/holders/{holder_id}/account-mapping`),
      dates dd/mm/yyyy, outside the scope of VAT, each journal netting to zero; posted money only.
      Files hold at most 300 lines (Xero) or 1000 (Sage), fewer with `lines_per_file`; a journal is
    never
      split. Ask for each `part` from 1 to `X-Export-Parts`; every part of one export carries the same
      `X-Export-Fingerprint`.

    Args:
        holder_id (str):
        from_ (datetime.date): first value date in the period
        to (datetime.date): last value date; at most 366 days in all
        format_ (str | Unset): json, csv, xero or sage Default: 'json'.
        include_pending (bool | Unset): add pending and release postings, with their phase (json
            and csv only) Default: False.
        currency (str | Unset):  Default: 'GBP'.
        part (int | Unset): xero and sage: which file of the export Default: 1.
        lines_per_file (int | None | Unset): xero and sage: at most this many lines a file (no
            more than the importer takes)
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | JournalExportOut | Problem]
    """

    kwargs = _get_kwargs(
        holder_id=holder_id,
        from_=from_,
        to=to,
        format_=format_,
        include_pending=include_pending,
        currency=currency,
        part=part,
        lines_per_file=lines_per_file,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    holder_id: str,
    from_: datetime.date,
    to: datetime.date,
    format_: str | Unset = "json",
    include_pending: bool | Unset = False,
    currency: str | Unset = "GBP",
    part: int | Unset = 1,
    lines_per_file: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Any | JournalExportOut | Problem | None:
    """Every posting in a period on what the caller may see at a holder, for an accounting system

     Every posting in a period (at most 366 days) on what the caller may see at a holder.

    - `format=json` (paged) and `format=csv` (one file, a row per posting): the generic export, for
      spreadsheets and for funders and auditors. The CSV holds only data rows; its totals are in the
      `X-Journal-Debit`, `X-Journal-Credit`, `X-Journal-Net`, `X-Journal-Balanced` and
      `X-Journal-Whole-Book` headers.
    - `format=xero`: Xero's manual journal import template; `format=sage`: Sage 50 Accounts' audit trail
      import (journal debits and credits). For the holder (and the operator): one journal per ledger
      transaction on the holder's nominal codes (`GET /v1/holders/{holder_id}/account-mapping`),
      dates dd/mm/yyyy, outside the scope of VAT, each journal netting to zero; posted money only.
      Files hold at most 300 lines (Xero) or 1000 (Sage), fewer with `lines_per_file`; a journal is
    never
      split. Ask for each `part` from 1 to `X-Export-Parts`; every part of one export carries the same
      `X-Export-Fingerprint`.

    Args:
        holder_id (str):
        from_ (datetime.date): first value date in the period
        to (datetime.date): last value date; at most 366 days in all
        format_ (str | Unset): json, csv, xero or sage Default: 'json'.
        include_pending (bool | Unset): add pending and release postings, with their phase (json
            and csv only) Default: False.
        currency (str | Unset):  Default: 'GBP'.
        part (int | Unset): xero and sage: which file of the export Default: 1.
        lines_per_file (int | None | Unset): xero and sage: at most this many lines a file (no
            more than the importer takes)
        limit (int | Unset): items per page Default: 50.
        cursor (None | str | Unset): `next_cursor` from the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | JournalExportOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            holder_id=holder_id,
            from_=from_,
            to=to,
            format_=format_,
            include_pending=include_pending,
            currency=currency,
            part=part,
            lines_per_file=lines_per_file,
            limit=limit,
            cursor=cursor,
        )
    ).parsed

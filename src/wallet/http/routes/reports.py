"""The trial balance, the holder's reconciliation against its bank and its journal export; the event feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from wallet.domain.accounting_exports import LAYOUTS, Vendor
from wallet.domain.errors import InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import ReadSessionDep, read_session_for, require
from wallet.http.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageParams, page_of, page_params
from wallet.http.problems import PROBLEM_JSON, problem
from wallet.http.schemas.accounting_exports import accounting_csv, export_headers
from wallet.http.schemas.common import MAX_AMOUNT
from wallet.http.schemas.journal_export import (
    JournalExportOut,
    JournalRowOut,
    JournalTotalsOut,
    journal_csv,
    totals_headers,
)
from wallet.http.schemas.trust import EventOut, EventPage, ReconciliationOut, TrialBalanceOut
from wallet.http.strict import BIGGEST_INTEGER, MomentOrDay, ValueDate, as_moment
from wallet.persistence.journal_repository import read_from_one_snapshot
from wallet.usecases.accounting_export import accounting_export
from wallet.usecases.events import list_events
from wallet.usecases.journal_export import JournalView, journal_page, journal_rows, journal_totals, journal_view
from wallet.usecases.reports import reconciliation, trial_balance

router = APIRouter(prefix="/v1", tags=["reports"])


ON_DESCRIPTION = "a value date: count postings dated on or before this day"
AS_OF_DESCRIPTION = ("a moment: count only what had been recorded by then (a date means the end of that day); "
                     "with `on`, that value date as known at that moment")


@router.get("/reports/trial-balance", response_model=TrialBalanceOut,
            summary="Every account's balance on a value date (as known at a moment); debits equal credits")
def get_trial_balance(
    session: ReadSessionDep, page: Annotated[PageParams, Depends(page_params)],
    principal: Principal = require(Role.ADMIN, Role.AUDITOR),
    on: Annotated[ValueDate | None, Query(description=ON_DESCRIPTION)] = None,
    as_of: Annotated[MomentOrDay | None, Query(description=AS_OF_DESCRIPTION)] = None,
) -> TrialBalanceOut:
    report = trial_balance(session, principal, on=on, as_of=as_moment(as_of), after_code=page.after("after_code"),
                           limit=page.limit + 1)
    kept, cursor = page_of(report.lines, page.limit, lambda line: {"after_code": line.code})
    return TrialBalanceOut.of(report, kept, cursor)


@router.get("/reports/reconciliation", response_model=ReconciliationOut,
            summary="What a holder must hold for every wallet, by funder, against the bank balance it reports")
def get_reconciliation(
    session: ReadSessionDep,
    holder_id: Annotated[str, Query(min_length=1, max_length=36)],
    bank_balance: Annotated[int, Query(ge=-MAX_AMOUNT, le=MAX_AMOUNT,
                                             description="the client bank account's balance, in pence")],
    principal: Principal = require(Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR),
    on: Annotated[ValueDate | None, Query(description="the bank statement's date: " + ON_DESCRIPTION)] = None,
    as_of: Annotated[MomentOrDay | None, Query(description=AS_OF_DESCRIPTION)] = None,
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = "GBP",
) -> ReconciliationOut:
    return ReconciliationOut.of(reconciliation(session, principal, holder_id=holder_id, on=on, as_of=as_moment(as_of),
                                               bank_balance=bank_balance, currency=currency))


JOURNAL_FORMATS = ("json", "csv", "xero", "sage")
ACCOUNTING_FORMATS = {vendor.value: vendor for vendor in Vendor}
JOURNAL_DESCRIPTION = f"""\
Every posting in a period (at most 366 days) on what the caller may see at a holder.

- `format=json` (paged) and `format=csv` (one file, a row per posting): the generic export, for
  spreadsheets and for funders and auditors. The CSV holds only data rows; its totals are in the
  `X-Journal-Debit`, `X-Journal-Credit`, `X-Journal-Net`, `X-Journal-Balanced` and
  `X-Journal-Whole-Book` headers.
- `format=xero`: Xero's manual journal import template; `format=sage`: Sage 50 Accounts' audit trail
  import (journal debits and credits). For the holder (and the operator): one journal per ledger
  transaction on the holder's nominal codes (`GET /v1/holders/{{holder_id}}/account-mapping`),
  dates dd/mm/yyyy, outside the scope of VAT, each journal netting to zero; posted money only.
  Files hold at most {LAYOUTS[Vendor.XERO].lines_per_file} lines (Xero) or \
{LAYOUTS[Vendor.SAGE].lines_per_file} (Sage), fewer with `lines_per_file`; a journal is never
  split. Ask for each `part` from 1 to `X-Export-Parts`; every part of one export carries the same
  `X-Export-Fingerprint`.
"""


@router.get(
    "/reports/journal", response_model=JournalExportOut,
    summary="Every posting in a period on what the caller may see at a holder, for an accounting system",
    description=JOURNAL_DESCRIPTION,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "the journal; with format=csv, xero or sage a CSV file, a header row first",
              "headers": {name: {"description": words, "schema": {"type": "string"}} for name, words in (
                  ("X-Journal-Debit", "format=csv: the file's debits, in minor units"),
                  ("X-Journal-Credit", "format=csv: the file's credits, in minor units"),
                  ("X-Journal-Net", "format=csv: debits minus credits"),
                  ("X-Journal-Balanced", "format=csv: true when debits equal credits"),
                  ("X-Journal-Whole-Book", "format=csv: true for the holder's whole book, false for a part"),
                  ("X-Export-Part", "xero and sage: which file this is, from 1"),
                  ("X-Export-Parts", "xero and sage: how many files the export has"),
                  ("X-Export-Lines-Per-File", "xero and sage: the most lines a file holds"),
                  ("X-Export-Fingerprint", "xero and sage: the same on every part of one export"))}},
        406: {"content": {PROBLEM_JSON: {}}, "description": "a format the service does not produce"},
    },
)
def get_journal(
    request: Request, session: ReadSessionDep, page: Annotated[PageParams, Depends(page_params)],
    holder_id: Annotated[str, Query(min_length=1, max_length=36)],
    first_day: Annotated[ValueDate, Query(alias="from", description="first value date in the period")],
    last_day: Annotated[ValueDate, Query(alias="to", description="last value date; at most 366 days in all")],
    principal: Principal = require(Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR),
    export_format: Annotated[str, Query(alias="format", max_length=10,
                                        description="json, csv, xero or sage")] = "json",
    include_pending: Annotated[bool, Query(description="add pending and release postings, with their phase "
                                                       "(json and csv only)")] = False,
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = "GBP",
    part: Annotated[int, Query(ge=1, le=100_000, description="xero and sage: which file of the export")] = 1,
    lines_per_file: Annotated[int | None, Query(ge=1, le=BIGGEST_INTEGER, description="xero and sage: at most this many lines a "
                                                                   "file (no more than the importer takes)")] = None,
):  # type: ignore[no-untyped-def]
    export_format = export_format.lower()
    if export_format not in JOURNAL_FORMATS:
        return problem(406, "not-acceptable", "Not acceptable",
                       f"the journal is exported as {', '.join(JOURNAL_FORMATS[:-1])} or {JOURNAL_FORMATS[-1]}, "
                       f"not {export_format}",
                       extensions={"supported_formats": list(JOURNAL_FORMATS)})
    if export_format in ACCOUNTING_FORMATS:
        if include_pending:
            raise InvalidInput("an accounting system books posted money only; pending postings are in the json "
                               "and csv exports", field="include_pending")
        export = accounting_export(session, principal, holder_id=holder_id, first_day=first_day, last_day=last_day,
                                   vendor=ACCOUNTING_FORMATS[export_format], part=part,
                                   lines_per_file=lines_per_file, currency=currency)
        return Response(accounting_csv(export), media_type="text/csv; charset=utf-8", headers=export_headers(export))
    view = journal_view(session, principal, holder_id=holder_id, first_day=first_day, last_day=last_day,
                        include_pending=include_pending, currency=currency)
    if export_format == "csv":
        filename = f"journal-{holder_id}-{first_day}-{last_day}.csv"
        totals = journal_totals(session, view)
        return StreamingResponse(_stream_csv(request, view, principal.organisation_id), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                          **totals_headers(totals, whole=view.whole)})
    after = (page.after("seq"), page.after("posting_id"))
    if page.cursor is not None and not all(isinstance(n, int) and not isinstance(n, bool) for n in after):
        raise InvalidInput("the cursor is not one this list issued", field="cursor")
    rows = journal_page(session, view, after=after if page.cursor is not None else None, limit=page.limit + 1)
    kept, cursor = page_of(rows, page.limit, lambda row: {"seq": row.seq, "posting_id": row.posting_id})
    totals = journal_totals(session, view)
    return JournalExportOut(holder_id=holder_id, from_=first_day, to=last_day, currency=currency,
                            whole_book=view.whole, rows=[JournalRowOut.of(row) for row in kept],
                            totals=JournalTotalsOut(debit=totals.debit, credit=totals.credit, net=totals.net),
                            balanced=totals.balanced, next_cursor=cursor)


def _stream_csv(request: Request, view: JournalView, caller: str):  # type: ignore[no-untyped-def]
    # The request's session is committed and closed before a streamed body is sent, so the file is
    # read in a session of its own, from one snapshot, after the caller's access was checked.
    with read_session_for(request, caller) as session:
        read_from_one_snapshot(session)
        for chunk in journal_csv(journal_rows(session, view)):
            yield chunk.encode("utf-8")


@router.get("/events", response_model=EventPage,
            summary="What happened, in commit order: ask again with `after` = the last seq you processed")
def get_events(
    session: ReadSessionDep,
    principal: Principal = require(Role.FUNDER, Role.HOLDER),
    after: Annotated[int, Query(ge=0, le=BIGGEST_INTEGER, description="the last seq you processed; 0 for the beginning")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> EventPage:
    found = list_events(session, principal, after=after, limit=limit)
    return EventPage(items=[EventOut.of(e) for e in found], next_after=found[-1].seq if found else after)

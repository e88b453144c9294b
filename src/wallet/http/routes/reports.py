"""The trial balance, the holder's reconciliation against its bank and its journal export; the event feed."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from wallet.domain.errors import InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import SessionDep, database, require
from wallet.http.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageParams, page_of, page_params
from wallet.http.problems import PROBLEM_JSON, problem
from wallet.http.schemas.common import MAX_AMOUNT
from wallet.http.schemas.journal_export import JournalExportOut, JournalRowOut, JournalTotalsOut, journal_csv
from wallet.http.schemas.trust import EventOut, EventPage, ReconciliationOut, TrialBalanceOut
from wallet.persistence.journal_repository import read_from_one_snapshot
from wallet.usecases.events import list_events
from wallet.usecases.journal_export import JournalView, journal_page, journal_rows, journal_totals, journal_view
from wallet.usecases.reports import reconciliation, trial_balance

router = APIRouter(prefix="/v1", tags=["reports"])


@router.get("/reports/trial-balance", response_model=TrialBalanceOut,
            summary="Every account's balance as of a value date; debits equal credits")
def get_trial_balance(
    session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
    principal: Principal = require(Role.ADMIN, Role.AUDITOR),
    as_of: Annotated[date | None, Query(description="count postings dated on or before this day")] = None,
) -> TrialBalanceOut:
    report = trial_balance(session, principal, as_of=as_of, after_code=page.after("after_code"),
                           limit=page.limit + 1)
    kept, cursor = page_of(report.lines, page.limit, lambda line: {"after_code": line.code})
    return TrialBalanceOut.of(report, kept, cursor)


@router.get("/reports/reconciliation", response_model=ReconciliationOut,
            summary="What a holder must hold for every wallet, by funder, against the bank balance it reports")
def get_reconciliation(
    session: SessionDep,
    holder_id: Annotated[str, Query(min_length=1, max_length=36)],
    bank_balance: Annotated[int, Query(ge=-MAX_AMOUNT, le=MAX_AMOUNT,
                                             description="the client bank account's balance, in pence")],
    principal: Principal = require(Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR),
    as_of: Annotated[date | None, Query(description="the bank statement's date")] = None,
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = "GBP",
) -> ReconciliationOut:
    return ReconciliationOut.of(reconciliation(session, principal, holder_id=holder_id, as_of=as_of,
                                               bank_balance=bank_balance, currency=currency))


JOURNAL_FORMATS = ("json", "csv")


@router.get(
    "/reports/journal", response_model=JournalExportOut,
    summary="Every posting in a period on what the caller may see at a holder, for an accounting system",
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "the journal; with format=csv one file for the whole period, a header row first"},
        406: {"content": {PROBLEM_JSON: {}}, "description": "a format the service does not produce"},
    },
)
def get_journal(
    request: Request, session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
    holder_id: Annotated[str, Query(min_length=1, max_length=36)],
    first_day: Annotated[date, Query(alias="from", description="first value date in the period")],
    last_day: Annotated[date, Query(alias="to", description="last value date; at most 366 days in all")],
    principal: Principal = require(Role.ADMIN, Role.HOLDER, Role.FUNDER, Role.AUDITOR),
    export_format: Annotated[str, Query(alias="format", max_length=10, description="json or csv")] = "json",
    include_pending: Annotated[bool, Query(description="add pending and release postings, with their phase")] = False,
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = "GBP",
):  # type: ignore[no-untyped-def]
    export_format = export_format.lower()
    if export_format not in JOURNAL_FORMATS:
        return problem(406, "not-acceptable", "Not acceptable",
                       f"the journal is exported as json or csv, not {export_format}",
                       extensions={"supported_formats": list(JOURNAL_FORMATS)})
    view = journal_view(session, principal, holder_id=holder_id, first_day=first_day, last_day=last_day,
                        include_pending=include_pending, currency=currency)
    if export_format == "csv":
        filename = f"journal-{holder_id}-{first_day}-{last_day}.csv"
        return StreamingResponse(_stream_csv(request, view), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})
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


def _stream_csv(request: Request, view: JournalView):  # type: ignore[no-untyped-def]
    # The request's session is committed and closed before a streamed body is sent, so the file is
    # read in a session of its own, from one snapshot, after the caller's access was checked.
    with database(request).reader() as session:
        read_from_one_snapshot(session)
        for chunk in journal_csv(journal_rows(session, view), whole=view.whole):
            yield chunk.encode("utf-8")


@router.get("/events", response_model=EventPage,
            summary="What happened, in commit order: ask again with `after` = the last seq you processed")
def get_events(
    session: SessionDep,
    principal: Principal = require(Role.FUNDER, Role.HOLDER),
    after: Annotated[int, Query(ge=0, description="the last seq you processed; 0 for the beginning")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> EventPage:
    found = list_events(session, principal, after=after, limit=limit)
    return EventPage(items=[EventOut.of(e) for e in found], next_after=found[-1].seq if found else after)

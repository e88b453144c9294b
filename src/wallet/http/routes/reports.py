"""The trial balance and the holder's reconciliation against its bank; the event feed."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import SessionDep, require
from wallet.http.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageParams, page_of, page_params
from wallet.http.schemas.common import MAX_AMOUNT
from wallet.http.schemas.trust import EventOut, EventPage, ReconciliationOut, TrialBalanceOut
from wallet.usecases.events import list_events
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

"""Recurring funding: a wallet's schedules, and the funding runs that pay them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from wallet.domain.principals import Role
from wallet.http.dependencies import (
    MOVES_MONEY,
    CallerDep,
    IdempotentRequest,
    SessionDep,
    idempotent,
)
from wallet.http.pagination import Page, PageParams, page_of, page_params
from wallet.http.schemas.schedules import (
    AmountChangeIn,
    FundingRunIn,
    FundingRunOut,
    ScheduleEndIn,
    ScheduleIn,
    ScheduleOut,
)
from wallet.usecases.funding_run import run_funding
from wallet.usecases.manage_schedules import change_schedule_amount, create_schedule, end_schedule, list_schedules

router = APIRouter(prefix="/v1", tags=["schedules"])


# A schedule moves no money itself, but a retried request that made a second one would pay every
# period twice: it takes an Idempotency-Key like the posts that move money.
@router.post("/wallets/{wallet_id}/schedules", status_code=201, response_model=ScheduleOut, openapi_extra=MOVES_MONEY,
             summary="Set up recurring funding (no money moves until a funding run)")
def post_schedule(wallet_id: str, body: ScheduleIn, session: SessionDep,
                  idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: ScheduleOut.of(create_schedule(
        session, principal, wallet_id, amount=body.amount, source=body.source, every=body.every,
        in_advance=body.in_advance, starts_on=body.starts_on, ends_on=body.ends_on,
        opening_float=body.opening_float)))


@router.get("/wallets/{wallet_id}/schedules", response_model=Page[ScheduleOut], summary="A wallet's schedules")
def get_schedules(wallet_id: str, session: SessionDep, principal: CallerDep,
                  page: Annotated[PageParams, Depends(page_params)]) -> Page[ScheduleOut]:
    records = list_schedules(session, principal, wallet_id, after_id=page.after("id"), limit=page.limit + 1)
    kept, cursor = page_of(records, page.limit, lambda r: {"id": r.id})
    return Page[ScheduleOut](items=[ScheduleOut.of(r) for r in kept], next_cursor=cursor)


@router.post("/wallets/{wallet_id}/schedules/{schedule_id}/changes", status_code=201, response_model=ScheduleOut,
             summary="Change a schedule's amount from a date; periods already paid stay as paid")
def post_amount_change(wallet_id: str, schedule_id: str, body: AmountChangeIn, session: SessionDep,
                       idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: ScheduleOut.of(change_schedule_amount(
        session, principal, wallet_id, schedule_id, amount=body.amount, effective_from=body.effective_from)))


# Ending a schedule changes what later runs pay, like setting one up: a retry replays the first answer.
@router.post("/wallets/{wallet_id}/schedules/{schedule_id}/end", response_model=ScheduleOut,
             openapi_extra=MOVES_MONEY,
             summary="End a schedule from a date; the last period is pro-rated, paid periods it would change refuse it")
def post_schedule_end(wallet_id: str, schedule_id: str, body: ScheduleEndIn, session: SessionDep,
                      idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: ScheduleOut.of(end_schedule(
        session, principal, wallet_id, schedule_id, ends_on=body.ends_on)))


@router.post("/funding-runs", response_model=FundingRunOut, openapi_extra=MOVES_MONEY,
             summary="Pay every period due by as_of for all this funder's schedules; a rerun pays nothing twice")
def post_funding_run(body: FundingRunIn, session: SessionDep,
                     idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: FundingRunOut.of(run_funding(session, principal, body.as_of),
                                                                        itemised=body.itemised))

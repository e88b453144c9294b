"""A wallet's support plan, timesheets paid against it, and the word that no more invoices come."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from wallet.domain.principals import Role
from wallet.http.dependencies import MOVES_MONEY, CallerDep, IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.spending import PaymentOut
from wallet.http.schemas.support_plans import (
    InvoicesConfirmedOut,
    PlannedServiceIn,
    PlannedServiceOut,
    SupportPlanOut,
    TimesheetIn,
)
from wallet.usecases.after_end import confirm_no_more_invoices
from wallet.usecases.pay_timesheet import pay_timesheet
from wallet.usecases.support_plans import PlannedServiceView, add_planned_service, view_support_plan

router = APIRouter(prefix="/v1", tags=["support plans"])


@router.post("/wallets/{wallet_id}/support-plan/services", status_code=201, response_model=PlannedServiceOut,
             summary="Agree a service in the wallet's support plan: who, hourly rate, hours a week, dates")
def post_planned_service(wallet_id: str, body: PlannedServiceIn, session: SessionDep,
                         idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def add() -> PlannedServiceOut:
        service = add_planned_service(
            session, principal, wallet_id, provider_kind=body.provider_kind, provider_ref=body.provider_ref,
            category=body.category, hourly_rate=body.hourly_rate, weekly_hours=body.weekly_hours,
            starts_on=body.starts_on, ends_on=body.ends_on)
        return PlannedServiceOut.of(PlannedServiceView(service, 0, 0))

    return idempotency.respond(session, 201, add)


@router.get("/wallets/{wallet_id}/support-plan", response_model=SupportPlanOut,
            summary="The support plan: each service, its hours paid this week, and the hours the money left buys")
def get_support_plan(wallet_id: str, session: SessionDep, principal: CallerDep,
                     on: Annotated[date | None, Query(description="the week to count hours in; today if omitted")] = None,
                     ) -> SupportPlanOut:
    return SupportPlanOut.of(view_support_plan(session, principal, wallet_id, on=on))


@router.post("/wallets/{wallet_id}/timesheets", status_code=201, response_model=PaymentOut,
             summary="Pay a timesheet: hours x rate of a planned service; 201 posted, 202 awaiting approval",
             responses={202: {"model": PaymentOut, "description": "over the agreed rate or hours: awaiting approval"}},
             openapi_extra=MOVES_MONEY)
def post_timesheet(wallet_id: str, body: TimesheetIn, session: SessionDep,
                   idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def pay() -> PaymentOut:
        return PaymentOut.of(pay_timesheet(
            session, principal, wallet_id, service_id=body.service_id, hours=body.hours, rate=body.rate,
            service_from=body.service_from, service_to=body.service_to, effective_date=body.effective_date,
            payee=body.payee, reference=body.reference, description=body.description))

    return idempotency.respond_with(session, pay, lambda out: 201 if out.status == "posted" else 202)


@router.post("/wallets/{wallet_id}/closure/invoices-complete", response_model=InvoicesConfirmedOut,
             summary="After an end: no more invoices will come for support before it; the final close may go ahead")
def post_invoices_complete(wallet_id: str, session: SessionDep,
                           idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def confirm() -> InvoicesConfirmedOut:
        wallet, on = confirm_no_more_invoices(session, principal, wallet_id)
        return InvoicesConfirmedOut(wallet_id=wallet.id, confirmed_on=on)

    return idempotency.respond(session, 200, confirm)

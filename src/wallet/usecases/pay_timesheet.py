"""A payment given as a timesheet: hours of one planned service at a rate, for days of one week.
The amount is hours x rate, exact to the penny; a rate above the agreed one, or hours beyond the
week's agreed hours, wait for the funder (decided with every other spending rule in
``domain.spending``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput, NotFound
from wallet.domain.principals import Principal, Role
from wallet.domain.spending import ServiceDates, Spend, SpendKind, decide_spend
from wallet.domain.support_plans import Timesheet, format_hours, parse_hours, timesheet_week
from wallet.persistence.support_plan_repository import SupportPlanRepository
from wallet.usecases.authorisation import allowed
from wallet.usecases.make_payment import PaymentOutcome, post_payment, request_approval, service_details
from wallet.usecases.wallet_context import wallet_context


class PlannedServiceNotFound(NotFound):
    type = "planned-service-not-found"
    title = "Planned service not found"


@allowed(Role.HOLDER)
def pay_timesheet(session: Session, principal: Principal, wallet_id: str, *, service_id: str, hours: str,
                  rate: int | None, service_from: date, service_to: date, effective_date: date,
                  payee: str | None, reference: str | None, description: str | None) -> PaymentOutcome:
    context = wallet_context(session, principal, wallet_id, roles=(Role.HOLDER,))
    plans = SupportPlanRepository(session)
    service = plans.service_of(wallet_id, service_id)
    if service is None:
        raise PlannedServiceNotFound(f"wallet {wallet_id} has no planned service {service_id}", service_id=service_id)
    if not service.covers(service_from, service_to):
        raise InvalidInput(f"the planned service runs from {service.starts_on} to {service.ends_on or 'open-ended'}; "
                           f"the timesheet's days {service_from} to {service_to} fall outside it", field="service_from")
    hundredths = parse_hours(hours)
    week = timesheet_week(service_from, service_to)
    sheet = Timesheet(hundredths, service.hourly_rate if rate is None else rate, service.hourly_rate,
                      service.weekly_hundredths, plans.hours_paid([service.id], week).get(service.id, 0))
    dates = ServiceDates(service_from, service_to)
    decision = decide_spend(context.policy.rules, context.state(),
                            Spend(SpendKind.PAYMENT, sheet.amount, service.category, effective_date,
                                  service=dates, timesheet=sheet))
    facts = {"timesheet": {"service_id": service.id, "hours": format_hours(hundredths), "rate": sheet.rate,
                           "week_start": week.isoformat()}, **service_details(dates)}
    details = dict(category=decision.category, payee=payee or service.provider_ref, effective_date=effective_date,
                   reference=reference, description=description)
    if decision.approval:
        outcome = request_approval(context, decision.cover, why=decision.approval.why, **details, **facts)
    else:
        outcome = post_payment(context, decision.cover, **details, **facts)
    plans.add_timesheet(wallet_id=wallet_id, service_id=service.id, transaction_id=outcome.transaction.id,
                        week_start=week, hundredths=hundredths, rate=sheet.rate, amount=sheet.amount)
    return outcome

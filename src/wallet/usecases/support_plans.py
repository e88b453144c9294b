"""A wallet's support plan: the funder agrees services (who, hourly rate, hours a week, dates);
everyone who sees the wallet reads the plan, with what the money left buys of each service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wallet.domain.categories import normalise_category
from wallet.domain.errors import InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.domain.support_plans import (
    PlannedService,
    ProviderKind,
    check_planned_service,
    hours_affordable,
    week_of,
)
from wallet.domain.wallet_balances import wallet_balances
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.support_plan_repository import SupportPlanRepository
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRecord
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import EVERY_ROLE, allowed
from wallet.usecases.visibility import load_wallet
from wallet.usecases.wallet_context import wallet_context


@dataclass(frozen=True, slots=True)
class PlannedServiceView:
    service: PlannedService
    hours_paid_this_week: int  # hundredths, in the week of ``on``
    hours_affordable: int  # hundredths: what the money available now pays of this service


@dataclass(frozen=True, slots=True)
class SupportPlanView:
    wallet: WalletRecord
    on: date
    available: int
    services: list[PlannedServiceView]


@allowed(Role.FUNDER)
def add_planned_service(session: Session, principal: Principal, wallet_id: str, *, provider_kind: str,
                        provider_ref: str, category: str, hourly_rate: int, weekly_hours: str, starts_on: date,
                        ends_on: date | None) -> PlannedService:
    context = wallet_context(session, principal, wallet_id, roles=(Role.FUNDER,), lock=False)
    try:
        kind = ProviderKind(provider_kind)
    except ValueError:
        raise InvalidInput("provider_kind is pa or provider", field="provider_kind") from None
    weekly = check_planned_service(hourly_rate=hourly_rate, weekly_hours=weekly_hours, starts_on=starts_on,
                                   ends_on=ends_on, opened_on=context.wallet.opened_on)
    service = SupportPlanRepository(session).add_service(
        wallet_id=wallet_id, provider_kind=kind, provider_ref=provider_ref,
        category=normalise_category(category, field="category"), hourly_rate=hourly_rate, weekly_hundredths=weekly,
        starts_on=starts_on, ends_on=ends_on, created_by=principal.organisation_id)  # type: ignore[arg-type]
    # Not the provider's reference: it may name a person.
    record_change(session, principal, "support_plan.service_added", object_type="planned_service",
                  object_id=service.id, wallet=context.wallet, provider_kind=kind.value, category=service.category,
                  hourly_rate=hourly_rate, weekly_hours=weekly_hours, starts_on=starts_on, ends_on=ends_on)
    return service


@allowed(*EVERY_ROLE)
def view_support_plan(session: Session, principal: Principal, wallet_id: str, *,
                      on: date | None = None) -> SupportPlanView:
    wallet = load_wallet(session, principal, wallet_id)
    on = on or utc_now().date()
    repository = SupportPlanRepository(session)
    services = repository.services(wallet_id)
    paid = repository.hours_paid([s.id for s in services], week_of(on))
    available = wallet_balances(wallet.accounts, LedgerRepository(session).accounts_of_wallet(wallet_id)).available
    return SupportPlanView(wallet, on, available, [
        PlannedServiceView(s, paid.get(s.id, 0), hours_affordable(available, s.hourly_rate)) for s in services])

"""A wallet's support plan, the timesheets paid against it, and the funder's word that no more
invoices come after an end."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from wallet.domain.kinds import Kind
from wallet.domain.support_plans import PlannedService, ProviderKind
from wallet.persistence.repository import Repository, new_id
from wallet.persistence.support_plan_tables import (
    final_invoice_confirmations,
    support_plan_services,
    timesheet_entries,
)
from wallet.persistence.tables import transactions
from wallet.persistence.types import utc_now


def _service(row) -> PlannedService:  # type: ignore[no-untyped-def]
    return PlannedService(row.id, ProviderKind(row.provider_kind), row.provider_ref, row.category, row.hourly_rate,
                          row.weekly_hundredths, row.starts_on, row.ends_on)


class SupportPlanRepository(Repository):
    def add_service(self, *, wallet_id: str, provider_kind: ProviderKind, provider_ref: str, category: str,
                    hourly_rate: int, weekly_hundredths: int, starts_on: date, ends_on: date | None,
                    created_by: str) -> PlannedService:
        service = PlannedService(new_id(), provider_kind, provider_ref, category, hourly_rate, weekly_hundredths,
                                 starts_on, ends_on)
        self._insert(support_plan_services, id=service.id, wallet_id=wallet_id, provider_kind=provider_kind.value,
                     provider_ref=provider_ref, category=category, hourly_rate=hourly_rate,
                     weekly_hundredths=weekly_hundredths, starts_on=starts_on, ends_on=ends_on,
                     created_at=utc_now(), created_by=created_by)
        return service

    def services(self, wallet_id: str) -> list[PlannedService]:
        return self._all(select(support_plan_services).where(support_plan_services.c.wallet_id == wallet_id)
                         .order_by(support_plan_services.c.starts_on, support_plan_services.c.created_at,
                                   support_plan_services.c.id), _service)

    def service_of(self, wallet_id: str, service_id: str) -> PlannedService | None:
        return self._one(select(support_plan_services).where(support_plan_services.c.id == service_id,
                                                             support_plan_services.c.wallet_id == wallet_id), _service)

    # --- timesheets -------------------------------------------------------------------------

    def add_timesheet(self, *, wallet_id: str, service_id: str, transaction_id: str, week_start: date,
                      hundredths: int, rate: int, amount: int) -> None:
        self._insert(timesheet_entries, id=new_id(), wallet_id=wallet_id, service_id=service_id,
                     transaction_id=transaction_id, week_start=week_start, hundredths=hundredths, rate=rate,
                     amount=amount, created_at=utc_now())

    def hours_paid(self, service_ids: Collection[str], week_start: date) -> dict[str, int]:
        """Hundredths of an hour paid (or waiting for approval) per service in the week: a
        timesheet stops counting when it is reversed, when its approval is rejected, or when the
        payment its approval made is reversed."""
        if not service_ids:
            return {}
        reversal, resolution, resolution_reversal = aliased(transactions), aliased(transactions), aliased(transactions)
        recorded = aliased(transactions)
        query = (
            select(timesheet_entries.c.service_id, func.sum(timesheet_entries.c.hundredths))
            .join(recorded, recorded.c.id == timesheet_entries.c.transaction_id)
            .outerjoin(reversal, reversal.c.reverses_id == recorded.c.id)
            .outerjoin(resolution, resolution.c.resolves_id == recorded.c.id)
            .outerjoin(resolution_reversal, resolution_reversal.c.reverses_id == resolution.c.id)
            .where(timesheet_entries.c.service_id.in_(sorted(service_ids)),
                   timesheet_entries.c.week_start == week_start,
                   reversal.c.id.is_(None), resolution_reversal.c.id.is_(None),
                   (resolution.c.id.is_(None)) | (resolution.c.kind != Kind.PAYMENT_REJECTED.value))
            .group_by(timesheet_entries.c.service_id))
        return {service_id: int(total) for service_id, total in self.session.execute(query)}

    # --- the end of invoices after a wallet ended --------------------------------------------

    def confirm_final_invoices(self, wallet_id: str, *, on: date, by: str) -> None:
        self._insert(final_invoice_confirmations, wallet_id=wallet_id, confirmed_on=on, confirmed_at=utc_now(),
                     confirmed_by=by)

    def invoices_confirmed_on(self, wallet_id: str) -> date | None:
        return self.session.execute(select(final_invoice_confirmations.c.confirmed_on).where(
            final_invoice_confirmations.c.wallet_id == wallet_id)).scalar()

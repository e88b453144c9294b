"""What a statement lists beside its lines: the details of each payment, read by transaction id."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from wallet.domain.statement_payments import SpendingFacts
from wallet.persistence.pool_tables import pools
from wallet.persistence.repository import Repository
from wallet.persistence.tables import transactions

# Enough ids for one IN list on either database, small enough to keep each statement quick.
BATCH = 500


class StatementRepository(Repository):

    def spending_facts(self, transaction_ids: Collection[str]) -> dict[str, SpendingFacts]:
        """Each transaction's value date, and the payee and pool its payment named; for a reversal,
        those of the payment it corrects, on the reversal's own date."""
        original = aliased(transactions)
        ids = sorted(transaction_ids)
        found: dict[str, SpendingFacts] = {}
        for start in range(0, len(ids), BATCH):
            rows = self.session.execute(
                select(transactions.c.id, transactions.c.effective_date, transactions.c.details,
                       original.c.details.label("original_details"))
                .outerjoin(original, original.c.id == transactions.c.reverses_id)
                .where(transactions.c.id.in_(ids[start:start + BATCH])))
            for row in rows:
                details = row.original_details if row.original_details is not None else row.details
                details = details or {}
                found[row.id] = _facts(row.effective_date, details)
        return found

    def pool_names(self, pool_ids: Collection[str]) -> dict[str, str]:
        if not pool_ids:
            return {}
        return {pool_id: name for pool_id, name in self.session.execute(
            select(pools.c.id, pools.c.name).where(pools.c.id.in_(sorted(pool_ids))))}


def _facts(effective_date: date, details: dict[str, Any]) -> SpendingFacts:
    """What the payment said of itself, service dates and timesheet included."""
    timesheet = details.get("timesheet") or {}
    service_from, service_to = details.get("service_from"), details.get("service_to")
    return SpendingFacts(effective_date, details.get("payee"), details.get("pool_id"),
                         date.fromisoformat(service_from) if service_from else None,
                         date.fromisoformat(service_to) if service_to else None,
                         timesheet.get("hours"), timesheet.get("rate"))

"""Funding schedules and the periods they have paid."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wallet.domain.schedules import Every, weekly_equivalent
from wallet.persistence.wallet_tables import schedule_amount_changes, schedules


class ScheduleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def weekly_budget(self, wallet_id: str, on: date) -> int:
        """The wallet's budget per week from the schedules running on ``on``, at the amount then in force."""
        rows = self.session.execute(
            select(schedules.c.id, schedules.c.amount, schedules.c.every).where(
                schedules.c.wallet_id == wallet_id, schedules.c.starts_on <= on,
                or_(schedules.c.ends_on.is_(None), schedules.c.ends_on >= on),
            )
        ).all()
        total = 0
        for schedule_id, amount, every in rows:
            changed = self.session.execute(
                select(schedule_amount_changes.c.amount).where(
                    schedule_amount_changes.c.schedule_id == schedule_id,
                    schedule_amount_changes.c.effective_from <= on,
                ).order_by(schedule_amount_changes.c.effective_from.desc()).limit(1)
            ).scalar_one_or_none()
            total += weekly_equivalent(changed or amount, Every(every))
        return total

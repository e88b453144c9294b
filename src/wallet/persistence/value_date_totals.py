"""Account totals on a value date, as known at a moment, from maintained totals (no scan of history).

- On a value date ``on``: the sum of the account's day totals up to that day (``account_day_totals``,
  one row per account per day, kept by the ledger writer), so the cost grows with the days the
  account has postings on, never with its postings.
- As known at a moment ``as_of``: the same, less the postings recorded after that moment (dated up
  to ``on``), read from the postings' index by account and recording time. Recent moments, which
  are what people ask about, cost the few postings recorded since.
- Neither: the maintained totals on ``accounts`` themselves (the caller's business).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.sql.selectable import Subquery

from wallet.persistence.ledger_writes import DAY_TOTALS
from wallet.persistence.tables import account_day_totals, postings


def _signed(side: str, phase: str) -> Any:
    """A posting's part of one total, negated: it is taken away from the day totals."""
    if phase == "posted":
        return case((and_(postings.c.side == side, postings.c.phase == "posted"), -postings.c.amount), else_=0)
    return case((and_(postings.c.side == side, postings.c.phase == "pending"), -postings.c.amount),
                (and_(postings.c.side == side, postings.c.phase == "release"), postings.c.amount), else_=0)


def dated_totals(*, on: date | None, as_of: datetime | None, account_ids: Sequence[int] | None = None) -> Subquery:
    """Per account id: ``debits_posted``, ``credits_posted``, ``debits_pending``, ``credits_pending``
    from every posting dated on or before ``on`` (any day when None) and recorded at or before
    ``as_of`` (any time when None). Accounts without such postings have no row."""
    days = select(account_day_totals.c.account_id, *(account_day_totals.c[name] for name in DAY_TOTALS))
    if on is not None:
        days = days.where(account_day_totals.c.effective_date <= on)
    if account_ids is not None:
        days = days.where(account_day_totals.c.account_id.in_(list(account_ids)))
    parts = [days]
    if as_of is not None:
        later = select(postings.c.account_id, _signed("debit", "posted").label("debits_posted"),
                       _signed("credit", "posted").label("credits_posted"),
                       _signed("debit", "pending").label("debits_pending"),
                       _signed("credit", "pending").label("credits_pending")).where(postings.c.recorded_at > as_of)
        if on is not None:
            later = later.where(postings.c.effective_date <= on)
        if account_ids is not None:
            later = later.where(postings.c.account_id.in_(list(account_ids)))
        parts.append(later)
    both = union_all(*parts).subquery()
    return (select(both.c.account_id, *(func.sum(both.c[name]).label(name) for name in DAY_TOTALS))
            .group_by(both.c.account_id).subquery())

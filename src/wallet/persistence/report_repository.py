"""Reads for the trial balance, the reconciliation and verification: account totals now, or summed
from postings up to a value date, for any set of accounts, in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState, Side
from wallet.persistence.tables import accounts, postings, transactions


@dataclass(frozen=True, slots=True)
class NetLine:
    code: str
    currency: str
    normal_side: str
    wallet_id: str | None
    net: int  # posted debits minus credits


def _sum(side: str, *phases: tuple[str, int]) -> Any:
    return func.coalesce(func.sum(case(*((and_(postings.c.side == side, postings.c.phase == phase),
                                          postings.c.amount * sign) for phase, sign in phases), else_=0)), 0)


def _sums_through(through: date) -> Any:
    """Per account: posted debits and credits, and what is still pending on each side, from the
    postings dated up to ``through``."""
    return (select(postings.c.account_id,
                   _sum("debit", ("posted", 1)).label("dp"), _sum("credit", ("posted", 1)).label("cp"),
                   _sum("debit", ("pending", 1), ("release", -1)).label("dpe"),
                   _sum("credit", ("pending", 1), ("release", -1)).label("cpe"))
            .join(transactions, transactions.c.seq == postings.c.transaction_seq)
            .where(transactions.c.effective_date <= through)
            .group_by(postings.c.account_id).subquery())


def _totals(through: date | None) -> tuple[Any, tuple[Any, Any, Any, Any]]:
    if through is None:
        return accounts, (accounts.c.debits_posted, accounts.c.credits_posted, accounts.c.debits_pending,
                          accounts.c.credits_pending)
    sums = _sums_through(through)
    return (accounts.outerjoin(sums, sums.c.account_id == accounts.c.id),
            tuple(func.coalesce(column, 0) for column in (sums.c.dp, sums.c.cp, sums.c.dpe, sums.c.cpe)))  # type: ignore[return-value]


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def net_lines(self, where: ColumnElement[bool] | None, *, through: date | None, after_code: str | None,
                  limit: int) -> list[NetLine]:
        source, (dp, cp, _, _) = _totals(through)
        query = (select(accounts.c.code, accounts.c.currency, accounts.c.normal_side, accounts.c.wallet_id,
                        (dp - cp).label("net")).select_from(source).order_by(accounts.c.code).limit(limit))
        if where is not None:
            query = query.where(where)
        if after_code is not None:
            query = query.where(accounts.c.code > after_code)
        return [NetLine(row.code, row.currency, row.normal_side, row.wallet_id, int(row.net))
                for row in self.session.execute(query)]

    def net_totals(self, where: ColumnElement[bool] | None, *, through: date | None) -> dict[str, tuple[int, int]]:
        """Per currency: the sum of debit balances and the sum of credit balances."""
        source, (dp, cp, _, _) = _totals(through)
        inner = select(accounts.c.currency, (dp - cp).label("net")).select_from(source)
        if where is not None:
            inner = inner.where(where)
        lines = inner.subquery()
        rows = self.session.execute(
            select(lines.c.currency, func.coalesce(func.sum(case((lines.c.net > 0, lines.c.net), else_=0)), 0),
                   func.coalesce(func.sum(case((lines.c.net < 0, -lines.c.net), else_=0)), 0))
            .group_by(lines.c.currency))
        return {currency: (int(debit), int(credit)) for currency, debit, credit in rows}

    def states(self, where: ColumnElement[bool], *, through: date | None) -> list[tuple[str | None, AccountState]]:
        """(wallet id, state) of every account matching ``where``, as of a value date or now."""
        source, (dp, cp, dpe, cpe) = _totals(through)
        rows = self.session.execute(
            select(accounts.c.id, accounts.c.code, accounts.c.currency, accounts.c.normal_side,
                   accounts.c.must_not_go_negative, accounts.c.wallet_id, dp.label("dp"), cp.label("cp"),
                   dpe.label("dpe"), cpe.label("cpe")).select_from(source).where(where).order_by(accounts.c.id))
        return [(row.wallet_id, AccountState(
            id=row.id, code=row.code, currency=row.currency, normal_side=Side(row.normal_side),
            must_not_go_negative=bool(row.must_not_go_negative), debits_posted=int(row.dp),
            credits_posted=int(row.cp), debits_pending=int(row.dpe), credits_pending=int(row.cpe))) for row in rows]

    def first_account_out_of_step(self) -> tuple[str, str | None] | None:
        """The first account whose maintained totals differ from the sum of its postings, if any:
        (code, wallet id). The totals are mutable by design; the postings are chained."""
        sums = (select(postings.c.account_id,
                       _sum("debit", ("posted", 1)).label("dp"), _sum("credit", ("posted", 1)).label("cp"),
                       _sum("debit", ("pending", 1), ("release", -1)).label("dpe"),
                       _sum("credit", ("pending", 1), ("release", -1)).label("cpe"))
                .group_by(postings.c.account_id).subquery())
        pairs: Sequence[tuple[Any, Any]] = ((accounts.c.debits_posted, sums.c.dp), (accounts.c.credits_posted, sums.c.cp),
                                            (accounts.c.debits_pending, sums.c.dpe), (accounts.c.credits_pending, sums.c.cpe))
        row = self.session.execute(
            select(accounts.c.code, accounts.c.wallet_id)
            .select_from(accounts.outerjoin(sums, sums.c.account_id == accounts.c.id))
            .where(or_(*(total != func.coalesce(summed, 0) for total, summed in pairs)))
            .order_by(accounts.c.id).limit(1)).first()
        return (row.code, row.wallet_id) if row else None

"""Reads for the trial balance, the reconciliation and verification: account totals now, or on a
value date as known at a moment (from the totals by day), for any set of accounts, in one statement."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select

from wallet.domain.accounts import AccountState, Side
from wallet.domain.wallets import Arrangement
from wallet.persistence.ledger_writes import DAY_TOTALS
from wallet.persistence.repository import Repository
from wallet.persistence.tables import accounts, postings
from wallet.persistence.value_date_totals import dated_totals
from wallet.persistence.visibility_sql import accounts_of_wallets
from wallet.persistence.wallet_tables import wallets


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


def _totals(on: date | None, as_of: datetime | None) -> tuple[Any, tuple[Any, Any, Any, Any]]:
    """The accounts joined to their totals on value date ``on`` as known at ``as_of``: the
    maintained totals when neither is given, else the totals by day (``value_date_totals``)."""
    if on is None and as_of is None:
        return accounts, (accounts.c.debits_posted, accounts.c.credits_posted, accounts.c.debits_pending,
                          accounts.c.credits_pending)
    sums = dated_totals(on=on, as_of=as_of)
    return (accounts.outerjoin(sums, sums.c.account_id == accounts.c.id),
            tuple(func.coalesce(sums.c[name], 0) for name in DAY_TOTALS))  # type: ignore[return-value]


def reconciled_wallets(where: ColumnElement[bool], currency: str) -> ColumnElement[bool]:
    """Of the wallets matching ``where``, those whose money the holder keeps in ``currency`` (a
    notional budget stays with the funder)."""
    return and_(where, wallets.c.arrangement != Arrangement.NOTIONAL.value, wallets.c.currency == currency)


def accounts_adding_up_to(codes: Collection[str]) -> ColumnElement[bool]:
    """These accounts and every part that rolls up to one of them."""
    return or_(accounts.c.code.in_(sorted(codes)), accounts.c.rollup_code.in_(sorted(codes)))


def holder_book(wallets_where: ColumnElement[bool], holder_id: str) -> ColumnElement[bool]:
    """The accounts of the wallets matching ``wallets_where`` and the holder's own accounts."""
    return or_(accounts_of_wallets(wallets_where), accounts.c.organisation_id == holder_id)


class ReportRepository(Repository):

    def funders_of(self, wallets_where: ColumnElement[bool]) -> dict[str, str]:
        """{wallet id: funder id} of the wallets matching ``wallets_where``."""
        return {wallet_id: funder_id for wallet_id, funder_id in
                self.session.execute(select(wallets.c.id, wallets.c.funder_id).where(wallets_where))}

    def any_wallet(self, wallets_where: ColumnElement[bool]) -> bool:
        # An explicit FROM: a caller who may see no wallet passes false(), and SQLite refuses EXISTS without one.
        return bool(self.session.execute(select(exists().select_from(wallets).where(wallets_where))).scalar())

    def net_lines(self, where: ColumnElement[bool] | None, *, on: date | None, as_of: datetime | None = None, after_code: str | None,
                  limit: int) -> list[NetLine]:
        """One line per account, the parts of a shared account added up on its line (a holder's
        client bank is one line however many wallets it holds)."""
        source, (dp, cp, _, _) = _totals(on, as_of)
        code = func.coalesce(accounts.c.rollup_code, accounts.c.code)
        inner = select(code.label("code"), accounts.c.currency, accounts.c.normal_side,
                       accounts.c.wallet_id, (dp - cp).label("net")).select_from(source)
        if where is not None:
            inner = inner.where(where)
        each = inner.subquery()
        query = (select(each.c.code, each.c.currency, each.c.normal_side, func.max(each.c.wallet_id).label("wallet_id"),
                        func.sum(each.c.net).label("net"))
                 .group_by(each.c.code, each.c.currency, each.c.normal_side).order_by(each.c.code).limit(limit))
        if after_code is not None:
            query = query.where(each.c.code > after_code)
        return [NetLine(row.code, row.currency, row.normal_side, row.wallet_id, int(row.net))
                for row in self.session.execute(query)]

    def net_totals(self, where: ColumnElement[bool] | None, *, on: date | None, as_of: datetime | None = None) -> dict[str, tuple[int, int]]:
        """Per currency: the sum of debit balances and the sum of credit balances."""
        source, (dp, cp, _, _) = _totals(on, as_of)
        inner = select(accounts.c.currency, (dp - cp).label("net")).select_from(source)
        if where is not None:
            inner = inner.where(where)
        lines = inner.subquery()
        rows = self.session.execute(
            select(lines.c.currency, func.coalesce(func.sum(case((lines.c.net > 0, lines.c.net), else_=0)), 0),
                   func.coalesce(func.sum(case((lines.c.net < 0, -lines.c.net), else_=0)), 0))
            .group_by(lines.c.currency))
        return {currency: (int(debit), int(credit)) for currency, debit, credit in rows}

    def states(self, where: ColumnElement[bool], *, on: date | None, as_of: datetime | None = None) -> list[tuple[str | None, AccountState]]:
        """(wallet id, state) of every account matching ``where``, as of a value date or now."""
        source, (dp, cp, dpe, cpe) = _totals(on, as_of)
        rows = self.session.execute(
            select(accounts.c.id, accounts.c.code, accounts.c.currency, accounts.c.normal_side,
                   accounts.c.must_not_go_negative, accounts.c.wallet_id, dp.label("dp"), cp.label("cp"),
                   dpe.label("dpe"), cpe.label("cpe")).select_from(source).where(where).order_by(accounts.c.id))
        return [(row.wallet_id, AccountState(
            id=row.id, code=row.code, currency=row.currency, normal_side=Side(row.normal_side),
            must_not_go_negative=bool(row.must_not_go_negative), debits_posted=int(row.dp),
            credits_posted=int(row.cp), debits_pending=int(row.dpe), credits_pending=int(row.cpe))) for row in rows]

    def first_account_out_of_step(self) -> tuple[str, str | None] | None:
        """The first account whose maintained totals differ from the sum of its postings, or from
        the sum of its totals by day, if any: (code, wallet id). The totals are mutable by design;
        the postings are chained."""
        sums = (select(postings.c.account_id,
                       _sum("debit", ("posted", 1)).label("dp"), _sum("credit", ("posted", 1)).label("cp"),
                       _sum("debit", ("pending", 1), ("release", -1)).label("dpe"),
                       _sum("credit", ("pending", 1), ("release", -1)).label("cpe"))
                .group_by(postings.c.account_id).subquery())
        pairs: Sequence[tuple[Any, Any]] = ((accounts.c.debits_posted, sums.c.dp), (accounts.c.credits_posted, sums.c.cp),
                                            (accounts.c.debits_pending, sums.c.dpe), (accounts.c.credits_pending, sums.c.cpe))
        days = dated_totals(on=None, as_of=None)
        by_day: Sequence[tuple[Any, Any]] = tuple((total, days.c[name]) for (total, _), name in zip(pairs, DAY_TOTALS))
        row = self.session.execute(
            select(accounts.c.code, accounts.c.wallet_id)
            .select_from(accounts.outerjoin(sums, sums.c.account_id == accounts.c.id)
                         .outerjoin(days, days.c.account_id == accounts.c.id))
            .where(or_(*(total != func.coalesce(summed, 0) for total, summed in (*pairs, *by_day))))
            .order_by(accounts.c.id).limit(1)).first()
        return (row.code, row.wallet_id) if row else None

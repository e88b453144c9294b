"""Period close proposals, and the history reads a close needs (ages of unspent money)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, case, func, insert, select, text, update
from sqlalchemy.orm import Session

from wallet.domain.kinds import Placement, kinds_placed
from wallet.domain.wallets import Source, WalletAccounts
from wallet.persistence.batch_writes import close_item_rows
from wallet.persistence.bulk_rows import EncodedRows
from wallet.persistence.close_tables import period_close_items, period_closes
from wallet.persistence.db import is_postgresql
from wallet.persistence.repository import Repository, new_id, new_ids, record_from
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.types import utc_now


@dataclass(frozen=True, slots=True)
class CloseRecord:
    id: str
    funder_id: str
    period_end: date
    status: str
    created_at: datetime
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True)
class CloseItemRecord:
    id: str
    close_id: str
    wallet_id: str
    final: bool
    fingerprint: str
    available: int
    committed: int
    in_pools: int
    savings: int
    funded_in_period: int
    weekly_budget: int
    contingency_cap: int
    contingency_kept: int
    over_cap: int
    aged: int
    surplus: int
    action: str
    reason: str
    plan: dict[str, Any]
    status: str
    transaction_id: str | None


def _close(row: Any) -> CloseRecord:
    return record_from(CloseRecord, row)


def _item(row: Any) -> CloseItemRecord:
    return record_from(CloseItemRecord, row)


class CloseRepository(Repository):
    def add(self, funder_id: str, period_end: date) -> CloseRecord:
        close_id = new_id()
        self._insert(period_closes, id=close_id, funder_id=funder_id, period_end=period_end, status="proposed",
                     created_at=utc_now())
        return self.get(close_id)  # type: ignore[return-value]

    def get(self, close_id: str, *, lock: bool = False) -> CloseRecord | None:
        return self._by_id(period_closes, close_id, _close, lock=lock)

    def add_items(self, values: Sequence[dict[str, Any]]) -> list[CloseItemRecord]:
        """Many items in one statement (a batch of a close)."""
        made, rows = self.item_rows(values)
        rows.send(self.session)
        return made

    def item_rows(self, values: Sequence[dict[str, Any]]) -> tuple[list[CloseItemRecord], EncodedRows]:
        """``add_items`` up to its write: the items, and their rows encoded to be sent."""
        rows = [{"id": item_id, "status": "proposed", **v} for item_id, v in zip(new_ids(len(values)), values,
                                                                                  strict=True)]
        # By COPY on PostgreSQL: SQLAlchemy's executemany of 1,000 rows of 21 columns cost more
        # than deciding them.
        return [CloseItemRecord(transaction_id=None, **row) for row in rows], close_item_rows(self.session, rows)

    def add_item(self, **values: Any) -> CloseItemRecord:
        # Many items per close: written without a flush each, and returned without a read back.
        item_id = new_id()
        self.session.execute(insert(period_close_items).values(id=item_id, status="proposed", **values))
        return CloseItemRecord(id=item_id, status="proposed", transaction_id=None, **values)

    def items(self, close_id: str) -> list[CloseItemRecord]:
        return self._all(select(period_close_items).where(period_close_items.c.close_id == close_id)
                         .order_by(period_close_items.c.wallet_id), _item)

    def confirmed_items_of(self, wallet_id: str, limit: int) -> list[CloseItemRecord]:
        return self._all(
            select(period_close_items).join(period_closes, period_closes.c.id == period_close_items.c.close_id)
            .where(period_close_items.c.wallet_id == wallet_id, period_close_items.c.status == "confirmed")
            .order_by(period_closes.c.period_end.desc()).limit(limit), _item)

    def last_confirmed_period_end(self, wallet_id: str) -> date | None:
        return self.session.execute(
            select(func.max(period_closes.c.period_end))
            .join(period_close_items, period_closes.c.id == period_close_items.c.close_id)
            .where(period_close_items.c.wallet_id == wallet_id, period_close_items.c.status == "confirmed")
        ).scalar_one_or_none()

    def settle_item(self, item_id: str, *, status: str, transaction_id: str | None) -> None:
        self._update(period_close_items, period_close_items.c.id == item_id, status=status,
                     transaction_id=transaction_id)

    def settle_items(self, settled: Sequence[tuple[str, str, str | None]]) -> None:
        """Many ``(item id, status, transaction id)`` in one statement."""
        if settled and is_postgresql(self.session):
            # One statement over three arrays: an executemany is one UPDATE a row (a second for
            # 1,000 items on a loaded machine).
            ids, statuses, transaction_ids = (list(column) for column in zip(*settled, strict=True))
            self.session.execute(text(
                "UPDATE period_close_items AS i SET status = v.status, transaction_id = v.transaction_id "
                "FROM unnest(CAST(:ids AS text[]), CAST(:statuses AS text[]), CAST(:transaction_ids AS text[])) "
                "AS v(id, status, transaction_id) WHERE i.id = v.id"),
                {"ids": ids, "statuses": statuses, "transaction_ids": transaction_ids})
        elif settled:
            self.session.execute(
                update(period_close_items).where(period_close_items.c.id == bindparam("item_id"))
                .values(status=bindparam("new_status"), transaction_id=bindparam("new_transaction_id")),
                [{"item_id": i, "new_status": st, "new_transaction_id": t} for i, st, t in settled],
                execution_options={"synchronize_session": False})

    def confirm(self, close_id: str) -> None:
        self._update(period_closes, period_closes.c.id == close_id, status="confirmed", confirmed_at=utc_now())


def wallet_fingerprint(session: Session, wallet_id: str, policy_version: int) -> str:
    """A digest of every total on the wallet's accounts (pool shares included) and its policy
    version: any posting that touches the wallet changes it."""
    rows = session.execute(
        select(accounts.c.code, accounts.c.debits_posted, accounts.c.credits_posted, accounts.c.debits_pending,
               accounts.c.credits_pending).where(accounts.c.wallet_id == wallet_id).order_by(accounts.c.code)
    ).all()
    return fingerprint_of(rows, policy_version)


def fingerprint_of(rows: Iterable[Sequence[Any]], policy_version: int) -> str:
    """The fingerprint from the wallet's account rows, (code, debits posted, credits posted,
    debits pending, credits pending), in code order."""
    return fingerprint_text(policy_version, "|".join(
        f"{code}:{debits}:{credits}:{debits_pending}:{credits_pending}"
        for code, debits, credits, debits_pending, credits_pending in rows))


def fingerprint_text(policy_version: int, joined_rows: str) -> str:
    """The fingerprint from the account rows already joined, ``code:dp:cp:dq:cq`` by ``|``."""
    return hashlib.sha256(f"policy:{policy_version}|{joined_rows}".encode()).hexdigest()


def available_movements(session: Session, wallet: WalletAccounts, *, up_to: date | None = None
                        ) -> list[tuple[Source, date, int]]:
    """Posted money in (+) and out (−) of each available account, in value-date order, for FIFO ages."""
    codes = {wallet.available(s): s for s in Source}
    signed = case((postings.c.side == "credit", postings.c.amount), else_=-postings.c.amount)
    query = (select(accounts.c.code, transactions.c.effective_date, signed)
             .select_from(postings.join(accounts, accounts.c.id == postings.c.account_id)
                          .join(transactions, transactions.c.seq == postings.c.transaction_seq))
             .where(accounts.c.code.in_(list(codes)), postings.c.phase == "posted")
             .order_by(transactions.c.effective_date, postings.c.id))
    if up_to is not None:
        query = query.where(transactions.c.effective_date <= up_to)
    return [(codes[code], day, int(amount)) for code, day, amount in session.execute(query)]


def funded_between(session: Session, wallet: WalletAccounts, after: date | None, up_to: date) -> int:
    """Money the funder paid into the wallet in a period: the budget an underspend is measured against."""
    codes = [wallet.available(s) for s in Source]
    query = (select(func.coalesce(func.sum(postings.c.amount), 0))
             .select_from(postings.join(accounts, accounts.c.id == postings.c.account_id)
                          .join(transactions, transactions.c.seq == postings.c.transaction_seq))
             .where(accounts.c.code.in_(codes), postings.c.side == "credit", postings.c.phase == "posted",
                    transactions.c.kind.in_(sorted(k.value for k in kinds_placed(Placement.MONEY_IN))),
                    transactions.c.effective_date <= up_to))
    if after is not None:
        query = query.where(transactions.c.effective_date > after)
    return int(session.execute(query).scalar_one())


def savings_by_source(session: Session, savings_code: str) -> dict[Source, int]:
    """Savings are one account; each posting's memo remembers whose money it was."""
    signed = case((postings.c.side == "credit", postings.c.amount), else_=-postings.c.amount)
    rows = session.execute(
        select(postings.c.memo, func.sum(signed)).join(accounts, accounts.c.id == postings.c.account_id)
        .where(accounts.c.code == savings_code, postings.c.phase == "posted").group_by(postings.c.memo))
    return {Source(memo): int(total) for memo, total in rows if memo in Source._value2member_map_ and total}


__all__ = ["CloseItemRecord", "CloseRecord", "CloseRepository", "available_movements", "fingerprint_of",
           "fingerprint_text", "funded_between", "savings_by_source", "wallet_fingerprint"]

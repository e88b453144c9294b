"""Reads for the accounting exports: the transactions in a period that touch a holder's book, and
every posted posting of them, each marked as in the book or not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, case, false, select, true
from sqlalchemy.orm import aliased

from wallet.domain.accounting_exports import ExportPosting
from wallet.persistence.repository import Repository
from wallet.persistence.tables import accounts, postings, transactions

POSTED = "posted"


class AccountingExportRepository(Repository):

    def transaction_seqs(self, book: ColumnElement[bool], first_day: date, last_day: date, *,
                         currency: str) -> list[int]:
        """The journal positions, oldest first, of the transactions dated in the period with a
        posted posting on an account of ``book`` (a condition on the accounts table)."""
        query = (select(postings.c.transaction_seq).distinct()
                 .join(transactions, transactions.c.seq == postings.c.transaction_seq)
                 .join(accounts, accounts.c.id == postings.c.account_id)
                 .where(book, transactions.c.effective_date >= first_day, transactions.c.effective_date <= last_day,
                        postings.c.phase == POSTED, postings.c.currency == currency)
                 .order_by(postings.c.transaction_seq))
        return list(self.session.execute(query).scalars())

    def postings_of(self, seqs: Sequence[int], book: ColumnElement[bool], *, currency: str) -> list[ExportPosting]:
        """Every posted posting of these transactions, in journal order then posting id."""
        if not seqs:
            return []
        original = aliased(transactions)
        rows = self.session.execute(
            select(transactions.c.seq, transactions.c.id, transactions.c.kind,
                   original.c.kind.label("reverses_kind"), transactions.c.effective_date, accounts.c.code,
                   accounts.c.wallet_id, case((book, true()), else_=false()).label("in_book"), postings.c.side,
                   postings.c.amount, postings.c.memo)
            .select_from(postings.join(transactions, transactions.c.seq == postings.c.transaction_seq)
                         .join(accounts, accounts.c.id == postings.c.account_id)
                         .outerjoin(original, original.c.id == transactions.c.reverses_id))
            .where(postings.c.transaction_seq.in_(list(seqs)), postings.c.phase == POSTED,
                   postings.c.currency == currency)
            .order_by(postings.c.transaction_seq, postings.c.id))
        return [ExportPosting(seq=row.seq, transaction_id=row.id, kind=row.kind, reverses_kind=row.reverses_kind,
                              effective_date=row.effective_date, account=row.code, wallet_id=row.wallet_id,
                              in_book=bool(row.in_book), side=row.side, amount=row.amount, memo=row.memo)
                for row in rows]

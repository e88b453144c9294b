"""Reading one wallet's part of the journal: its transactions, and its accounts summed by value date.

Everything starts from the postings on the wallet's own account ids (``postings.account_id`` is
indexed), never from a scan of the transactions' JSON details. Totals by value date come from the
maintained totals by day (``value_date_totals``), and a period's postings from the postings' index
by account and value date, so neither grows with the wallet's history. Only the few transactions whose lines depend on the rest of the
transaction (closes, moves) are read whole, by their journal position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Join

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.journal_export import JournalRow, JournalTotals
from wallet.domain.statements import Leg, StatementPosting, counterparts, placed_by_destination, placed_by_move
from wallet.persistence.ledger_writes import DAY_TOTALS
from wallet.persistence.repository import Repository
from wallet.persistence.tables import account_day_totals, postings, transactions
from wallet.persistence.tables import accounts as accounts_table
from wallet.persistence.value_date_totals import dated_totals

# A month can hold many thousand postings: a dict lookup each, not Enum's constructor.
_SIDES = {side.value: side for side in Side}
_PHASES = {phase.value: phase for phase in Phase}


def read_from_one_snapshot(session: Session) -> None:
    """Make every read in this session see the same moment, so sums of history and the
    maintained totals agree. SQLite's read transaction already holds one snapshot; PostgreSQL's
    READ COMMITTED would take a new one per statement. Call it before the session's first query."""
    if session.in_transaction():
        return
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


class JournalRepository(Repository):

    def transaction_seqs(self, account_ids: Sequence[int], *, after_seq: int | None, limit: int,
                         first_day: date | None = None, last_day: date | None = None) -> list[int]:
        """The journal positions of transactions that touch these accounts, oldest first.

        Without dates: each account's next ``limit`` positions straight from its index, merged,
        so a page costs the same on a wallet with a million postings as on a new one."""
        if not account_ids:
            return []
        if first_day is None and last_day is None:
            per_account = [
                # DISTINCT: a transaction may post to one account twice, and a page counts transactions.
                select(postings.c.transaction_seq.label("seq")).distinct()
                .where(postings.c.account_id == account_id,
                       postings.c.transaction_seq > (after_seq if after_seq is not None else 0))
                .order_by(postings.c.transaction_seq).limit(limit)
                for account_id in sorted(set(account_ids))
            ]
            merged = union_all(*(q.subquery().select() for q in per_account)).subquery()
            return list(self.session.execute(
                select(merged.c.seq).distinct().order_by(merged.c.seq).limit(limit)).scalars())
        query = select(postings.c.transaction_seq).distinct().where(postings.c.account_id.in_(list(account_ids)))
        if after_seq is not None:
            query = query.where(postings.c.transaction_seq > after_seq)
        if first_day is not None:
            query = query.where(postings.c.effective_date >= first_day)
        if last_day is not None:
            query = query.where(postings.c.effective_date <= last_day)
        query = query.order_by(postings.c.transaction_seq).limit(limit)
        return list(self.session.execute(query).scalars())

    def states_before(self, accounts: Mapping[str, AccountState], day: date, *,
                      as_of: datetime | None = None) -> dict[str, AccountState]:
        """The accounts' totals from every posting dated before ``day`` (recorded by ``as_of``)."""
        return self.states_on(accounts, day - timedelta(days=1), as_of=as_of)

    def states_through(self, accounts: Mapping[str, AccountState], day: date, *,
                       as_of: datetime | None = None) -> dict[str, AccountState]:
        """The accounts' totals from every posting dated on or before ``day`` (recorded by ``as_of``)."""
        return self.states_on(accounts, day, as_of=as_of)

    def states_on(self, accounts: Mapping[str, AccountState], day: date | None, *,
                  as_of: datetime | None = None) -> dict[str, AccountState]:
        """The accounts' totals on value date ``day`` as known at ``as_of`` (either may be None:
        every day, everything recorded), from the maintained totals by day."""
        by_id = {state.id: state for state in accounts.values()}
        sums: dict[int, Any] = {}
        if by_id:
            totals = dated_totals(on=day, as_of=as_of, account_ids=list(by_id))
            sums = {row.account_id: row for row in self.session.execute(select(totals))}

        def total(account_id: int, name: str) -> int:
            row = sums.get(account_id)
            return int(getattr(row, name) or 0) if row is not None else 0

        return {
            code: replace(state, **{name: total(state.id, name) for name in DAY_TOTALS})
            for code, state in accounts.items()
        }

    def postings_between(self, accounts: Mapping[str, AccountState], first_day: date,
                         last_day: date, *, as_of: datetime | None = None) -> list[StatementPosting]:
        """Every posting on these accounts dated within the period (and recorded by ``as_of``), in
        journal order: each account's range of its index by value date, however long its history."""
        by_id = {state.id: state for state in accounts.values()}
        if not by_id:
            return []
        original = aliased(transactions)
        rows = self.session.execute(
            select(transactions.c.seq, transactions.c.id, transactions.c.kind,
                   original.c.kind.label("reverses_kind"), postings.c.id.label("posting_id"),
                   postings.c.account_id, postings.c.side, postings.c.phase, postings.c.amount, postings.c.memo)
            .join(transactions, transactions.c.seq == postings.c.transaction_seq)
            .outerjoin(original, original.c.id == transactions.c.reverses_id)
            .where(postings.c.account_id.in_(list(by_id)),
                   postings.c.effective_date >= first_day, postings.c.effective_date <= last_day,
                   *([postings.c.recorded_at <= as_of] if as_of is not None else []))
            .order_by(postings.c.transaction_seq, postings.c.id)
        ).all()
        found = [
            StatementPosting(
                transaction_id=row.id, kind=row.kind, reverses_kind=row.reverses_kind,
                account=by_id[row.account_id].code, normal_side=by_id[row.account_id].normal_side,
                side=_SIDES[row.side], phase=_PHASES[row.phase], amount=row.amount, memo=row.memo,
            )
            for row in rows
        ]
        closes = {row.seq for row, posting in zip(rows, found) if placed_by_destination(posting.purpose)}
        moves = {row.seq for row, posting in zip(rows, found) if placed_by_move(posting.purpose)}
        partners, moved = self.counterparts(closes), self.moves(moves)
        for i, (row, posting) in enumerate(zip(rows, found)):
            if row.seq in closes:
                found[i] = replace(posting, counterpart=partners.get(row.posting_id))
            elif row.seq in moves:
                moved_from, moved_to = moved.get(row.seq, (None, None))
                found[i] = replace(posting, moved_from_wallet_id=moved_from, moved_to_wallet_id=moved_to)
        return found

    def counterparts(self, seqs: Collection[int]) -> dict[int, str]:
        """For every posting of these transactions, by posting id, the account on the other side of its pair."""
        if not seqs:
            return {}
        rows = self.session.execute(
            select(postings.c.transaction_seq, postings.c.id, accounts_table.c.code, postings.c.side,
                   postings.c.phase, postings.c.amount, postings.c.memo)
            .join(accounts_table, accounts_table.c.id == postings.c.account_id)
            .where(postings.c.transaction_seq.in_(list(seqs)))
            .order_by(postings.c.transaction_seq, postings.c.id)
        )
        legs: dict[int, list[Leg]] = defaultdict(list)
        for row in rows:
            legs[row.transaction_seq].append(Leg(row.id, row.code, Side(row.side), Phase(row.phase), row.amount, row.memo))
        return {key: code for transaction_legs in legs.values() for key, code in counterparts(transaction_legs).items()}

    def moves(self, seqs: Collection[int]) -> dict[int, tuple[str | None, str | None]]:
        """The wallets each move went from and to, by journal position; a reversal's are its move's."""
        if not seqs:
            return {}
        original = aliased(transactions)
        rows = self.session.execute(
            select(transactions.c.seq, transactions.c.details, original.c.details.label("original_details"))
            .outerjoin(original, original.c.id == transactions.c.reverses_id)
            .where(transactions.c.seq.in_(list(seqs)))
        )
        found = {}
        for row in rows:
            details = row.original_details if row.original_details is not None else row.details
            found[row.seq] = (details.get("wallet_id"), details.get("moved_to_wallet_id"))
        return found

    def latest_effective_date(self, account_ids: Sequence[int]) -> date | None:
        if not account_ids:
            return None
        # The last day of each account's day totals, from their primary key.
        return self.session.execute(
            select(func.max(account_day_totals.c.effective_date))
            .where(account_day_totals.c.account_id.in_(list(account_ids)))
        ).scalar_one_or_none()

    # --- a holder's journal export: every posting on a set of accounts --------------------------

    def export_rows(self, accounts: ColumnElement[bool], first_day: date, last_day: date, *,
                    phases: Sequence[str], currency: str, after: tuple[int, int] | None,
                    limit: int) -> list[JournalRow]:
        """Postings on the accounts ``accounts`` (a condition on the accounts table) dated within
        the period, in journal order then posting id, after the (seq, posting id) ``after``."""
        query = self._export_query(accounts, first_day, last_day, phases, currency).limit(limit)
        if after is not None:
            seq, posting_id = after
            query = query.where(or_(postings.c.transaction_seq > seq,
                                    and_(postings.c.transaction_seq == seq, postings.c.id > posting_id)))
        return [JournalRow(**row._mapping) for row in self.session.execute(query)]

    def stream_export_rows(self, accounts: ColumnElement[bool], first_day: date, last_day: date, *,
                           phases: Sequence[str], currency: str, batch: int) -> Iterator[JournalRow]:
        """The same rows as ``export_rows``, all of them from one query read ``batch`` at a time
        (a server-side cursor on PostgreSQL): linear in the rows however many there are, where
        paging by keyset would read past every earlier page again."""
        query = self._export_query(accounts, first_day, last_day, phases, currency)
        result = self.session.execute(query, execution_options={"yield_per": batch})
        try:
            for row in result:
                yield JournalRow(**row._mapping)
        finally:
            result.close()

    def export_totals(self, accounts: ColumnElement[bool], first_day: date, last_day: date, *,
                      phases: Sequence[str], currency: str) -> JournalTotals:
        def total(side: str) -> ColumnElement[int]:
            return func.coalesce(func.sum(case((postings.c.side == side, postings.c.amount), else_=0)), 0)

        debit, credit = self.session.execute(
            select(total("debit"), total("credit")).select_from(self._export_source())
            .where(*self._export_filter(accounts, first_day, last_day, phases, currency))).one()
        return JournalTotals(int(debit), int(credit))

    @classmethod
    def _export_query(cls, accounts: ColumnElement[bool], first_day: date, last_day: date, phases: Sequence[str],
                      currency: str) -> Select[Any]:
        """An export's rows in journal order then posting id: paged by ``export_rows``, streamed by
        ``stream_export_rows``."""
        return (select(transactions.c.seq, postings.c.id.label("posting_id"), transactions.c.effective_date,
                       transactions.c.recorded_at, transactions.c.id.label("transaction_id"), transactions.c.kind,
                       transactions.c.reference, accounts_table.c.code.label("account"), accounts_table.c.wallet_id,
                       postings.c.memo, postings.c.phase, postings.c.side, postings.c.amount, postings.c.currency)
                .select_from(cls._export_source())
                .where(*cls._export_filter(accounts, first_day, last_day, phases, currency))
                .order_by(postings.c.transaction_seq, postings.c.id))

    @staticmethod
    def _export_source() -> Join:
        return (postings.join(transactions, transactions.c.seq == postings.c.transaction_seq)
                .join(accounts_table, accounts_table.c.id == postings.c.account_id))

    @staticmethod
    def _export_filter(accounts: ColumnElement[bool], first_day: date, last_day: date, phases: Sequence[str],
                       currency: str) -> list[ColumnElement[bool]]:
        return [accounts, transactions.c.effective_date >= first_day, transactions.c.effective_date <= last_day,
                postings.c.phase.in_(list(phases)), postings.c.currency == currency]

"""A statement's reads, flat in the wallet's history and cheap in the period's postings.

- The lines: the period's posted postings summed in the database by what decides their line
  (purpose, memo, account, side), so a month of 100,000 postings comes back as a few rows; only
  closes and moves, whose lines need the whole transaction, come back posting by posting.
- Holds and approvals: every posting of the period's transactions that reserve or release money.
- The payments, a page at a time in value-date then journal order (a keyset, never ``OFFSET``),
  and the details each one named, read by transaction id.

Each posting's purpose (its transaction's kind; a reversal's, the kind it reverses) is read by
primary key from the posting (a correlated subquery), never by joining the journal: with the
statistics of independent columns PostgreSQL can think one account's month is 100 times what it
is on a long history, and would then hash the whole journal. For the same reason the statement's
transaction runs without JIT, whose compiling (~0.5 s) such an estimate would buy.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, union_all
from sqlalchemy.orm import aliased

from wallet.domain.accounts import AccountState, Phase, Side
from wallet.domain.kinds import Kind
from wallet.domain.statement_payments import ITEMISED_PURPOSES, NOT_ITEMISED_MEMO, SpendingFacts
from wallet.domain.statements import (
    WHOLE_TRANSACTION_PURPOSES,
    PendingLeg,
    StatementPosting,
    placed_by_destination,
    placed_by_move,
)
from wallet.persistence.batch_reads import without_jit
from wallet.persistence.journal_repository import JournalRepository
from wallet.persistence.pool_tables import pools
from wallet.persistence.repository import Repository
from wallet.persistence.tables import postings, transactions

# Enough ids for one IN list on either database, small enough to keep each statement quick.
BATCH = 500

_SIDES = {side.value: side for side in Side}
_PHASES = {phase.value: phase for phase in Phase}


def _purpose() -> Any:
    """The posting's transaction's kind, or for a reversal the kind it reverses, by primary key."""
    own, original = aliased(transactions), aliased(transactions)
    reversal = Kind.REVERSAL.value
    return (select(case((own.c.kind == reversal, func.coalesce(original.c.kind, reversal)), else_=own.c.kind))
            .select_from(own.outerjoin(original, original.c.id == own.c.reverses_id))
            .where(own.c.seq == postings.c.transaction_seq)
            .scalar_subquery())


def _in_period(account_ids: Collection[int], first_day: date, last_day: date,
               as_of: datetime | None) -> list[ColumnElement[bool]]:
    return [postings.c.account_id.in_(sorted(account_ids)), postings.c.effective_date >= first_day,
            postings.c.effective_date <= last_day, *([postings.c.recorded_at <= as_of] if as_of is not None else [])]


NOT_ITEMISED_PURPOSES = frozenset(kind.value for kind in Kind) - ITEMISED_PURPOSES


class StatementRepository(Repository):

    def without_jit(self) -> None:
        """For the rest of this read-only transaction (see the module's note)."""
        without_jit(self.session)

    def line_postings(self, accounts: Mapping[str, AccountState], first_day: date, last_day: date, *,
                      as_of: datetime | None = None) -> list[StatementPosting]:
        """The period's posted postings summed per line (one ``StatementPosting`` each, its amount
        the sum), and every posting of a close or a move on its own, with its counterpart or
        wallets, as ``JournalRepository.postings_between`` gives them."""
        by_id = {state.id: state for state in accounts.values()}
        if not by_id:
            return []
        each = (select(postings.c.transaction_seq, postings.c.account_id, postings.c.side, postings.c.memo,
                       postings.c.amount, _purpose().label("purpose"))
                .where(*_in_period(by_id, first_day, last_day, as_of), postings.c.phase == Phase.POSTED.value)
                # OFFSET 0 keeps this a subquery of its own, so the purpose is read once a posting.
                .offset(0).subquery())
        whole = case((each.c.purpose.in_(sorted(WHOLE_TRANSACTION_PURPOSES)), each.c.transaction_seq)).label("seq")
        rows = self.session.execute(
            select(each.c.purpose, each.c.account_id, each.c.side, each.c.memo, whole,
                   func.sum(each.c.amount).label("amount"))
            .group_by(each.c.purpose, each.c.account_id, each.c.side, each.c.memo, whole)).all()
        found = [
            StatementPosting(transaction_id="", kind=row.purpose, reverses_kind=None,
                             account=by_id[row.account_id].code, normal_side=by_id[row.account_id].normal_side,
                             side=_SIDES[row.side], phase=Phase.POSTED, amount=int(row.amount), memo=row.memo)
            for row in rows if row.seq is None
        ]
        whole_seqs = {row.seq for row in rows if row.seq is not None}
        return found + self._whole_transactions(by_id, whole_seqs, first_day, last_day, as_of)

    def pending_legs(self, accounts: Mapping[str, AccountState], first_day: date, last_day: date, *,
                     as_of: datetime | None = None) -> list[PendingLeg]:
        """Every posting in the period of the transactions that reserve or release money there."""
        by_id = {state.id: state for state in accounts.values()}
        if not by_id:
            return []
        in_period = _in_period(by_id, first_day, last_day, as_of)
        reserving = select(postings.c.transaction_seq).where(*in_period, postings.c.phase != Phase.POSTED.value)
        rows = self.session.execute(
            select(postings.c.transaction_seq, postings.c.account_id, postings.c.side, postings.c.phase,
                   postings.c.amount)
            .where(*in_period, postings.c.transaction_seq.in_(reserving)))
        return [PendingLeg(str(row.transaction_seq), by_id[row.account_id].code, _SIDES[row.side],
                           _PHASES[row.phase], row.amount) for row in rows]

    def payment_postings(self, accounts: Mapping[str, AccountState], first_day: date, last_day: date, *,
                         as_of: datetime | None = None, after: tuple[date, int] | None = None,
                         limit: int | None = None) -> tuple[list[StatementPosting], tuple[date, int] | None]:
        """The postings of the period's next ``limit`` payment transactions (every one when None)
        after ``after`` (value date, journal position), in journal order, and the position of the
        last one when more follow. Each account's payments come from its index by value date in
        order, so a page costs its own size, however many the period holds."""
        by_id = {state.id: state for state in accounts.values()}
        if not by_id:
            return [], None
        if limit is None:
            found: list[StatementPosting] = []
            position = after
            while True:
                page, position = self.payment_postings(accounts, first_day, last_day, as_of=as_of,
                                                       after=position, limit=BATCH)
                found += page
                if position is None:
                    return found, None
        per_account = []
        for account_id in sorted(by_id):
            query = (select(postings.c.effective_date, postings.c.transaction_seq.label("seq"))
                     .where(*_in_period([account_id], first_day, last_day, as_of),
                            postings.c.phase == Phase.POSTED.value,
                            or_(postings.c.memo.is_(None), postings.c.memo != NOT_ITEMISED_MEMO),
                            # Said as "not one of the others" on purpose: PostgreSQL then expects most
                            # postings to match and reads the index in order, stopping at the page's
                            # end; asked "one of these", it expects few, and sorts the whole period.
                            # A kind outside ``Kind`` passes here, and ``itemise`` still decides.
                            _purpose().not_in(sorted(NOT_ITEMISED_PURPOSES))))
            if after is not None:
                query = query.where(or_(postings.c.effective_date > after[0],
                                        and_(postings.c.effective_date == after[0],
                                             postings.c.transaction_seq > after[1])))
            per_account.append(query.order_by(postings.c.effective_date, postings.c.transaction_seq)
                               .limit(limit + 1).subquery().select())
        merged = union_all(*per_account).subquery()
        keys = self.session.execute(select(merged.c.effective_date, merged.c.seq).distinct()
                                    .order_by(merged.c.effective_date, merged.c.seq).limit(limit + 1)).all()
        more = len(keys) > limit
        keys = keys[:limit]
        rows = self._postings_of(by_id, [key.seq for key in keys], first_day, last_day, as_of)
        return rows, ((keys[-1].effective_date, keys[-1].seq) if more else None)

    def period_transaction_seqs(self, account_ids: Collection[int], first_day: date | None, last_day: date | None,
                                *, after_seq: int | None, limit: int) -> list[int]:
        """The journal positions, oldest first, of the next ``limit`` transactions after
        ``after_seq`` with a posting on these accounts dated within the period (open at either end).

        Each account's postings are read from its range of the index by value date and only
        then ordered by journal position (the subquery is kept apart by OFFSET 0): left to
        itself, PostgreSQL would walk the whole journal in order, filtering, to find a late month."""
        if not account_ids:
            return []
        per_account = []
        for account_id in sorted(set(account_ids)):
            dated = select(postings.c.transaction_seq.label("seq")).where(
                postings.c.account_id == account_id,
                *([postings.c.effective_date >= first_day] if first_day is not None else []),
                *([postings.c.effective_date <= last_day] if last_day is not None else []),
                *([postings.c.transaction_seq > after_seq] if after_seq is not None else [])).offset(0).subquery()
            # DISTINCT: a transaction may post to one account twice, and a page counts transactions.
            per_account.append(select(dated.c.seq).distinct().order_by(dated.c.seq).limit(limit).subquery().select())
        merged = union_all(*per_account).subquery()
        return list(self.session.execute(
            select(merged.c.seq).distinct().order_by(merged.c.seq).limit(limit)).scalars())

    def _postings_of(self, by_id: Mapping[int, AccountState], seqs: Collection[int], first_day: date,
                     last_day: date, as_of: datetime | None) -> list[StatementPosting]:
        """These transactions' postings on the accounts within the period, in journal order."""
        if not seqs:
            return []
        original = aliased(transactions)
        found: list[StatementPosting] = []
        ordered = sorted(seqs)
        for start in range(0, len(ordered), BATCH):
            rows = self.session.execute(
                select(transactions.c.id, transactions.c.kind, original.c.kind.label("reverses_kind"),
                       postings.c.account_id, postings.c.side, postings.c.phase, postings.c.amount, postings.c.memo)
                .join(transactions, transactions.c.seq == postings.c.transaction_seq)
                .outerjoin(original, original.c.id == transactions.c.reverses_id)
                .where(postings.c.transaction_seq.in_(ordered[start:start + BATCH]),
                       *_in_period(by_id, first_day, last_day, as_of))
                .order_by(postings.c.transaction_seq, postings.c.id))
            found += [StatementPosting(
                transaction_id=row.id, kind=row.kind, reverses_kind=row.reverses_kind,
                account=by_id[row.account_id].code, normal_side=by_id[row.account_id].normal_side,
                side=_SIDES[row.side], phase=_PHASES[row.phase], amount=row.amount, memo=row.memo,
            ) for row in rows]
        return found

    def _whole_transactions(self, by_id: Mapping[int, AccountState], seqs: Collection[int], first_day: date,
                            last_day: date, as_of: datetime | None) -> list[StatementPosting]:
        """Closes and moves posting by posting, each with what its line needs of the whole transaction."""
        if not seqs:
            return []
        original = aliased(transactions)
        rows = self.session.execute(
            select(transactions.c.seq, postings.c.id.label("posting_id"), postings.c.account_id,
                   transactions.c.id, transactions.c.kind, original.c.kind.label("reverses_kind"),
                   postings.c.side, postings.c.phase, postings.c.amount, postings.c.memo)
            .join(transactions, transactions.c.seq == postings.c.transaction_seq)
            .outerjoin(original, original.c.id == transactions.c.reverses_id)
            .where(postings.c.transaction_seq.in_(sorted(seqs)), postings.c.phase == Phase.POSTED.value,
                   *_in_period(by_id, first_day, last_day, as_of))
            .order_by(postings.c.transaction_seq, postings.c.id)).all()
        journal = JournalRepository(self.session)
        # The same pairing and move details the journal's own period read gives these transactions.
        partners, moved = journal.counterparts(set(seqs)), journal.moves(set(seqs))
        found = []
        for row in rows:
            posting = StatementPosting(
                transaction_id=row.id, kind=row.kind, reverses_kind=row.reverses_kind,
                account=by_id[row.account_id].code, normal_side=by_id[row.account_id].normal_side,
                side=_SIDES[row.side], phase=_PHASES[row.phase], amount=row.amount, memo=row.memo)
            if placed_by_destination(posting.purpose):
                posting = replace(posting, counterpart=partners.get(row.posting_id))
            elif placed_by_move(posting.purpose):
                moved_from, moved_to = moved.get(row.seq, (None, None))
                posting = replace(posting, moved_from_wallet_id=moved_from, moved_to_wallet_id=moved_to)
            found.append(posting)
        return found

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

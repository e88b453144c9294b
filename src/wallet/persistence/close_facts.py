"""What a period close reads about its wallets, read for a batch of wallets at once.

The proposal decides each wallet from its accounts, the movements of its available money (for
FIFO ages), its savings by source, its weekly budget, its money in since the last confirmed close
and a fingerprint of its totals. One wallet at a time that is ten reads a wallet; here it is a few
reads a batch, each returning exactly what the one-wallet reads in ``close_repository`` return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    BigInteger,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState, Side
from wallet.domain.kinds import Placement, kinds_placed
from wallet.domain.planned_budgets import PlannedBudget, weekly_budget
from wallet.domain.wallets import Source
from wallet.persistence.batch_reads import for_each, found_columns
from wallet.persistence.budget_repository import PlannedBudgetRepository
from wallet.persistence.close_repository import fingerprint_of, fingerprint_text
from wallet.persistence.close_tables import period_close_items, period_closes
from wallet.persistence.db import is_postgresql
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.tables import accounts, postings, transactions
from wallet.persistence.wallet_repository import WalletRecord


@dataclass(frozen=True, slots=True)
class WalletCloseFacts:
    states: dict[str, AccountState]
    fingerprint_rows: list[tuple[str, int, int, int, int]]
    movements: list[tuple[Source, date, int]]
    savings: dict[Source, int]
    weekly_budget: int
    last_confirmed_period_end: date | None
    money_in: list[tuple[date, int]]
    # The support plan's budgets (``planned_budgets``) and the opening floats paid, which the
    # policy may hold as contingency.
    planned: list[PlannedBudget] = field(default_factory=list)
    opening_float: int = 0

    def fingerprint(self, policy_version: int) -> str:
        return fingerprint_of(self.fingerprint_rows, policy_version)

    def funded_between(self, after: date | None, up_to: date) -> int:
        return sum(amount for day, amount in self.money_in if day <= up_to and (after is None or day > after))


def fingerprints(session: Session, wallets: Sequence[tuple[str, int]]) -> dict[str, str]:
    """``wallet_fingerprint`` for many ``(wallet id, policy version)`` pairs, in one read."""
    versions = dict(wallets)
    if not versions:
        return {}
    if is_postgresql(session):
        # The accounts' part of each fingerprint is joined in the database, one row a wallet: as
        # rows it was eleven a wallet to fetch, convert, sort and join in Python. "C" order is
        # code-point order, the order Python sorts the codes in.
        line = func.concat_ws(":", accounts.c.code, accounts.c.debits_posted, accounts.c.credits_posted,
                              accounts.c.debits_pending, accounts.c.credits_pending)
        source = for_each(session, list(versions), lambda where: select(func.string_agg(
            line, aggregate_order_by(literal("|"), accounts.c.code.collate("C"))).label("joined"))
            .where(where(accounts.c.wallet_id)))
        return {wallet_id: fingerprint_text(versions[wallet_id], joined or "") for wallet_id, joined in
                session.execute(select(source.left.c.key, found_columns(source).joined).select_from(source))}
    rows: dict[str, list[tuple[str, int, int, int, int]]] = {wallet_id: [] for wallet_id in versions}
    source = for_each(session, list(versions), lambda where: select(
        accounts.c.wallet_id, accounts.c.code, accounts.c.debits_posted, accounts.c.credits_posted,
        accounts.c.debits_pending, accounts.c.credits_pending).where(where(accounts.c.wallet_id)))
    found = found_columns(source)
    for wallet_id, *row in session.execute(
        select(found.wallet_id, found.code, found.debits_posted, found.credits_posted, found.debits_pending,
               found.credits_pending).select_from(source)
    ):
        rows[wallet_id].append(tuple(row))  # type: ignore[arg-type]
    for listed in rows.values():
        listed.sort(key=lambda row: row[0])  # code order, as the proposal sorts them
    return {wallet_id: fingerprint_of(found, versions[wallet_id]) for wallet_id, found in rows.items()}


def read_close_facts(session: Session, wallets: Sequence[WalletRecord], period_end: date
                     ) -> dict[str, WalletCloseFacts]:
    ids = [w.id for w in wallets]
    if not ids:
        return {}
    states: dict[str, dict[str, AccountState]] = {i: {} for i in ids}
    rows: dict[str, list[tuple[str, int, int, int, int]]] = {i: [] for i in ids}
    # Only the columns a state needs: the whole row (its timestamps) cost more to convert than to read.
    sides = {side.value: side for side in Side}
    columns = (accounts.c.wallet_id, accounts.c.id, accounts.c.code, accounts.c.currency, accounts.c.normal_side,
               accounts.c.must_not_go_negative, accounts.c.debits_posted, accounts.c.credits_posted,
               accounts.c.debits_pending, accounts.c.credits_pending)
    source = for_each(session, ids, lambda where: select(*columns).where(where(accounts.c.wallet_id)))
    found = found_columns(source)
    # Fetched at once (``all``): a row at a time cost more than building the states from them.
    for wallet_id, account_id, code, currency, side, must_not, dp, cp, dq, cq in session.execute(
        select(*(found[c.name] for c in columns)).select_from(source).order_by(found.id)
    ).all():
        states[wallet_id][code] = AccountState(account_id, code, currency, sides[side], bool(must_not), dp, cp, dq, cq)
        rows[wallet_id].append((code, dp, cp, dq, cq))
    for found in rows.values():
        found.sort(key=lambda row: row[0])  # the fingerprint goes in code order

    # Postings are read by account id and their own value date, from the index by account and value
    # date: naming accounts by code and dating by the transaction made the planner scan the whole
    # journal once a batch, a cost that grew with the book.
    id_of = {code: state.id for found in states.values() for code, state in found.items()}
    codes_of = {w.id: w.accounts for w in wallets}  # built once a wallet, not once a use
    available = {id_of[code]: (w.id, s) for w in wallets for s in Source
                 if (code := codes_of[w.id].available(s)) in id_of}
    savings_of = {id_of[codes_of[w.id].savings]: w.id for w in wallets if codes_of[w.id].savings in id_of}
    # One read of the batch's postings serves the movements (FIFO ages), the money paid in (the
    # period's budget) and the savings by source: three reads a batch were three passes over the
    # same index ranges.
    money_in_kinds = frozenset(k.value for k in kinds_placed(Placement.MONEY_IN))
    movements: dict[str, list[tuple[Source, date, int]]] = defaultdict(list)
    paid_in: dict[str, dict[tuple[int, date], int]] = defaultdict(dict)
    saved: dict[str, dict[str, int]] = defaultdict(dict)
    # An account whose posted totals are both nil has no posted posting (amounts are positive, the
    # totals only add up): not looked for. Most wallets use one or two of their five sources.
    posted_to = {state.id for found in states.values() for state in found.values()
                 if state.debits_posted or state.credits_posted}
    source = for_each(session, [i for i in [*available, *savings_of] if i in posted_to], lambda where: select(
        postings.c.id, postings.c.account_id, postings.c.effective_date, postings.c.side, postings.c.amount,
        postings.c.memo, transactions.c.kind)
        .select_from(postings.join(transactions, transactions.c.seq == postings.c.transaction_seq))
        .where(where(postings.c.account_id), postings.c.phase == "posted"), BigInteger)
    found = found_columns(source)
    for account_id, day, side, amount, memo, kind in session.execute(
        select(found.account_id, found.effective_date, found.side, found.amount, found.memo, found.kind)
        .select_from(source).order_by(found.effective_date, found.id)
    ).all():
        signed = int(amount) if side == "credit" else -int(amount)
        if account_id in available:
            wallet_id, source = available[account_id]
            movements[wallet_id].append((source, day, signed))
            if side == "credit" and kind in money_in_kinds and day <= period_end:
                by_day = paid_in[wallet_id]
                by_day[(account_id, day)] = by_day.get((account_id, day), 0) + signed
        else:
            by_memo = saved[savings_of[account_id]]
            by_memo[memo] = by_memo.get(memo, 0) + signed
    money_in = {wallet_id: [(day, total) for (_, day), total in by_day.items()]
                for wallet_id, by_day in paid_in.items()}
    savings: dict[str, dict[Source, int]] = defaultdict(dict)
    for wallet_id, by_memo in saved.items():
        savings[wallet_id] = {Source(memo): total for memo, total in by_memo.items()
                              if memo in Source._value2member_map_ and total}

    source = for_each(session, ids, lambda where: select(
        period_close_items.c.wallet_id, func.max(period_closes.c.period_end).label("period_end"))
        .join(period_close_items, period_closes.c.id == period_close_items.c.close_id)
        .where(where(period_close_items.c.wallet_id), period_close_items.c.status == "confirmed")
        .group_by(period_close_items.c.wallet_id))
    found = found_columns(source)
    last_confirmed = dict(session.execute(select(found.wallet_id, found.period_end).select_from(source)).all())
    weekly = ScheduleRepository(session).weekly_budgets(ids, period_end)
    budgets = PlannedBudgetRepository(session)
    planned = budgets.of_wallets(ids)
    floats = budgets.opening_floats_of(ids)
    return {
        i: WalletCloseFacts(states[i], rows[i], movements[i], savings[i],
                            weekly_budget(planned[i], period_end, from_schedules=weekly[i]), last_confirmed.get(i),
                            money_in.get(i, []), planned[i], sum(floats[i].values()))
        for i in ids
    }

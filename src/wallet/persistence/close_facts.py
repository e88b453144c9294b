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

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from wallet.domain.accounts import AccountState, Side
from wallet.domain.kinds import Placement, kinds_placed
from wallet.domain.planned_budgets import PlannedBudget, weekly_budget
from wallet.domain.wallets import Source
from wallet.persistence.budget_repository import PlannedBudgetRepository
from wallet.persistence.close_repository import fingerprint_of
from wallet.persistence.close_tables import period_close_items, period_closes
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
    rows: dict[str, list[tuple[str, int, int, int, int]]] = {wallet_id: [] for wallet_id in versions}
    if versions:
        for row in session.execute(
            select(accounts.c.wallet_id, accounts.c.code, accounts.c.debits_posted, accounts.c.credits_posted,
                   accounts.c.debits_pending, accounts.c.credits_pending)
            .where(accounts.c.wallet_id.in_(list(versions))).order_by(accounts.c.code)
        ):
            rows[row.wallet_id].append(tuple(row)[1:])  # type: ignore[arg-type]
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
    for wallet_id, account_id, code, currency, side, must_not, dp, cp, dq, cq in session.execute(
        select(accounts.c.wallet_id, accounts.c.id, accounts.c.code, accounts.c.currency, accounts.c.normal_side,
               accounts.c.must_not_go_negative, accounts.c.debits_posted, accounts.c.credits_posted,
               accounts.c.debits_pending, accounts.c.credits_pending)
        .where(accounts.c.wallet_id.in_(ids)).order_by(accounts.c.id)
    ):
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
    signed_in = case((postings.c.side == "credit", postings.c.amount), else_=-postings.c.amount)
    movements: dict[str, list[tuple[Source, date, int]]] = defaultdict(list)
    for account_id, day, amount in session.execute(
        select(postings.c.account_id, postings.c.effective_date, signed_in)
        .where(postings.c.account_id.in_(list(available)), postings.c.phase == "posted")
        .order_by(postings.c.effective_date, postings.c.id)
    ):
        wallet_id, source = available[account_id]
        movements[wallet_id].append((source, day, int(amount)))

    money_in: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for account_id, day, amount in session.execute(
        select(postings.c.account_id, postings.c.effective_date, func.sum(postings.c.amount))
        .select_from(postings.join(transactions, transactions.c.seq == postings.c.transaction_seq))
        .where(postings.c.account_id.in_(list(available)), postings.c.side == "credit", postings.c.phase == "posted",
               transactions.c.kind.in_(sorted(k.value for k in kinds_placed(Placement.MONEY_IN))),
               postings.c.effective_date <= period_end)
        .group_by(postings.c.account_id, postings.c.effective_date)
    ):
        money_in[available[account_id][0]].append((day, int(amount)))

    savings_of = {id_of[codes_of[w.id].savings]: w.id for w in wallets if codes_of[w.id].savings in id_of}
    savings: dict[str, dict[Source, int]] = defaultdict(dict)
    for account_id, memo, total in session.execute(
        select(postings.c.account_id, postings.c.memo, func.sum(signed_in))
        .where(postings.c.account_id.in_(list(savings_of)), postings.c.phase == "posted")
        .group_by(postings.c.account_id, postings.c.memo)
    ):
        if memo in Source._value2member_map_ and total:
            savings[savings_of[account_id]][Source(memo)] = int(total)

    last_confirmed = dict(session.execute(
        select(period_close_items.c.wallet_id, func.max(period_closes.c.period_end))
        .join(period_close_items, period_closes.c.id == period_close_items.c.close_id)
        .where(period_close_items.c.wallet_id.in_(ids), period_close_items.c.status == "confirmed")
        .group_by(period_close_items.c.wallet_id)).all())
    weekly = ScheduleRepository(session).weekly_budgets(ids, period_end)
    budgets = PlannedBudgetRepository(session)
    planned = budgets.of_wallets(ids)
    floats = budgets.opening_floats_of(ids)
    return {
        i: WalletCloseFacts(states[i], rows[i], movements[i], savings[i],
                            weekly_budget(planned[i], period_end, from_schedules=weekly[i]), last_confirmed.get(i),
                            money_in[i], planned[i], sum(floats[i].values()))
        for i in ids
    }

"""The statement summed in the database is the statement summed posting by posting: the same
lines, holds, approvals and payments, for months with closes, moves, reversals, holds and pools."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.scenario import Council
from tests.support import Api
from tests.test_statements import END, FIRST, realistic_month
from tests.test_statements_life_events import _ended_and_settled, _moved, _recover_close, _reverse
from wallet.domain.statement_payments import itemise, itemised_transactions
from wallet.domain.statements import build_statement
from wallet.persistence.journal_repository import JournalRepository
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.statement_repository import StatementRepository
from wallet.persistence.wallet_repository import WalletRepository


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def assert_same_both_ways(api: Api, wallet_id: str, periods: list[tuple[date, date]]) -> None:
    with api.database.reader() as session:
        wallet = WalletRepository(session).get(wallet_id)
        assert wallet is not None
        accounts = LedgerRepository(session).accounts_of_wallet(wallet_id)
        journal, sums = JournalRepository(session), StatementRepository(session)
        for first, last in periods:
            edges = {"opening": journal.states_before(accounts, first), "closing": journal.states_through(accounts, last)}
            each = journal.postings_between(accounts, first, last)
            one_by_one = build_statement(wallet.accounts, first, last, postings=each, **edges)
            summed = build_statement(wallet.accounts, first, last, postings=sums.line_postings(accounts, first, last),
                                     pending=sums.pending_legs(accounts, first, last), **edges)
            assert (summed.lines, summed.holds, summed.approvals) == \
                   (one_by_one.lines, one_by_one.holds, one_by_one.approvals), (first, last)
            payments, more = sums.payment_postings(accounts, first, last, limit=None)
            assert more is None
            listed = sums.spending_facts(itemised_transactions(wallet.accounts, each))
            assert itemise(wallet.accounts, payments, listed) == itemise(wallet.accounts, each, listed)


def months(first: date, last: date) -> list[tuple[date, date]]:
    return [(first, last), (first, first), (first + timedelta(days=3), last - timedelta(days=2))]


def test_a_realistic_month(council: Council) -> None:
    wallet = realistic_month(council)
    assert_same_both_ways(council.api, wallet, months(FIRST, END))


def test_closes_settlements_and_moves(council: Council) -> None:
    recovered, close = _recover_close(council)
    _reverse(council, close["transaction_id"], "2026-04-01")
    settled, _ = _ended_and_settled(council)
    moved, new_wallet, _ = _moved(council)
    for wallet in (recovered, settled, moved, new_wallet):
        assert_same_both_ways(council.api, wallet, months(date(2026, 1, 1), date(2026, 4, 30)))

"""A wallet's journal page by page counts transactions, even those that post to one account twice."""

from __future__ import annotations

from datetime import date

import pytest

from tests.scenario import Council
from tests.support import Api
from wallet.domain.kinds import Kind
from wallet.domain.postings import TransactionDraft, credit, debit
from wallet.domain.wallets import Source
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.post_transaction import post_transaction


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_pages_of_transactions_that_post_twice_to_one_account(council: Council) -> None:
    wallet = council.wallet()
    with council.api.database.reader() as session:
        record = WalletRepository(session).get(wallet)
        assert record is not None
        accounts = record.accounts
    with council.api.database.writer.begin() as session:
        for n in range(5):  # two fundings in one transaction: two postings on each account
            legs = [debit(accounts.cash, 100 + n, memo="funder"), credit(accounts.available(Source.FUNDER), 100 + n,
                                                                         memo="funder")] * 2
            post_transaction(session, TransactionDraft(Kind.FUNDING.value, date(2026, 4, 7 + n), tuple(legs)),
                             organisation_id=None)
    for params in ({}, {"from": "2026-04-07", "to": "2026-04-30"}):
        seen, cursor = [], None
        while True:
            body = council.api.get(f"/v1/wallets/{wallet}/transactions", council.funder_key,
                                   params={"limit": 2, **params, **({"cursor": cursor} if cursor else {})}).body
            assert len(body["items"]) == 2 or body["next_cursor"] is None
            seen += [item["id"] for item in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 5

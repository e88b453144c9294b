"""The lean payment path reads the wallet paid from in the same statement as the caller's key
(one round trip fewer), and the payment uses that read once, for that wallet only."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.scenario import Council
from tests.support import Api
from wallet.persistence.db import Database
from wallet.persistence.wallet_repository import WalletRepository, keep_read_alongside


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def _statements_of_one_payment(council: Council, database: Database, wallet: str) -> list[str]:
    seen: list[str] = []

    def statement(*args) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(args[2].split()))

    event.listen(database.engine, "before_cursor_execute", statement)
    try:
        paid = council.pay(wallet, 100)
    finally:
        event.remove(database.engine, "before_cursor_execute", statement)
    assert paid.status == 201, paid.body
    return seen


def test_a_payment_reads_its_wallet_with_the_callers_key(council: Council, database: Database) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    statements = _statements_of_one_payment(council, database, wallet)
    if database.dialect != "postgresql":
        pytest.skip("on SQLite the key is read in a short read of its own (principal_for)")
    key_reads = [s for s in statements if "FROM api_keys" in s]
    assert len(key_reads) == 1 and "FROM wallets" in key_reads[0] and "policy_versions" in key_reads[0]
    assert not [s for s in statements if "FROM wallets" in s and "FROM api_keys" not in s], statements


def test_a_wallet_read_alongside_is_used_once_and_for_that_wallet_only(council: Council, database: Database) -> None:
    first, second = council.wallet(person_ref="P-1"), council.wallet(person_ref="P-2")
    with database.writer() as session:
        wallets = WalletRepository(session)
        read = wallets.with_policy(first)
        assert read is not None
        keep_read_alongside(session, first, read)
        # Asked for another wallet: read afresh, and what was kept is dropped.
        other = wallets.with_policy(second)
        assert other is not None and other[0].id == second
        assert wallets.with_policy(first) == read
        # A wallet found missing alongside is missing, without another read.
        keep_read_alongside(session, "no-such-wallet", None)
        assert wallets.with_policy("no-such-wallet") is None
        session.rollback()


def test_a_payment_from_a_wallet_the_key_may_not_see_is_still_refused(council: Council, api: Api) -> None:
    """The wallet is read beside any valid key; whether the caller may see it is decided as ever."""
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    stranger = Council.create(api, name="Lambeth Council")
    answer = api.post(f"/v1/wallets/{wallet}/payments", stranger.holder_key,
                      {"amount": 100, "category": "personal_assistant", "effective_date": "2026-04-10"})
    assert answer.status == 404, answer.body
    assert council.pay(wallet, 100).status == 201

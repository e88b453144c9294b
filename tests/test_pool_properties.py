"""Whatever happens to a pool, the money stays whole.

For any sequence of contributions, payments, joins and leaves (accepted or refused), the pool's
balance is the sum of its members' shares, no share goes negative, every account's maintained
totals equal the sum of its postings, and the whole ledger sums to zero.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import case, func, select

from tests.support import make_world
from wallet.domain.errors import DomainError
from wallet.domain.pools import Split
from wallet.domain.principals import Principal
from wallet.domain.wallets import Arrangement, Source
from wallet.persistence.db import Database
from wallet.persistence.tables import accounts, postings
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.open_wallet import open_wallet
from wallet.usecases.pools.contribute import contribute
from wallet.usecases.pools.create_pool import MemberTerms, create_pool, join_pool
from wallet.usecases.pools.membership import leave_pool
from wallet.usecases.pools.pay_from_pool import pay_from_pool
from wallet.usecases.pools.view_pool import view_pool
from wallet.usecases.record_funding import record_funding

DAY = date(2026, 4, 6)
WALLETS = 4

operations = st.lists(st.one_of(
    st.tuples(st.just("contribute_one"), st.integers(0, WALLETS - 1), st.integers(1, 30_000)),
    st.tuples(st.just("contribute_all"), st.just(0), st.integers(1, 60_000)),
    st.tuples(st.just("pay"), st.just(0), st.integers(1, 50_000)),
    st.tuples(st.just("join"), st.integers(0, WALLETS - 1), st.just(0)),
    st.tuples(st.just("leave"), st.integers(0, WALLETS - 1), st.just(0)),
), max_size=14)


def _setup(database: Database) -> tuple[Principal, list[str], str]:
    world = make_world(database, {"spend_order": ["person_contribution"]})
    with database.writer.begin() as session:
        wallets = []
        for i in range(WALLETS):
            wallet = open_wallet(session, world.funder, person_ref=f"P-{i}", holder_id=world.holder.organisation_id,
                                 arrangement=Arrangement.ISF, policy_id=world.policy_id, opened_on=DAY)
            for source, amount in ((Source.FUNDER, 50_000), (Source.PERSON_CONTRIBUTION, 7_000)):
                record_funding(session, world.funder, wallet.id, amount=amount, source=source, effective_date=DAY,
                               reference=None)
            wallets.append(wallet.id)
        pool = create_pool(session, world.holder, name="pool", split=Split.EQUAL,
                           members=[MemberTerms(w) for w in wallets[:2]], joined_on=DAY)
    return world.holder, wallets, pool.id


def _check(database: Database, holder: Principal, pool_id: str) -> None:
    with database.reader() as session:
        view = view_pool(session, holder, pool_id)
        assert view.balance == sum(m.share for m in view.members)
        assert all(m.share >= 0 and min(m.share_by_source.values(), default=0) >= 0 for m in view.members)
        signed = case((postings.c.side == "debit", postings.c.amount), else_=-postings.c.amount)
        from_postings = dict(session.execute(
            select(postings.c.account_id, func.sum(signed)).where(postings.c.phase == "posted")
            .group_by(postings.c.account_id)).all())
        for account_id, debits, credits in session.execute(
                select(accounts.c.id, accounts.c.debits_posted, accounts.c.credits_posted)):
            assert debits - credits == from_postings.get(account_id, 0)
        assert sum(from_postings.values()) == 0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_any_sequence_keeps_the_pool_whole(database: Database, steps: list[tuple[str, int, int]]) -> None:
    holder, wallets, pool_id = _setup(database)
    for day_offset, (operation, index, amount) in enumerate(steps):
        day = date.fromordinal(DAY.toordinal() + day_offset)
        try:
            with database.writer.begin() as session:
                if operation == "contribute_one":
                    contribute(session, holder, pool_id, wallet_id=wallets[index], amount=amount, effective_date=day)
                elif operation == "contribute_all":
                    contribute(session, holder, pool_id, wallet_id=None, amount=amount, effective_date=day)
                elif operation == "pay":
                    pay_from_pool(session, holder, pool_id, amount=amount, category="support", payee=None,
                                  effective_date=day, reference=None, description=None)
                elif operation == "join":
                    join_pool(session, holder, pool_id, MemberTerms(wallets[index]), day)
                else:
                    leave_pool(session, holder, pool_id, wallets[index], day)
        except DomainError:
            pass  # a refusal is a fine outcome; the invariants must hold either way
        _check(database, holder, pool_id)
    with database.reader() as session:
        for wallet_id in wallets:
            assert WalletRepository(session).get(wallet_id) is not None

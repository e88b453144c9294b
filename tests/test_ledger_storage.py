"""The ledger on a real database: invariants held by the domain *and* by the schema."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import case, func, select, text
from sqlalchemy.exc import DBAPIError

from tests.support import balances, cash, funds, open_accounts, post
from wallet.domain.accounts import Phase
from wallet.domain.errors import AlreadyReversed, InsufficientFunds, NotReversible, Unbalanced
from wallet.domain.postings import credit, debit, release_postings
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import LedgerRepository
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.schema import metadata
from wallet.persistence.tables import accounts, postings
from wallet.usecases.reverse_transaction import reverse_transaction


def test_migrations_create_exactly_the_declared_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []


def test_posting_maintains_balances(database: Database) -> None:
    open_accounts(database, cash(), funds("person"), funds("payee", guarded=False))
    post(database, [debit("bank", 70000), credit("person", 70000)])
    post(database, [debit("person", 12050), credit("payee", 12050)])
    assert balances(database) == {"bank": 70000, "person": -57950, "payee": -12050}


def test_overdraft_is_refused_and_leaves_nothing_behind(database: Database) -> None:
    open_accounts(database, cash(), funds("person"), funds("payee", guarded=False))
    post(database, [debit("bank", 1000), credit("person", 1000)])
    with pytest.raises(InsufficientFunds) as raised:
        post(database, [debit("person", 1500), credit("payee", 1500)])
    assert raised.value.shortfall == 500
    assert balances(database) == {"bank": 1000, "person": -1000, "payee": 0}
    with database.reader() as session:
        assert session.execute(select(func.count()).select_from(postings)).scalar_one() == 2


def test_the_database_refuses_an_overdraft_written_directly(database: Database) -> None:
    open_accounts(database, funds("person"))
    with database.writer() as session, pytest.raises(DBAPIError):
        session.execute(accounts.update().where(accounts.c.code == "person").values(debits_posted=1))
        session.commit()


@pytest.mark.parametrize("amount", [0, -5])
def test_the_database_refuses_zero_and_negative_postings(database: Database, amount: int) -> None:
    open_accounts(database, cash(), funds("person"))
    record = post(database, [debit("bank", 100), credit("person", 100)])
    with database.writer() as session, pytest.raises(DBAPIError):
        session.execute(postings.insert().values(
            transaction_seq=record.seq, account_id=record.postings[0].account_id, currency="GBP",
            side="debit", phase="posted", amount=amount, net_posted_after=0,
            debits_pending_after=0, credits_pending_after=0, recorded_at=record.recorded_at))
        session.commit()


def test_postgresql_refuses_an_unbalanced_transaction_written_with_raw_sql(database: Database, dialect: str) -> None:
    if dialect != "postgresql":
        pytest.skip("SQLite has no deferred constraints; the domain refuses unbalanced drafts there")
    open_accounts(database, cash(), funds("person"))
    with database.writer() as session:
        ids = dict(session.execute(select(accounts.c.code, accounts.c.id)).all())
        session.execute(text(
            "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
            "VALUES ('raw-1', 'raw', '2026-04-06', now(), '{}')"))
        seq = session.execute(text("SELECT seq FROM transactions WHERE id = 'raw-1'")).scalar_one()
        for account, side, amount in ((ids["bank"], "debit", 100), (ids["person"], "credit", 90)):
            session.execute(text(
                "INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, "
                "net_posted_after, debits_pending_after, credits_pending_after, recorded_at, effective_date) "
                "VALUES (:seq, :account, 'GBP', :side, 'posted', :amount, 0, 0, 0, now(), '2026-04-06')"),
                {"seq": seq, "account": account, "side": side, "amount": amount})
        with pytest.raises(DBAPIError, match="does not balance"):
            session.commit()


def test_postgresql_refuses_a_transaction_without_postings(database: Database, dialect: str) -> None:
    if dialect != "postgresql":
        pytest.skip("deferred constraint triggers are PostgreSQL's")
    with database.writer() as session:
        session.execute(text(
            "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
            "VALUES ('raw-2', 'raw', '2026-04-06', now(), '{}')"))
        with pytest.raises(DBAPIError, match="at least two"):
            session.commit()


@pytest.mark.parametrize("statement", [
    "UPDATE postings SET amount = amount + 1",
    "DELETE FROM postings",
    "UPDATE transactions SET reference = 'edited'",
    "DELETE FROM transactions",
])
def test_postings_and_transactions_cannot_be_modified(database: Database, statement: str) -> None:
    open_accounts(database, cash(), funds("person"))
    post(database, [debit("bank", 100), credit("person", 100)])
    with database.writer() as session, pytest.raises(DBAPIError, match="immutable"):
        session.execute(text(statement))
        session.commit()


def _operator(database: Database) -> Principal:
    with database.writer.begin() as session:
        organisation = OrganisationRepository(session).add("Operator", OrganisationKind.OPERATOR)
    return Principal("k", organisation.id, OrganisationKind.OPERATOR, Role.ADMIN)


def test_a_reversal_restores_every_balance_exactly(database: Database) -> None:
    principal = _operator(database)
    open_accounts(database, cash(), funds("person"), funds("payee", guarded=False), funds("fees", guarded=False))
    post(database, [debit("bank", 35000), credit("person", 35000)], organisation_id=principal.organisation_id)
    before = balances(database)
    payment = post(database, [debit("person", 12000), credit("payee", 11000), credit("fees", 1000)],
                   organisation_id=principal.organisation_id)
    with database.writer.begin() as session:
        reversal = reverse_transaction(session, principal, payment.id, reason="keyed twice")
    assert balances(database) == before
    assert reversal.reverses_id == payment.id
    with database.writer.begin() as session, pytest.raises(AlreadyReversed):
        reverse_transaction(session, principal, payment.id)
    with database.writer.begin() as session, pytest.raises(NotReversible):
        reverse_transaction(session, principal, reversal.id)


def test_a_reversal_that_would_overdraw_is_refused(database: Database) -> None:
    principal = _operator(database)
    open_accounts(database, cash(), funds("person"), funds("payee", guarded=False))
    funding = post(database, [debit("bank", 1000), credit("person", 1000)], organisation_id=principal.organisation_id)
    post(database, [debit("person", 600), credit("payee", 600)])
    with database.writer.begin() as session, pytest.raises(InsufficientFunds) as raised:
        reverse_transaction(session, principal, funding.id)
    assert raised.value.shortfall == 600


def test_pending_then_partial_post_through_the_repository(database: Database) -> None:
    open_accounts(database, cash(), funds("person"), funds("committed", guarded=False))
    post(database, [debit("bank", 1000), credit("person", 1000)])
    hold = post(database, [debit("person", 800, phase=Phase.PENDING), credit("committed", 800, phase=Phase.PENDING)])
    with database.reader() as session:
        person = LedgerRepository(session).account("person")
    assert (person.balance, person.available, person.pending_out) == (1000, 200, 800)
    with pytest.raises(InsufficientFunds):
        post(database, [debit("person", 300), credit("bank", 300)])
    post(database, [*release_postings(hold.as_postings()), debit("person", 500), credit("bank", 500)])
    with database.reader() as session:
        person = LedgerRepository(session).account("person")
    assert (person.balance, person.available, person.pending_out) == (500, 500, 0)


def test_unbalanced_drafts_never_reach_the_database(database: Database) -> None:
    open_accounts(database, cash(), funds("person"))
    with pytest.raises(Unbalanced):
        post(database, [debit("bank", 100), credit("person", 101)])
    assert balances(database) == {"bank": 0, "person": 0}


def test_point_in_time_balance_equals_a_full_recomputation(database: Database) -> None:
    rng = random.Random(7)
    codes = ["bank", "a", "b", "c"]
    open_accounts(database, cash(), funds("a", guarded=False), funds("b", guarded=False), funds("c", guarded=False))
    for _ in range(60):
        source, target = rng.sample(codes, 2)
        amount = rng.randint(1, 5000)
        post(database, [debit(source, amount), credit(target, amount)])
    with database.reader() as session:
        ledger = LedgerRepository(session)
        rows = session.execute(select(postings.c.recorded_at).order_by(postings.c.id)).scalars().all()
        moments = [rows[0] - timedelta(seconds=1)] + rng.sample(rows, 15) + [datetime.now(timezone.utc)]
        for moment in moments:
            for code in codes:
                account = ledger.account(code)
                signed = case((postings.c.side == "debit", postings.c.amount), else_=-postings.c.amount)
                recomputed = session.execute(
                    select(func.coalesce(func.sum(signed), 0))
                    .where(postings.c.account_id == account.id, postings.c.recorded_at <= moment)
                ).scalar_one()
                assert ledger.balance_as_of(account, moment).net_posted == recomputed


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["bank", "a", "b"]), st.sampled_from(["bank", "a", "b"]),
                          st.integers(1, 10**7)).filter(lambda t: t[0] != t[1]), max_size=12))
def test_stored_balances_always_sum_to_zero(database: Database, moves: list[tuple[str, str, int]]) -> None:
    open_accounts(database, cash(), funds("a", guarded=False), funds("b", guarded=False))
    for source, target, amount in moves:
        post(database, [debit(source, amount), credit(target, amount)])
        assert sum(balances(database).values()) == 0


def test_postgresql_refuses_a_posting_added_to_a_transaction_already_written(database: Database, dialect: str) -> None:
    """The check runs on a transaction's last posting: one added later, even in another database
    transaction or after the checks were forced early, is that last posting and is checked."""
    if dialect != "postgresql":
        pytest.skip("deferred constraint triggers are PostgreSQL's")
    open_accounts(database, cash(), funds("person"))
    record = post(database, [debit("bank", 100), credit("person", 100)])
    extra = ("INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, "
             "net_posted_after, debits_pending_after, credits_pending_after, recorded_at, effective_date) "
             "VALUES (:seq, :account, 'GBP', 'debit', 'posted', 5, 0, 0, 0, now(), '2026-04-06')")
    with database.writer() as session:
        session.execute(text(extra), {"seq": record.seq, "account": record.postings[0].account_id})
        with pytest.raises(DBAPIError, match="does not balance"):
            session.commit()
    # Checked early and found balanced, then unbalanced in the same database transaction.
    with database.writer() as session:
        session.execute(text(
            "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
            "VALUES ('raw-4', 'raw', '2026-04-06', now(), '{}')"))
        seq = session.execute(text("SELECT seq FROM transactions WHERE id = 'raw-4'")).scalar_one()
        for account, side in ((record.postings[0].account_id, "debit"), (record.postings[1].account_id, "credit")):
            session.execute(text(extra.replace("'debit'", ":side")), {"seq": seq, "account": account, "side": side})
        session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        session.execute(text(extra), {"seq": seq, "account": record.postings[0].account_id})
        with pytest.raises(DBAPIError, match="does not balance"):
            session.commit()


def test_postgresql_refuses_a_transaction_whose_only_posting_balances_nothing(database: Database, dialect: str) -> None:
    if dialect != "postgresql":
        pytest.skip("deferred constraint triggers are PostgreSQL's")
    open_accounts(database, cash(), funds("person"))
    with database.writer() as session:
        bank = session.execute(select(accounts.c.id).where(accounts.c.code == "bank")).scalar_one()
        session.execute(text(
            "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
            "VALUES ('raw-3', 'raw', '2026-04-06', now(), '{}')"))
        seq = session.execute(text("SELECT seq FROM transactions WHERE id = 'raw-3'")).scalar_one()
        session.execute(text(
            "INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, "
            "net_posted_after, debits_pending_after, credits_pending_after, recorded_at, effective_date) "
            "VALUES (:seq, :account, 'GBP', 'debit', 'posted', 100, 0, 0, 0, now(), '2026-04-06')"),
            {"seq": seq, "account": bank})
        with pytest.raises(DBAPIError, match="at least two"):
            session.commit()

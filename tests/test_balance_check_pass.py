"""PostgreSQL's deferred balance check, checked in one pass a round (migration 0025): whatever
order rows arrive in, and however a round is forced early, every transaction a database
transaction writes to is checked with all its postings before it commits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.support import cash, funds, open_accounts, post
from wallet.domain.accounts import Side
from wallet.domain.postings import TransactionDraft, credit, debit
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository
from wallet.persistence.tables import accounts, postings, transactions

NEW_TRANSACTION = ("INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
                   "VALUES (:id, 'raw', '2026-04-06', now(), '{}') RETURNING seq")
NEW_POSTING = ("INSERT INTO postings (transaction_seq, account_id, currency, side, phase, amount, "
               "net_posted_after, debits_pending_after, credits_pending_after, recorded_at, effective_date) "
               "VALUES (:seq, :account, 'GBP', :side, 'posted', :amount, 0, 0, 0, now(), '2026-04-06')")


@pytest.fixture
def ids(database: Database, dialect: str) -> dict[str, int]:
    if dialect != "postgresql":
        pytest.skip("deferred constraint triggers are PostgreSQL's; on SQLite the domain checks balance")
    open_accounts(database, cash(), funds("person"))
    with database.reader() as session:
        return dict(session.execute(select(accounts.c.code, accounts.c.id)).all())


def _transaction(session: Session, ids: dict[str, int], name: str, *amounts: int) -> int:
    """A raw transaction: a debit to the bank of the first amount, a credit to the person of each other."""
    seq = int(session.execute(text(NEW_TRANSACTION), {"id": name}).scalar_one())
    if amounts:
        _posting(session, seq, ids["bank"], "debit", amounts[0])
    for amount in amounts[1:]:
        _posting(session, seq, ids["person"], "credit", amount)
    return seq


def _posting(session: Session, seq: int, account: int, side: str, amount: int) -> None:
    session.execute(text(NEW_POSTING), {"seq": seq, "account": account, "side": side, "amount": amount})


def _count(database: Database) -> tuple[int, int]:
    with database.reader() as session:
        return (len(session.execute(select(transactions.c.seq)).all()),
                len(session.execute(select(postings.c.id)).all()))


def _post(session: Session, amount: int) -> None:
    LedgerRepository(session).post(TransactionDraft(kind="test", effective_date=date(2026, 4, 6),
                                                    postings=(debit("bank", amount), credit("person", amount))),
                                   organisation_id=None)


def test_many_balanced_transactions_commit_in_one_pass(database: Database, ids: dict[str, int]) -> None:
    before = _count(database)
    with database.writer() as session:
        for n in range(50):
            _post(session, 100 + n)
        session.commit()
    assert _count(database) == (before[0] + 50, before[1] + 100)


@pytest.mark.parametrize("position", [0, 17, 49])
def test_one_unbalanced_transaction_among_many_refuses_the_commit(database: Database, ids: dict[str, int],
                                                                  position: int) -> None:
    before = _count(database)
    with database.writer() as session:
        seqs = [_transaction(session, ids, f"t-{n}", 100, 100 if n != position else 99) for n in range(50)]
        with pytest.raises(DBAPIError, match=f"transaction {seqs[position]} does not balance"):
            session.commit()
    assert _count(database) == before


def test_a_transaction_without_postings_among_many_refuses_the_commit(database: Database, ids: dict[str, int]) -> None:
    with database.writer() as session:
        _transaction(session, ids, "a", 100, 100)
        empty = _transaction(session, ids, "empty")
        _transaction(session, ids, "b", 100, 100)
        with pytest.raises(DBAPIError, match=f"transaction {empty} has 0 postings; at least two"):
            session.commit()


@pytest.mark.parametrize("old_first", [True, False])
def test_a_posting_added_to_an_old_transaction_beside_new_ones_is_checked(database: Database, ids: dict[str, int],
                                                                          old_first: bool) -> None:
    """The pass starts at the round's newest transactions; an older one gets its own check."""
    old = post(database, [debit("bank", 100), credit("person", 100)])
    with database.writer() as session:
        if old_first:
            _posting(session, old.seq, ids["bank"], "debit", 5)
        _transaction(session, ids, "new", 100, 100)
        if not old_first:
            _posting(session, old.seq, ids["bank"], "debit", 5)
        with pytest.raises(DBAPIError, match=f"transaction {old.seq} does not balance"):
            session.commit()


def test_a_transaction_written_after_a_round_forced_early_is_checked(database: Database, ids: dict[str, int]) -> None:
    with database.writer() as session:
        _transaction(session, ids, "first", 100, 100)
        session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        later = _transaction(session, ids, "later", 100, 30)
        with pytest.raises(DBAPIError, match=f"transaction {later} does not balance"):
            session.commit()
    with database.writer() as session:
        _transaction(session, ids, "first", 100, 100)
        session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        later = _transaction(session, ids, "later", 100)
        with pytest.raises(DBAPIError, match=f"transaction {later} has 1 postings; at least two"):
            session.commit()


def test_a_round_forced_early_refuses_what_is_unbalanced_then(database: Database, ids: dict[str, int]) -> None:
    with database.writer() as session:
        seq = _transaction(session, ids, "half", 100)
        with pytest.raises(DBAPIError, match=f"transaction {seq} has 1 postings"):
            session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))


def test_transactions_before_and_after_a_round_forced_early_commit(database: Database, ids: dict[str, int]) -> None:
    before = _count(database)
    with database.writer() as session:
        _post(session, 100)
        session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
        _post(session, 200)
        _post(session, 300)
        session.commit()
    assert _count(database) == (before[0] + 3, before[1] + 6)


def test_the_marks_of_one_database_transaction_do_not_carry_into_the_next(database: Database,
                                                                         ids: dict[str, int]) -> None:
    seq = post(database, [debit("bank", 100), credit("person", 100)]).seq
    # Same connection (the pool has it), a new database transaction: the posting is checked.
    with database.writer() as session:
        _posting(session, seq, ids["person"], "credit", 1)
        with pytest.raises(DBAPIError, match=f"transaction {seq} does not balance"):
            session.commit()


def test_a_transaction_in_two_currencies_gets_the_exact_check(database: Database, ids: dict[str, int]) -> None:
    """The pass sums a phase across currencies; a transaction in two is checked currency by
    currency, so one balanced in each commits and one balanced only in sum is refused."""
    with database.writer.begin() as session:
        LedgerRepository(session).open_accounts([AccountSpec("bank-eur", Side.DEBIT, currency="EUR"),
                                                 AccountSpec("person-eur", Side.CREDIT, currency="EUR")])
    before = _count(database)
    with database.writer() as session:
        _post(session, 100)
        LedgerRepository(session).post(TransactionDraft(kind="test", effective_date=date(2026, 4, 6), postings=(
            debit("bank", 50), credit("person", 50),
            debit("bank-eur", 70, currency="EUR"), credit("person-eur", 70, currency="EUR"))), organisation_id=None)
        session.commit()
    assert _count(database) == (before[0] + 2, before[1] + 6)
    with database.reader() as session:
        eur = dict(session.execute(select(accounts.c.code, accounts.c.id)
                                   .where(accounts.c.currency == "EUR")).all())
    with database.writer() as session:
        seq = _transaction(session, ids, "mixed", 100, 60)  # GBP: off by 40 ...
        session.execute(text(NEW_POSTING.replace("'GBP'", "'EUR'")),
                        {"seq": seq, "account": eur["person-eur"], "side": "credit", "amount": 40})  # ... EUR: by 40
        with pytest.raises(DBAPIError, match=f"transaction {seq} does not balance"):
            session.commit()


@pytest.mark.parametrize("posted, bulk", [(1, False), (4, True)], ids=["one statement", "bulk seal"])
def test_the_checks_run_before_the_seal_takes_the_journal_heads_lock(database: Database, ids: dict[str, int],
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     posted: int, bulk: bool) -> None:
    """The seal's commit checks the deferred constraints first: an unbalanced transaction is
    refused without waiting for the journal head, the lock every writer queues on. Another
    transaction holds that lock here, so checking under it would time out instead. So does a bulk
    run's seal (past ``SEAL_IN_ONE_STATEMENT``, links made in Python): at COMMIT the checks of a
    run's hundreds of thousands of postings ran while every other writer waited on that lock."""
    from wallet.persistence import journal_chain
    from wallet.persistence.trust_tables import journal_head

    if bulk:
        monkeypatch.setattr(journal_chain, "SEAL_IN_ONE_STATEMENT", 3)
    before = _count(database)
    with database.writer() as holder:
        head_before = holder.execute(select(journal_head).with_for_update()).one()
        with database.writer() as session:
            session.execute(text("SET LOCAL lock_timeout = '2s'"))
            for n in range(posted):
                _post(session, 100 + n)  # staged for the seal: the commit is the seal's
            unbalanced = _transaction(session, ids, "unbalanced", 100, 99)
            with pytest.raises(DBAPIError, match=f"transaction {unbalanced} does not balance"):
                session.commit()
        holder.rollback()
    assert _count(database) == before
    with database.reader() as session:
        assert session.execute(select(journal_head)).one() == head_before

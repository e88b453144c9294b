"""The set-based funding run: schedules decided and written a batch at a time, on SQLite and
PostgreSQL. Each test makes the batches tiny (``BATCH``), so a handful of wallets crosses several
batch boundaries. The conftest check after every test recomputes the whole hash chain and checks
that every account's totals equal its postings and that the ledger balances."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tests.scenario import Council
from tests.support import Api, balances
from wallet.domain import funding_runs
from wallet.domain.errors import WalletEnded
from wallet.domain.schedules import PeriodAlreadyPaid
from wallet.persistence.db import Database
from wallet.persistence.schedule_repository import ScheduleRepository
from wallet.persistence.tables import postings, transactions
from wallet.persistence.trust_tables import events
from wallet.persistence.wallet_tables import schedule_payments
from wallet.persistence.wallet_tables import wallets as wallet_rows
from wallet.usecases import funding_run
from wallet.usecases.funding_run import (
    funder_principal,
    run_funding,
    run_funding_for_schedules,
    schedules_to_run,
)

WEEKLY = {"amount": 40000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-04-06"}
# 2% and 50p a period, capped at £30 a year: 40000 * 2% + 50 = 850 a week, so the cap of 3000 is
# reached in the fourth week (850 * 3 = 2550, then only 450 more), and nothing after it.
CAPPED_FEE = {"percent_bp": 200, "fixed_per_period": 50, "annual_cap": 3000}


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(funding_run, "BATCH", 2)


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def book(council: Council, wallets: int = 5) -> list[str]:
    """Wallets with a weekly funder schedule each; every other one an NHS schedule too (also
    fee-bearing, so one wallet's fees under one cap come from two schedules, in different batches)."""
    policy = council.policy(management_fee=CAPPED_FEE)
    ids = []
    for n in range(wallets):
        wallet = council.wallet(policy, person_ref=f"P-{n}")
        add = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, WEEKLY)
        assert add.status == 201, add.body
        if n % 2 == 0:
            nhs = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key,
                                   {**WEEKLY, "amount": 10000, "source": "nhs"})
            assert nhs.status == 201, nhs.body
        ids.append(wallet)
    return ids


def count(database: Database, table: Any, *where: Any) -> int:
    with database.reader() as session:
        return int(session.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def whole_run(database: Database, council: Council, as_of: date) -> funding_run.FundingRun:
    with database.reader() as session:
        principal = funder_principal(session, council.funder_id)
    with database.writer.begin() as session:
        return run_funding(session, principal, as_of)


def test_batches_pay_what_one_funding_at_a_time_would_with_the_fee_cap_across_schedules(council: Council) -> None:
    database = council.api.database
    wallets = book(council)
    run = whole_run(database, council, date(2026, 4, 27))  # four weekly periods: 6, 13, 20 and 27 April

    # Wallet 0 has both schedules: funder 40000 (fee 850) and NHS 10000 (fee 10000 * 2% + 50 = 250) a
    # week, under one £30 cap. Schedules are paid in id order, each in period order; whichever
    # comes first, the year's fees stop at exactly 3000.
    fees_of = {w: sum(p.management_fee for p in run.paid if p.wallet_id == w) for w in wallets}
    assert fees_of[wallets[0]] == 3000 and fees_of[wallets[2]] == 3000 and fees_of[wallets[4]] == 3000
    # Wallet 1 has the funder schedule only: 850 + 850 + 850 + 450 (the cap) = 3000 too.
    assert fees_of[wallets[1]] == 3000 and [p.management_fee for p in run.paid if p.wallet_id == wallets[1]] == [
        850, 850, 850, 450]
    assert len(run.paid) == 5 * 4 + 3 * 4
    # What each wallet holds: 4 * 40000 funder money less its fees, plus 4 * 10000 NHS money.
    for n, wallet in enumerate(wallets):
        assert council.balances(wallet)["available"] == 4 * 40000 + (4 * 10000 if n % 2 == 0 else 0) - 3000
    assert count(database, transactions, transactions.c.kind == "scheduled_funding") == 32
    assert count(database, schedule_payments, schedule_payments.c.status == "paid") == 32
    # Every funding is its own transaction, with its own event for the funder and for the holder.
    assert count(database, events, events.c.type == "transaction.posted") == 2 * 32

    # A later run carries the cap on from what is stored: no more fees this financial year.
    later = whole_run(database, council, date(2026, 5, 4))
    assert len(later.paid) == 8 and all(p.management_fee == 0 for p in later.paid)


def test_what_changed_while_the_run_waited_for_its_locks_is_seen(council: Council,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The run decides what is owed, locks the accounts, then looks again: a wallet closed, or given
    an end date, while it waited is paid accordingly; what did not change is kept as decided."""
    database = council.api.database
    wallets = book(council, wallets=3)
    locking = funding_run.lock_owed

    def close_some_then_lock(session: Any, *args: Any, **kwargs: Any) -> Any:
        # As a close committed while the run waited would be seen once its locks are held.
        session.execute(update(wallet_rows).where(wallet_rows.c.id == wallets[0]).values(
            status="closed", closed_on=date(2026, 4, 1), closure_reason="ended"))
        session.execute(update(wallet_rows).where(wallet_rows.c.id == wallets[1]).values(
            closed_on=date(2026, 4, 14), closure_reason="ended"))
        return locking(session, *args, **kwargs)

    monkeypatch.setattr(funding_run, "lock_owed", close_some_then_lock)
    run = whole_run(database, council, date(2026, 4, 27))
    periods = {w: [(p.period_start, p.period_end) for p in run.paid if p.wallet_id == w] for w in wallets}
    assert periods[wallets[0]] == []
    # Paid up to its end date: two weeks, the second cut at the 14th.
    assert periods[wallets[1]] == [(date(2026, 4, 6), date(2026, 4, 12)), (date(2026, 4, 13), date(2026, 4, 14))]
    # The untouched wallet: four weeks of each of its two schedules.
    assert len(periods[wallets[2]]) == 8


def test_a_run_twice_pays_nothing_twice(council: Council) -> None:
    database = council.api.database
    wallets = book(council)
    first = whole_run(database, council, date(2026, 4, 13))
    before = balances(database)
    second = whole_run(database, council, date(2026, 4, 13))
    assert len(first.paid) == 16 and second.paid == ()
    assert balances(database) == before
    assert sum(council.balances(w)["available"] for w in wallets) == first.total_amount - first.total_fees


def test_concurrent_runs_in_batches_and_whole_pay_each_period_once(council: Council) -> None:
    database = council.api.database
    book(council, wallets=6)
    with database.reader() as session:
        principal = funder_principal(session, council.funder_id)
    as_of = date(2026, 4, 20)
    start = threading.Barrier(4)

    def whole(_: int) -> int:
        start.wait()
        with database.writer.begin() as session:
            return len(run_funding(session, principal, as_of).paid)

    def in_batches(_: int) -> int:
        # What the command line does: a few schedules a database transaction.
        start.wait()
        with database.reader() as session:
            ids = schedules_to_run(session, principal, as_of)
        total = 0
        for first in range(0, len(ids), 3):
            with database.writer.begin() as session:
                total += len(run_funding_for_schedules(session, principal, ids[first:first + 3], as_of).paid)
        return total

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(whole, 0), pool.submit(in_batches, 1), pool.submit(whole, 2),
                   pool.submit(in_batches, 3)]
        counts = [f.result(timeout=120) for f in futures]
    expected = (6 + 3) * 3  # nine schedules, three weekly periods each
    assert sum(counts) == expected
    assert count(database, transactions, transactions.c.kind == "scheduled_funding") == expected
    assert count(database, schedule_payments, schedule_payments.c.status == "paid") == expected


def _nothing_stored(database: Database) -> None:
    assert count(database, transactions) == 0 and count(database, postings) == 0
    assert count(database, schedule_payments) == 0
    assert count(database, events, events.c.type == "transaction.posted") == 0
    assert all(balance == 0 for balance in balances(database).values())


def test_a_refusal_in_a_later_batch_leaves_nothing_of_the_earlier_ones(council: Council,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    database = council.api.database
    wallets = book(council)
    refused_wallet = wallets[3]  # decided in the third batch of two schedules, after two were written
    decide = funding_runs.check_value_date

    def refuse_one(wallet, day):  # type: ignore[no-untyped-def]
        if wallet.wallet_id == refused_wallet:
            raise WalletEnded("ended", ended_on="2026-04-05")
        decide(wallet, day)

    monkeypatch.setattr(funding_runs, "check_value_date", refuse_one)
    with pytest.raises(WalletEnded):
        whole_run(database, council, date(2026, 4, 13))
    _nothing_stored(database)

    monkeypatch.setattr(funding_runs, "check_value_date", decide)
    assert len(whole_run(database, council, date(2026, 4, 13)).paid) == 16


def test_the_unique_index_backstop_refuses_the_whole_run(council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a period already paid get past the locks, the paid-period insert is refused and
    the run's fundings, written a statement before, roll back with it."""
    database = council.api.database
    book(council, wallets=2)
    run = whole_run(database, council, date(2026, 4, 6))
    assert len(run.paid) == 3
    before = balances(database), count(database, transactions)
    real_paid = ScheduleRepository.paid

    def forgetting(self, schedules, **kwargs):  # type: ignore[no-untyped-def]
        return {schedule_id: funding_run_paid_nothing() for schedule_id in real_paid(self, schedules, **kwargs)}

    def funding_run_paid_nothing():  # type: ignore[no-untyped-def]
        from wallet.persistence.schedule_repository import PaidFundings
        return PaidFundings()

    monkeypatch.setattr(ScheduleRepository, "paid", forgetting)
    with pytest.raises(PeriodAlreadyPaid):
        whole_run(database, council, date(2026, 4, 6))
    assert (balances(database), count(database, transactions)) == before


def test_a_run_sealed_many_at_once_is_chained_and_numbered_like_one_at_a_time(council: Council,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``SEAL_IN_ONE_STATEMENT`` the links are made in Python and written in one statement;
    the conftest check recomputes every link after the test, so a wrong one would show."""
    from wallet.persistence import journal_chain
    from wallet.persistence.trust_tables import journal_head, transaction_hashes

    monkeypatch.setattr(journal_chain, "SEAL_IN_ONE_STATEMENT", 3)
    database = council.api.database
    book(council)
    run = whole_run(database, council, date(2026, 4, 13))
    assert len(run.paid) == 16
    with database.reader() as session:
        seqs = sorted(session.execute(select(events.c.seq)).scalars())
        head = session.execute(select(journal_head)).one()
        positions = sorted(session.execute(select(transaction_hashes.c.position)).scalars())
    assert seqs == list(range(1, len(seqs) + 1)) and head.last_event_seq == len(seqs)
    assert positions == list(range(1, count(database, transactions) + 1)) == list(range(1, head.transaction_count + 1))
    # The events as the one-statement seal writes them: one per reader, each naming its transaction.
    with database.reader() as session:
        posted = session.execute(select(events.c.organisation_id, events.c.occurred_at, events.c.data)
                                 .where(events.c.type == "transaction.posted")).all()
        funded = set(session.execute(select(transactions.c.id).where(transactions.c.kind == "scheduled_funding"))
                     .scalars())
    assert {row.data["transaction_id"] for row in posted} >= funded
    assert {row.organisation_id for row in posted} == {council.funder_id, council.holder_id}
    assert all(row.data["kind"] and row.data["wallet_ids"] and row.occurred_at.tzinfo for row in posted)


def test_events_sealed_many_at_once_are_the_events_staged_in_their_order(council: Council,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk seal sends events told to several readers as one group (their data once): what it
    writes is still every staged event, with its own id, reader, type, moment and data, numbered in
    the order staged."""
    from wallet.persistence import event_repository, journal_chain

    monkeypatch.setattr(journal_chain, "SEAL_IN_ONE_STATEMENT", 3)
    staged: list[dict[str, Any]] = []
    real_stage = event_repository.stage_events

    def recording(session, rows):  # type: ignore[no-untyped-def]
        staged.extend(dict(row) for row in rows)
        real_stage(session, rows)

    monkeypatch.setattr(event_repository, "stage_events", recording)
    database = council.api.database
    book(council)
    with database.reader() as session:
        before = session.execute(select(func.coalesce(func.max(events.c.seq), 0))).scalar_one()
    staged.clear()
    whole_run(database, council, date(2026, 4, 13))
    with database.reader() as session:
        written = session.execute(select(events).where(events.c.seq > before).order_by(events.c.seq)).all()
    assert len(staged) > 3 and len(written) == len(staged)
    assert [row.seq for row in written] == list(range(before + 1, before + len(staged) + 1))
    assert [(row.event_id, row.organisation_id, row.type, row.occurred_at, row.data) for row in written] == [
        (row["event_id"], row["organisation_id"], row["type"], row["occurred_at"], row["data"]) for row in staged]
    # Told to the funder and the holder: one event, one row (and one number) for each reader.
    assert len({(row.event_id, row.organisation_id) for row in written}) == len(written)
    assert len({row.event_id for row in written}) == len(written) // 2
    assert {row.organisation_id for row in written} == {council.funder_id, council.holder_id}

"""Bulk runs pause the cycle collector and always give it back, even when they fail."""

from __future__ import annotations

import gc

import pytest

from wallet.usecases.cycle_collector import bulk_run


def test_overlapping_runs_resume_the_collector_only_when_the_last_ends() -> None:
    @bulk_run
    def inner() -> None:
        assert not gc.isenabled()

    @bulk_run
    def outer() -> None:
        assert not gc.isenabled()
        inner()
        assert not gc.isenabled()

    assert gc.isenabled()
    outer()
    assert gc.isenabled()


def test_a_failing_run_gives_the_collector_back() -> None:
    @bulk_run
    def refused() -> None:
        assert not gc.isenabled()
        raise RuntimeError("refused half-way")

    with pytest.raises(RuntimeError):
        refused()
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused() -> None:
    @bulk_run
    def run() -> None:
        pass

    gc.disable()
    try:
        run()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_run_in_a_transaction_keeps_the_collector_paused_until_the_transaction_ends(database) -> None:  # type: ignore[no-untyped-def]
    """The commit seals what the run wrote while its results are alive: no collection meanwhile."""
    from sqlalchemy import text

    @bulk_run
    def run(session) -> None:  # type: ignore[no-untyped-def]
        session.execute(text("SELECT 1"))

    for end in ("commit", "rollback"):
        session = database.writer()
        try:
            session.begin()
            run(session)
            assert not gc.isenabled(), "paused through the commit's seal"
            with session.begin_nested():  # a savepoint's end is not the transaction's
                pass
            assert not gc.isenabled()
            getattr(session, end)()
            assert gc.isenabled(), f"given back at the {end}"
        finally:
            session.close()
    assert gc.isenabled()

"""Bulk runs pause the cycle collector and always give it back, even when they fail."""

from __future__ import annotations

import gc

import pytest

from wallet.usecases.cycle_collector import bulk_run, collector_paused


def test_overlapping_runs_resume_the_collector_only_when_the_last_ends() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
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
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

"""Bulk runs pause Python's cycle collector while they run.

A funding run or a close of a whole book makes millions of small objects (rows, postings,
records) and keeps most of them until it returns. Each automatic collection walks every live
object the run is holding, so the collections grow with the run: at 10,000 wallets they took a
quarter of the run's processor time, more at 100,000. What a run makes holds no reference cycles
that need collecting (reference counting frees it), so the collector is paused for the run and
resumed afterwards; a collection then runs once. The pause is process-wide, so it is counted:
overlapping runs (threads of one server) resume it only when the last one ends.

A run's work is not over when it returns: its database transaction is still to commit, and the
commit seals everything the run wrote (the chain's links, the events, tens of thousands of rows
made in Python) while the run's results are still alive. With the collector back on, the
collections during that seal walked the whole heap: 0.3 s of a 10,000-wallet funding run's
commit. So a run given a session in a transaction keeps the collector paused until that
transaction ends, committed or rolled back.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

F = TypeVar("F", bound=Callable[..., Any])

_lock = threading.Lock()
_running = 0
_was_enabled = False


def _pause() -> None:
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1


def _resume() -> None:
    global _running
    with _lock:
        _running -= 1
        resume = _running == 0 and _was_enabled
        if resume:
            gc.enable()
    if resume:
        gc.collect(1)  # the young generations: the run's garbage is freed by reference counts


# Pauses a session holds until its database transaction ends.
_HELD = "wallet.collector_paused"


@event.listens_for(Session, "after_transaction_end")
def _resume_held(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        for _ in range(session.info.pop(_HELD, 0)):
            _resume()


def bulk_run(use_case: F) -> F:
    """Run the decorated use case with the cycle collector paused, until its session's database
    transaction ends (or, without one, until it returns)."""

    @functools.wraps(use_case)
    def paused(*args: Any, **kwargs: Any) -> Any:
        session = args[0] if args and isinstance(args[0], Session) else None
        _pause()
        try:
            result = use_case(*args, **kwargs)
        except BaseException:
            _resume()
            raise
        if session is not None and session.in_transaction():
            session.info[_HELD] = session.info.get(_HELD, 0) + 1
        else:
            _resume()
        return result

    return paused  # type: ignore[return-value]

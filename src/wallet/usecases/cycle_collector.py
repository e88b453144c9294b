"""Bulk runs pause Python's cycle collector while they run.

A funding run or a close of a whole book makes millions of small objects (rows, postings,
records) and keeps most of them until it returns. Each automatic collection walks every live
object the run is holding, so the collections grow with the run: at 10,000 wallets they took a
quarter of the run's processor time, more at 100,000. What a run makes holds no reference cycles
that need collecting (reference counting frees it), so the collector is paused for the run and
resumed afterwards; a collection then runs once. The pause is process-wide, so it is counted:
overlapping runs (threads of one server) resume it only when the last one ends.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            resume = _running == 0 and _was_enabled
            if resume:
                gc.enable()
        if resume:
            gc.collect(1)  # the young generations: the run's garbage is freed by reference counts


def bulk_run(use_case: F) -> F:
    """Run the decorated use case with the cycle collector paused."""

    @functools.wraps(use_case)
    def paused(*args: Any, **kwargs: Any) -> Any:
        with collector_paused():
            return use_case(*args, **kwargs)

    return paused  # type: ignore[return-value]

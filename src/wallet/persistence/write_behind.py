"""A bulk run's writes, sent while the run goes on deciding its next batch.

A funding run of a whole book is a loop of Python deciding a batch and the server writing it, one
after the other on one connection: on two cores, one of them idles at each step. Here a batch's
writes run on one other thread, on the run's own connection and in its database transaction,
while the run's thread decides the next batch in Python: the driver releases the interpreter
while it waits for the server, so the two overlap.

The rule that makes this safe: while a write is in flight, the run's thread does not use the
database (it only decides, in Python, and keeps notes in ``session.info``). Every statement the run
sends goes through ``submit`` or after ``wait``, so the statements still reach the server one at a
time and in the order the run made them, and they read what the ones before them wrote. A write
that fails raises at the next ``wait`` (or ``submit``, which waits first), and the run's database
transaction rolls back whole, as when the run refuses. Leaving the ``with`` block always waits for
the write in flight, so nothing uses the connection after the run has let it go.

On SQLite a write runs at once, on the run's thread: its writer is in-process anyway.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from sqlalchemy.orm import Session

from wallet.persistence.db import is_postgresql


class WriteBehind:
    def __init__(self, session: Session) -> None:
        # The connection is taken now, on the run's thread, so the writer only ever uses it.
        session.connection()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="write-behind") if is_postgresql(session) else None
        self._in_flight: Future[None] | None = None

    def submit(self, write: Callable[[], None]) -> None:
        """Start ``write`` once the one before it has ended (and raise what that one raised)."""
        self.wait()
        if self._pool is None:
            write()
            return
        # The request's context (its id in the logs) goes with the write.
        self._in_flight = self._pool.submit(contextvars.copy_context().run, write)

    def wait(self) -> None:
        """Until no write is in flight; what a failed write raised is raised here."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            if error is None:
                self.wait()
            elif self._in_flight is not None:
                # The run already failed: wait for the write, and let the run's own error be told.
                self._in_flight.exception()
                self._in_flight = None
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)

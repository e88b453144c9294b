"""A bulk run's writes, sent while the run goes on deciding its next batch.

A funding run of a whole book is a loop of Python deciding a batch and the server writing it, one
after the other on one connection: on two cores, one of them idles at each step. Here a batch's
writes run on one other thread, on the run's own connection and in its database transaction,
while the run's thread decides the next batch in Python: the driver releases the interpreter
while it waits for the server, so the two overlap.

The rule that makes this safe: while a write is in flight, the run's thread does not use the
database (it only decides, in Python, and keeps notes in ``session.info``). Every statement the run
sends goes through ``submit`` (jobs run one at a time, in the order queued) or after ``wait``, so the
statements still reach the server in the order the run made them, and each reads what the ones
before it wrote. A job can also read ahead (a close reads its next batch while it decides this
one). A job that fails raises from its future or at ``wait``, and the run's database transaction
rolls back whole, as when the run refuses; a job queued behind a failure is not run. Leaving the
``with`` block always waits for the job in flight, so nothing uses the connection after the run
has let it go.

On SQLite a job runs at once, on the run's thread: its writer is in-process anyway.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from wallet.persistence.db import is_postgresql

T = TypeVar("T")


class WriteBehind:
    def __init__(self, session: Session) -> None:
        # The connection is taken now, on the run's thread, so the writer only ever uses it.
        session.connection()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="write-behind") if is_postgresql(session) else None
        self._queued: list[Future[Any]] = []
        self._failed = False

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Queue ``job`` (statements and what they return) behind those queued before it; its
        result or its error comes from the future, or from ``wait``. A job queued after one that
        failed is not run: the transaction is lost anyway."""
        if self._pool is None:
            done: Future[T] = Future()
            done.set_result(job())
            return done
        # The request's context (its id in the logs) goes with the job.
        queued = self._pool.submit(contextvars.copy_context().run, self._run, job)
        self._queued.append(queued)
        return queued

    def _run(self, job: Callable[[], T]) -> T:
        if self._failed:
            raise RuntimeError("not run: a job before it failed")
        try:
            return job()
        except BaseException:
            self._failed = True
            raise

    def wait(self) -> None:
        """Until every job queued has ended; the first that failed raises here."""
        queued, self._queued = self._queued, []
        for job in queued:
            job.result()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            if error is None:
                self.wait()
            else:
                # The run already failed: wait for its jobs, and let the run's own error be told.
                self._failed = True
                for job in self._queued:
                    job.exception()
                self._queued = []
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)

"""The webhook worker: every serving process runs one in a thread (``start_webhook_worker``, from the
app's lifespan), and ``wallet deliver-webhooks`` runs one as a process of its own.

Workers share the work through the database: each leases the endpoints it serves, so any number
of them may run at once and an endpoint is only ever served by one; a worker that dies leaves a
lease that runs out, and the next worker sends again what it had not recorded.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

import httpx

from wallet.config import Settings
from wallet.persistence.db import Database
from wallet.persistence.types import utc_now
from wallet.usecases.deliver_webhooks import (
    Delivery,
    RetryPolicy,
    Skip,
    any_due,
    claim_endpoints,
    next_step,
    record_outcome,
    release,
    renew_lease,
    skip,
)
from wallet.webhooks import transport

logger = logging.getLogger("wallet.webhooks")

POLL_SECONDS = 1.0
CLAIM_BATCH = 20


class WebhookWorker:
    def __init__(self, database: Database, settings: Settings, *, http: httpx.BaseTransport | None = None,
                 lease_seconds: float | None = None, poll_seconds: float = POLL_SECONDS) -> None:
        self.database = database
        self.settings = settings
        self.retry = RetryPolicy.of(settings)
        self.http = http  # tests hand in a transport of their own; otherwise httpx's
        # Long enough for a delivery that takes its whole timeout; renewed after every delivery.
        self.lease = timedelta(seconds=lease_seconds if lease_seconds is not None
                               else 2 * settings.webhook_timeout_seconds + 30)
        self.poll_seconds = poll_seconds
        self.worker_id = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Serve every endpoint that is due now, once each: send a healthy endpoint everything it
        has waiting, a failing one its next attempt. The number of deliveries attempted."""
        served: set[str] = set()
        attempted = 0
        while not self.stopping.is_set():
            with self.database.reader() as session:
                if not any_due(session, utc_now(), exclude=served):
                    break
            with self.database.writer.begin() as session:
                now = utc_now()
                claimed = claim_endpoints(session, worker_id=self.worker_id, now=now, lease_until=now + self.lease,
                                          exclude=served, limit=CLAIM_BATCH)
            if not claimed:
                break  # another worker claimed them first
            for endpoint_id in claimed:
                served.add(endpoint_id)
                attempted += self._serve(endpoint_id)
        return attempted

    def run_forever(self) -> None:
        """Until ``stop()``: serve what is due, and wait a moment whenever nothing was."""
        logger.info("webhook worker %s started", self.worker_id)
        failing = False
        while not self.stopping.is_set():
            try:
                busy = self.run_once() > 0
            except Exception:  # noqa: BLE001 - a database that is away for a moment must not end the worker
                if not failing:  # once, not every second until it is back (a schema not migrated yet)
                    logger.exception("webhook worker %s: a pass failed; trying again every %g s",
                                     self.worker_id, self.poll_seconds)
                failing, busy = True, False
            else:
                if failing:
                    logger.warning("webhook worker %s: passes succeed again", self.worker_id)
                failing = False
            if not busy:
                self.stopping.wait(self.poll_seconds)
        logger.info("webhook worker %s stopped", self.worker_id)

    def start(self) -> None:
        self.thread = threading.Thread(target=self.run_forever, name="webhook-worker", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop after the delivery under way, if any (it is recorded, or sent again later)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=self.settings.webhook_timeout_seconds + 5)

    def _serve(self, endpoint_id: str) -> int:
        """Deliver to one endpoint until it has nothing due, fails, or the worker stops. Left on an
        error, the lease is not released: it runs out, and the endpoint is served again then."""
        attempted = 0
        try:
            # Claimed in a batch, so renewed now: if it ran out meanwhile and another worker took it
            # over, it is that worker's.
            if not self._write(lambda s: renew_lease(s, endpoint_id, worker_id=self.worker_id,
                                                     lease_until=utc_now() + self.lease)):
                return 0
            with transport.client(self.settings.webhook_timeout_seconds, self.http) as http:
                while not self.stopping.is_set():
                    with self.database.reader() as session:
                        step = next_step(session, endpoint_id, worker_id=self.worker_id, now=utc_now())
                    if step is None:
                        break
                    if isinstance(step, Skip):
                        if not self._write(lambda s, step=step: skip(s, step, worker_id=self.worker_id,
                                                                     lease_until=utc_now() + self.lease)):
                            break
                        continue
                    attempted += 1
                    if not self._deliver(http, step):
                        break
            with self.database.writer.begin() as session:
                release(session, endpoint_id, worker_id=self.worker_id)
        except Exception:  # noqa: BLE001 - one endpoint's trouble must not stop the others'
            logger.exception("webhook worker %s: serving endpoint %s failed", self.worker_id, endpoint_id)
        return attempted

    def _deliver(self, http: httpx.Client, delivery: Delivery) -> bool:
        outcome = transport.send(http, delivery, allow_private=self.settings.webhook_allow_private,
                                 timeout_seconds=self.settings.webhook_timeout_seconds)
        if not outcome.succeeded:
            logger.info("webhook delivery %s of event %s to endpoint %s failed: %s", delivery.delivery_id,
                        delivery.event.event_id, delivery.endpoint.id, outcome.error or outcome.status_code)

        def record(session):  # type: ignore[no-untyped-def]
            now = utc_now()
            return record_outcome(session, delivery, outcome, worker_id=self.worker_id, now=now,
                                  lease_until=now + self.lease, retry=self.retry)

        return self._write(record)

    def _write(self, step) -> bool:  # type: ignore[no-untyped-def]
        with self.database.writer.begin() as session:
            return bool(step(session))


def start_webhook_worker(settings: Settings, database: Database) -> WebhookWorker | None:
    """Start this process's worker in a daemon thread, when the settings ask for one; the caller
    stops it with ``stop()`` on the way out."""
    if not settings.webhooks:
        return None
    worker = WebhookWorker(database, settings)
    worker.start()
    return worker

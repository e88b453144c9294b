"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI

from wallet.config import Settings
from wallet.http import contract, payment_path, problems
from wallet.http.dependencies import SESSION_SLOTS, InFlightKeys, session_slots
from wallet.http.limits import RequestLimits, auth_failure_limits_for, rate_limits_for
from wallet.http.metrics import Metrics, RequestMiddleware
from wallet.http.routes import (
    accounting,
    alerts,
    audit,
    batches,
    closes,
    health,
    money,
    organisations,
    person_links,
    person_page,
    planned_budgets,
    pools,
    reports,
    schedules,
    statements,
    support_plans,
    suspensions,
    transactions,
    wallets,
    webhooks,
)
from wallet.http.security_headers import SecurityHeaders
from wallet.http.strict import clean_parameters
from wallet.persistence.db import Database
from wallet.persistence.read_replica import ReadReplica
from wallet.persistence.write_marks import SharedWriteMarks, WriteMarks
from wallet.webhooks.worker import start_webhook_worker

API_DESCRIPTION = """\
A double-entry ledger for personal budgets held on a person's behalf: Individual Service Funds,
managed direct payments, third-party health budgets and pooled budgets.

Money is always an integer of minor units (pence). Every POST that moves money needs an
`Idempotency-Key`. Errors are RFC 9457 problem details with a stable `type`.
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # One webhook worker per serving process (when the settings ask): their leases keep any
    # number of processes from sending to one endpoint at once.
    worker = start_webhook_worker(app.state.settings, app.state.database)
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.settings.request_threads
    SESSION_SLOTS.set(session_slots(app.state.settings.request_threads, app.state.database))
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    database = database or Database.connect(settings.database_url,
                                            sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    # Every route: a path or query parameter carrying a control character is refused (http/strict.py).
    app = FastAPI(title="wallet", version="1.0.0", description=API_DESCRIPTION, lifespan=_lifespan,
                  generate_unique_id_function=contract.operation_id, dependencies=[Depends(clean_parameters)])
    app.state.settings = settings
    app.state.database = database
    app.state.in_flight_keys = InFlightKeys()
    app.state.metrics = Metrics(database)
    if settings.read_database_url and database.replica is None:
        marks = SharedWriteMarks(settings.write_marks_file) if settings.write_marks_file else WriteMarks()
        database.replica = ReadReplica(settings.read_database_url, max_lag_seconds=settings.read_max_lag_seconds,
                                       count=app.state.metrics.count_read, marks=marks)
    app.state.rate_limits = rate_limits_for(settings)
    app.state.auth_failures = auth_failure_limits_for(settings)
    # Added first so RequestMiddleware stays outermost: refusals still get a request id and metrics.
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMiddleware, metrics=app.state.metrics)
    app.add_middleware(SecurityHeaders)
    problems.install(app)
    for module in (health, organisations, wallets, schedules, money, transactions, statements, pools, closes, alerts,
                   audit, reports, accounting, webhooks, person_links, person_page, support_plans,
                   planned_budgets, suspensions, batches):
        app.include_router(module.router)
    if settings.lean_payments:
        payment_path.install(app)
    contract.install(app)
    return app

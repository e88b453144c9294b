"""The application factory."""

from __future__ import annotations

from fastapi import FastAPI

from wallet.config import Settings
from wallet.http import problems
from wallet.http.dependencies import InFlightKeys
from wallet.http.limits import RequestLimits, rate_limits_for
from wallet.http.metrics import Metrics, RequestMiddleware
from wallet.http.routes import (
    alerts,
    audit,
    closes,
    health,
    money,
    organisations,
    pools,
    reports,
    schedules,
    statements,
    transactions,
    wallets,
)
from wallet.persistence.db import Database

API_DESCRIPTION = """\
A double-entry ledger for personal budgets held on a person's behalf: Individual Service Funds,
managed direct payments, third-party health budgets and pooled budgets.

Money is always an integer of minor units (pence). Every POST that moves money needs an
`Idempotency-Key`. Errors are RFC 9457 problem details with a stable `type`.
"""


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    database = database or Database.connect(settings.database_url,
                                            sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    app = FastAPI(title="wallet", version="1.0.0", description=API_DESCRIPTION)
    app.state.settings = settings
    app.state.database = database
    app.state.in_flight_keys = InFlightKeys()
    app.state.metrics = Metrics()
    app.state.rate_limits = rate_limits_for(settings)
    # Added first so RequestMiddleware stays outermost: refusals still get a request id and metrics.
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMiddleware, metrics=app.state.metrics)
    problems.install(app)
    for module in (health, organisations, wallets, schedules, money, transactions, statements, pools, closes, alerts,
                   audit, reports):
        app.include_router(module.router)
    return app

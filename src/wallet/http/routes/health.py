"""Liveness, readiness and metrics: unauthenticated, for orchestrators and scrapers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from wallet.persistence.db import READ_ONLY
from wallet.persistence.migrate import current_revision, head_revision

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The database is reachable and its migrations are current")
def readyz(request: Request) -> JSONResponse:
    database = request.app.state.database
    settings = request.app.state.settings
    # Read-only: on SQLite a plain deferred BEGIN, so a running writer never makes it wait.
    reading = database.engine.execution_options(**{READ_ONLY: True})
    try:
        with reading.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = current_revision(reading)
    except Exception:  # noqa: BLE001 - any failure to reach the database means not ready
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    head = head_revision(settings.migrations_dir)
    ready = current == head
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "database": "reachable",
         "migration": current, "expected_migration": head},
        status_code=200 if ready else 503,
    )


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(request: Request) -> Response:
    return request.app.state.metrics.render()  # type: ignore[no-any-return]

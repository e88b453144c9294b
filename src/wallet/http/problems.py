"""RFC 9457 problem details for every error the service returns."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from wallet.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolation,
    Unauthenticated,
)

logger = logging.getLogger("wallet.http")

PROBLEM_JSON = "application/problem+json"

STATUS_BY_FAMILY: tuple[tuple[type[DomainError], int], ...] = (
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (RuleViolation, 422),
    (InvalidInput, 422),
)

HTTP_PROBLEM_TYPES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "request-too-large",
    415: "unsupported-media-type",
    429: "rate-limited",
}


def status_for(error: DomainError) -> int:
    for family, status in STATUS_BY_FAMILY:
        if isinstance(error, family):
            return status
    return 400


def problem(status: int, type_: str, title: str, detail: str, *,
            headers: dict[str, str] | None = None, extensions: dict[str, Any] | None = None) -> JSONResponse:
    # The standard members always win over an extension of the same name.
    body = {**(extensions or {}), "type": type_, "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status = status_for(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return problem(status, error.type, error.title, error.detail, headers=headers, extensions=error.extensions)


def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    # The offending input is not echoed back: it may carry personal data.
    errors = [
        {"location": [str(part) for part in e.get("loc", ())], "message": e.get("msg", ""),
         "code": e.get("type", "")}
        for e in error.errors()
    ]
    where = ", ".join(".".join(e["location"]) for e in errors[:5])
    return problem(422, "validation-error", "The request is not valid",
                   f"check these fields: {where}" if where else "the request is not valid",
                   extensions={"errors": errors})


def http_problem(status: int, detail: str, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """A problem named by its HTTP status alone, for refusals made outside a route."""
    type_ = HTTP_PROBLEM_TYPES.get(status, "http-error")
    return problem(status, type_, type_.replace("-", " ").capitalize(), detail, headers=headers)


def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if isinstance(error.detail, str) else "the request could not be handled"
    if error.status_code == 404 and detail == "Not Found":
        detail = "there is nothing at this address"
    return http_problem(error.status_code, detail, headers=getattr(error, "headers", None))


class OutcomeUnknown(Exception):
    """The connection to the database was lost while the transaction was committing: it may have
    committed or not, and only a retry with the same Idempotency-Key can tell safely."""


RETRY_AFTER_SECONDS = "1"
# What a driver says when the database cannot be reached or is busy; an OperationalError is also
# how SQLite reports a mistake in SQL, which is a bug (500), not an outage.
UNAVAILABLE = ("database is locked", "unable to open database", "connection", "could not connect",
               "server closed", "terminating connection", "the database system is", "timeout")


def _unavailable(error: DBAPIError) -> bool:
    return isinstance(error, OperationalError) and any(words in str(error.orig).lower() for words in UNAVAILABLE)


def _outcome_unknown(_request: Request, error: Exception) -> JSONResponse:
    logger.error("connection lost while committing: outcome unknown", exc_info=error)
    return problem(503, "outcome-unknown", "The outcome of this request is not known",
                   "the database connection was lost while this request was being committed, so it may or may "
                   "not have taken effect; send it again with the same Idempotency-Key, which replays the "
                   "answer if it took effect and carries it out once if it did not",
                   headers={"Retry-After": RETRY_AFTER_SECONDS})


def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, DBAPIError) and (error.connection_invalidated or _unavailable(error)):
        # Before the commit, a lost or refused connection means the transaction never happened.
        logger.error("database unavailable", exc_info=error)
        return problem(503, "database-unavailable", "The database is not available",
                       "the service could not reach its database; nothing was changed; try again shortly",
                       headers={"Retry-After": RETRY_AFTER_SECONDS})
    logger.exception("unhandled error", exc_info=error)
    # The session dependency rolled the transaction back (an error while committing is reported
    # as OutcomeUnknown instead), so this is certain.
    return problem(500, "internal-error", "Internal error",
                   "the service failed to handle this request; nothing was changed")


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OutcomeUnknown, _outcome_unknown)
    app.add_exception_handler(Exception, _unexpected)

"""The lean path for `POST /v1/wallets/{wallet_id}/payments`, the busiest route.

FastAPI's own work on a payment (routing among twenty routers, solving its dependencies, one
worker thread for the caller's key and another for the route) cost a quarter of the serving
process's processor time a payment. This path stands in front of the FastAPI route and serves a
well-formed payment with the route's own code in one worker thread: the key and its role
(``principal_for``, ``admitted``), the ``Idempotency-Key`` claimed in this process and its stored
response (``IdempotentRequest``), ``pay``, and the commit, in the request's one transaction.

Well-formed means what the FastAPI route would take as far as paying: a JSON body that is a valid
``PaymentIn``, a bearer key, an ``Idempotency-Key`` of 1 to 255 characters, no query, no control
character in the path. Any other request is handed on untouched (its body replayed) to the FastAPI
route, which answers it as it always has, validation problems and their order included. What the
payment itself refuses (the key, its role, a key in flight or reused, the money) is raised here as
there, and rendered by the same handlers. The OpenAPI document is the FastAPI route's;
tests/test_payment_path.py sends every request to both. ``WALLET_LEAN_PAYMENTS=0`` turns it off.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastapi import HTTPException
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import ValidationError
from starlette.requests import Request
from starlette.routing import BaseRoute, Match, compile_path
from starlette.types import Message, Receive, Scope, Send

from wallet.http.dependencies import (
    _COMMIT,
    MAX_IDEMPOTENCY_KEY,
    SESSION_SLOTS,
    IdempotentRequest,
    _commit,
    _roll_back,
    admitted,
    claimed_key,
    database,
    principal_for,
    request_fingerprint,
)
from wallet.http.routes.money import PAYERS, pay, payment_status
from wallet.http.schemas.wallets import PaymentIn
from wallet.http.strict import control_character_in

# Set on the scope when this path hands a request on, so the routes are matched again without it.
HANDED_ON = "wallet.lean_path_handed_on"


class LeanPayments(BaseRoute):
    """Matches what the FastAPI route ``route`` matches, for POST, unless handed on."""

    def __init__(self, route: Any) -> None:
        self.route = route  # the FastAPI route: its path labels the metrics, and it answers the rest
        self.path_regex, _, _ = compile_path(route.path)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        # Behind a path prefix (root_path) the FastAPI route does its own matching.
        if (scope["type"] == "http" and scope["method"] == "POST" and not scope.get(HANDED_ON)
                and not scope.get("root_path")):
            found = self.path_regex.match(scope["path"])
            if found:
                return Match.FULL, {"path_params": found.groupdict(), "route": self.route}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            body = await request.body()
        except HTTPException:  # too large (RequestLimits): refused as the route refuses it
            raise
        except Exception as error:  # as the FastAPI route answers a body it could not read
            raise HTTPException(400, "There was an error parsing the body") from error
        payment = _well_formed(request, body)
        if payment is None:
            scope[HANDED_ON] = True
            await scope["router"](scope, _replaying(body, receive), send)
            return
        wallet_id, key, idempotency_key, parsed = payment
        fingerprint = request_fingerprint("POST", scope["path"], "", body)
        slots = SESSION_SLOTS.get(None)
        if slots is not None:
            await slots.acquire()
        try:
            response = await anyio.to_thread.run_sync(
                _serve, request, key, idempotency_key, fingerprint, wallet_id, parsed)
        finally:
            if slots is not None:
                slots.release()
        await response(scope, receive, send)


def _well_formed(request: Request, body: bytes) -> tuple[str, str, str, PaymentIn] | None:
    """What the payment needs, if the FastAPI route would take the request as far as paying."""
    scope = request.scope
    wallet_id = scope["path_params"]["wallet_id"]
    if scope["query_string"] or control_character_in(wallet_id):
        return None
    headers = request.headers
    content_type = headers.get("content-type", "").partition(";")[0].strip().lower()
    scheme, key = get_authorization_scheme_param(headers.get("authorization"))
    idempotency_key = headers.get("idempotency-key")
    if (content_type != "application/json" or scheme.lower() != "bearer" or not key
            or not idempotency_key or len(idempotency_key) > MAX_IDEMPOTENCY_KEY):
        return None
    try:
        parsed = PaymentIn.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # JSON that does not decode, or not a payment
        return None
    return wallet_id, key, idempotency_key, parsed


def _serve(request: Request, key: str, idempotency_key: str, fingerprint: str, wallet_id: str,
           body: PaymentIn) -> Any:
    """In one worker thread, as the FastAPI route's dependencies and body would run: the key, its
    role, the claim, the payment and its stored response, the commit. Rolled back on any error."""
    db = database(request)
    session = db.writer()
    session.info[_COMMIT] = lambda: _commit(request, db, session)
    try:
        # The key, its stored response and the wallet paid from, in one statement.
        principal = admitted(principal_for(request, session, key, wallet_id=wallet_id), PAYERS)
        with claimed_key(request, principal, idempotency_key) as stored:
            response = IdempotentRequest(principal, idempotency_key, fingerprint, stored).respond_with(
                session, lambda: pay(session, principal, wallet_id, body), payment_status)
        commit = session.info.pop(_COMMIT, None)
        if commit is not None:  # a replay: nothing was written, and the read ends as the dependency ends it
            commit()
        return response
    except BaseException:
        _roll_back(session)
        raise


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The body once more, for the FastAPI route, then whatever the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def install(app: Any) -> None:
    """Put the lean path in front of the FastAPI payment route."""
    from wallet.http.routes import money

    route = next(r for r in money.router.routes if getattr(r, "name", None) == "post_payment")
    app.router.routes.insert(0, LeanPayments(route))

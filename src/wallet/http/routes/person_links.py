"""A council or provider issues a person a one-time sign-in link to their own page."""

from __future__ import annotations

import json
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from wallet.config import Settings
from wallet.domain.principals import Role
from wallet.http.dependencies import IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.person_links import PersonLinkOut, StoredPersonLink
from wallet.usecases.person_links import IssuedPersonLink, issue_person_link, renew_person_link

router = APIRouter(prefix="/v1", tags=["people"])

ISSUE_DESCRIPTION = """\
Issues a one-time address that signs the person in to their own page (`/me`), where they see
their money in plain English: what is available now and the hours of support it buys, what is
set aside, their savings and their share of each pool, the last four weeks by week, the next money
due, and a printable statement.

The wallet's funder or holder gives the URL to the person (by text, email or on paper). It works
once, for this wallet only, and stops working at `expires_at` if unused (`WALLET_PERSON_LINK_MINUTES`,
15 by default). Using it starts a session of `WALLET_PERSON_SESSION_HOURS` (12 by default) that the
person can end by signing out. Only a hash of the link's token is stored, and the audit trail
records the issue without it.

A retry with the same `Idempotency-Key` returns the same link with a fresh URL (the one in the
first response stops working), or `409 person-link-not-usable` once the link has been used or has
expired.
"""


def sign_in_url(request: Request, token: str) -> str:
    settings: Settings = request.app.state.settings
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    return f"{base}/me/sign-in/{token}"


@router.post("/wallets/{wallet_id}/person-links", status_code=201, response_model=PersonLinkOut,
             operation_id="issuePersonLink", summary="A one-time sign-in link to the person's own page",
             description=ISSUE_DESCRIPTION)
def post_person_link(wallet_id: str, request: Request, session: SessionDep,
                     idempotency: IdempotentRequest = idempotent(Role.FUNDER, Role.HOLDER)) -> JSONResponse:
    principal = idempotency.principal
    settings: Settings = request.app.state.settings
    issued: list[IssuedPersonLink] = []

    def issue() -> StoredPersonLink:
        issued.append(issue_person_link(session, principal, wallet_id,
                                        lifetime=timedelta(minutes=settings.person_link_minutes)))
        return StoredPersonLink.of(issued[0].record)

    stored = idempotency.respond(session, 201, issue)
    body = json.loads(bytes(stored.body))
    replayed = not issued
    if replayed:
        issued.append(renew_person_link(session, principal, body["id"]))
    body["url"] = sign_in_url(request, issued[0].token)
    return JSONResponse(body, status_code=stored.status_code,
                        headers={"Idempotent-Replayed": "true", "Cache-Control": "no-store"} if replayed
                        else {"Cache-Control": "no-store"})

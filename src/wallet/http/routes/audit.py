"""Auditors' access and what they check with: grants, the audit trail, the journal's head and verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import (
    CallerDep,
    IdempotentRequest,
    OptionalIdempotencyDep,
    SessionDep,
    SnapshotSessionDep,
    idempotent,
    require,
)
from wallet.http.pagination import Page, PageParams, page_of, page_params
from wallet.http.schemas.trust import AuditEntryOut, AuditGrantIn, AuditGrantOut, HeadOut, VerificationOut
from wallet.http.strict import BIGGEST_INTEGER, Moment
from wallet.persistence.trust_repository import AuditFilter
from wallet.usecases.audit_grants import create_grant, list_grants, revoke_grant
from wallet.usecases.audit_trail import list_audit_log
from wallet.usecases.head_signing import HeadSigner, signer_from
from wallet.usecases.journal_integrity import journal_head, verify_journal

router = APIRouter(prefix="/v1", tags=["audit"])

HashQuery = Query(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$")


def _signer(request: Request) -> HeadSigner | None:
    key = request.app.state.settings.audit_signing_key
    return signer_from(key) if key else None


@router.post("/audit-grants", status_code=201, response_model=AuditGrantOut,
             summary="Let an auditor organisation read some or all of your wallets")
def post_grant(body: AuditGrantIn, session: SessionDep,
               idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: AuditGrantOut.of(
        create_grant(session, principal, auditor_id=body.auditor_id, wallet_ids=body.wallet_ids)))


@router.get("/audit-grants", response_model=Page[AuditGrantOut],
            summary="The grants you made (funder) or hold (auditor)")
def get_grants(session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
               principal: Principal = require(Role.FUNDER, Role.AUDITOR)) -> Page[AuditGrantOut]:
    found = list_grants(session, principal, after_id=page.after("after_id"), limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda g: {"after_id": g.id})
    return Page[AuditGrantOut](items=[AuditGrantOut.of(g) for g in kept], next_cursor=cursor)


@router.post("/audit-grants/{grant_id}/revoke", response_model=AuditGrantOut,
             summary="Take an auditor's access back; its keys see nothing more of it at once")
def post_revoke(grant_id: str, idempotency: OptionalIdempotencyDep, session: SessionDep,
                principal: Principal = require(Role.FUNDER)):  # type: ignore[no-untyped-def]
    return idempotency.respond(session, 200, lambda: AuditGrantOut.of(revoke_grant(session, principal, grant_id)))


@router.get("/audit/log", response_model=Page[AuditEntryOut],
            summary="Every change that is not a posting: who, what, when, in which request; oldest first")
def get_audit_log(
    session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
    principal: Principal = require(Role.ADMIN, Role.FUNDER, Role.AUDITOR),
    action: Annotated[str | None, Query(max_length=60)] = None,
    wallet_id: Annotated[str | None, Query(max_length=36)] = None,
    object_id: Annotated[str | None, Query(max_length=100)] = None,
    organisation_id: Annotated[str | None, Query(max_length=36, description="who made the change")] = None,
    recorded_from: Moment | None = None,
    recorded_to: Moment | None = None,
) -> Page[AuditEntryOut]:
    where = AuditFilter(action=action, wallet_id=wallet_id, object_id=object_id, organisation_id=organisation_id,
                        recorded_from=recorded_from, recorded_to=recorded_to)
    found = list_audit_log(session, principal, where, after_id=page.after("after_id"), limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda e: {"after_id": e.id})
    return Page[AuditEntryOut](items=[AuditEntryOut.of(e) for e in kept], next_cursor=cursor)


@router.get("/audit/head", response_model=HeadOut,
            summary="The journal's length and last hash, signed when the deployment has a key: keep it")
def get_head(request: Request, session: SessionDep, principal: CallerDep) -> HeadOut:
    return HeadOut.of(journal_head(session, principal, _signer(request)))


@router.get("/audit/verify", response_model=VerificationOut,
            summary="Recompute the hash chain over positions from..to and name the first broken link")
def get_verify(
    session: SnapshotSessionDep, principal: CallerDep,
    from_: Annotated[int, Query(alias="from", ge=1, le=BIGGEST_INTEGER, description="first position (1 = the first transaction)")] = 1,
    to: Annotated[int | None, Query(ge=0, le=BIGGEST_INTEGER, description="last position; default: the head, or as far as one call verifies")] = None,
    expected_hash: Annotated[str | None, HashQuery] = None,
) -> VerificationOut:
    return VerificationOut.of(verify_journal(session, principal, first=from_, last=to, expected_hash=expected_hash))

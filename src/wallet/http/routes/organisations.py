from __future__ import annotations

from fastapi import APIRouter

from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.http.dependencies import IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.organisations import ApiKeyIn, ApiKeyOut, OrganisationIn, OrganisationOut
from wallet.usecases.create_api_key import create_api_key
from wallet.usecases.create_organisation import create_organisation

router = APIRouter(prefix="/v1", tags=["organisations"])


@router.post("/organisations", status_code=201, response_model=OrganisationOut,
             summary="Register a funder, holder or auditor")
def post_organisation(body: OrganisationIn, session: SessionDep,
                      idempotency: IdempotentRequest = idempotent(Role.ADMIN)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: OrganisationOut.of(create_organisation(
        session, principal, name=body.name, kind=OrganisationKind(body.kind))))


@router.post("/api-keys", status_code=201, response_model=ApiKeyOut,
             summary="Issue an API key (shown once)")
def post_api_key(body: ApiKeyIn, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(Role.ADMIN, Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: _issue_key(session, principal, body))


def _issue_key(session, principal: Principal, body: ApiKeyIn) -> ApiKeyOut:  # type: ignore[no-untyped-def]
    issued = create_api_key(session, principal, organisation_id=body.organisation_id,
                            role=body.role, wallet_id=body.wallet_id)
    record = issued.record
    return ApiKeyOut(id=record.id, organisation_id=record.organisation_id, role=record.role,
                     wallet_id=record.wallet_id, prefix=record.prefix,
                     created_at=record.created_at, key=issued.secret)

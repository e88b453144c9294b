"""Funders' set-up: accredited holders, policies, wallets; and reading wallets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import CallerDep, IdempotentRequest, SessionDep, idempotent, require
from wallet.http.pagination import Page, PageParams, page_of, page_params
from wallet.http.schemas.wallets import (
    AccreditationIn,
    AccreditationOut,
    PolicyIn,
    PolicyOut,
    PolicyRevisionIn,
    WalletIn,
    WalletOut,
)
from wallet.http.strict import MomentOrDay, ValueDate, as_moment
from wallet.persistence.wallet_repository import PolicyVersion
from wallet.usecases.accredit_holder import accredit_holder, list_accreditations
from wallet.usecases.manage_policies import create_policy, get_policy, list_policies, revise_policy
from wallet.usecases.open_wallet import open_wallet
from wallet.usecases.view_wallet import list_wallets, view_wallet, view_wallet_as_of, view_wallet_on

router = APIRouter(prefix="/v1", tags=["wallets"])


# Policy versions are stored as 32-bit integers; a larger one can only be a typing mistake.
POLICY_VERSION_MAX = 2**31 - 1


def _policy(version: PolicyVersion) -> PolicyOut:
    return PolicyOut(id=version.policy_id, name=version.name, version=version.version,
                     rules=version.rules.to_json(), created_at=version.created_at)


@router.post("/accreditations", response_model=AccreditationOut, summary="Accredit or suspend a holder")
def post_accreditation(body: AccreditationIn, session: SessionDep,
                       idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: AccreditationOut(
        holder_id=body.holder_id, status=accredit_holder(session, principal, holder_id=body.holder_id,
                                                         status=body.status)))


@router.get("/accreditations", response_model=list[AccreditationOut], summary="This funder's list of holders")
def get_accreditations(session: SessionDep, principal: Principal = require(Role.FUNDER)) -> list[AccreditationOut]:
    return [AccreditationOut(holder_id=h, status=s) for h, s in list_accreditations(session, principal)]


@router.post("/policies", status_code=201, response_model=PolicyOut, summary="Create a policy (version 1)")
def post_policy(body: PolicyIn, session: SessionDep,
                idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: _policy(
        create_policy(session, principal, name=body.name, rules=body.rules)))


@router.post("/policies/{policy_id}/versions", status_code=201, response_model=PolicyOut,
             summary="Revise a policy: a new version; history is never rewritten")
def post_policy_version(policy_id: str, body: PolicyRevisionIn, session: SessionDep,
                        idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: _policy(revise_policy(session, principal, policy_id, body.rules)))


@router.get("/policies", response_model=Page[PolicyOut], summary="This funder's policies, each at its newest version")
def get_policies(session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
                 principal: Principal = require(Role.FUNDER)) -> Page[PolicyOut]:
    found = list_policies(session, principal, after_id=page.after("after_id"), limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda p: {"after_id": p.policy_id})
    return Page[PolicyOut](items=[_policy(p) for p in kept], next_cursor=cursor)


@router.get("/policies/{policy_id}", response_model=PolicyOut, summary="A policy, newest version unless asked")
def read_policy(policy_id: str, session: SessionDep, principal: Principal = require(Role.FUNDER),
                version: Annotated[int | None, Query(ge=1, le=POLICY_VERSION_MAX)] = None) -> PolicyOut:
    return _policy(get_policy(session, principal, policy_id, version))


@router.post("/wallets", status_code=201, response_model=WalletOut, summary="Open a person's wallet")
def post_wallet(body: WalletIn, session: SessionDep,
                idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: _open_wallet(session, principal, body))


def _open_wallet(session, principal: Principal, body: WalletIn) -> WalletOut:  # type: ignore[no-untyped-def]
    wallet = open_wallet(session, principal, person_ref=body.person_ref, holder_id=body.holder_id,
                         arrangement=body.arrangement, policy_id=body.policy_id, opened_on=body.opened_on,
                         planned_budget=(body.planned_budget.amount, body.planned_budget.every)
                         if body.planned_budget else None)
    return WalletOut.of(view_wallet(session, principal, wallet.id))


@router.get("/wallets", response_model=Page[WalletOut], summary="The wallets this key may see")
def get_wallets(session: SessionDep, principal: CallerDep, page: Annotated[PageParams, Depends(page_params)],
                status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None) -> Page[WalletOut]:
    views = list_wallets(session, principal, status=status, after_id=page.after("id"), limit=page.limit + 1)
    kept, cursor = page_of(views, page.limit, lambda v: {"id": v.wallet.id})
    return Page[WalletOut](items=[WalletOut.of(v) for v in kept], next_cursor=cursor)


@router.get("/wallets/{wallet_id}", response_model=WalletOut, summary="A wallet and its balances")
def get_wallet(wallet_id: str, session: SessionDep, principal: CallerDep) -> WalletOut:
    return WalletOut.of(view_wallet(session, principal, wallet_id))


@router.get("/wallets/{wallet_id}/balance", response_model=WalletOut,
            summary="The balances on a value date, or as recorded at a moment, or both")
def get_balance(
    wallet_id: str, session: SessionDep, principal: CallerDep,
    on: Annotated[ValueDate | None, Query(
        description="a value date: every posting dated on or before this day (as known now, or at `as_of`)")] = None,
    as_of: Annotated[MomentOrDay | None, Query(
        description="a moment: only what had been recorded by then (a date means the end of that day)")] = None,
) -> WalletOut:
    moment = as_moment(as_of)
    if on is not None:
        return WalletOut.of(view_wallet_on(session, principal, wallet_id, on, moment))
    if moment is None:
        return WalletOut.of(view_wallet(session, principal, wallet_id))
    return WalletOut.of(view_wallet_as_of(session, principal, wallet_id, moment))

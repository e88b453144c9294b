"""Suspending a wallet and resuming it."""

from __future__ import annotations

from fastapi import APIRouter

from wallet.domain.principals import Role
from wallet.http.dependencies import CallerDep, IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.suspensions import ResumeIn, SuspensionIn, SuspensionOut
from wallet.usecases.suspend_wallet import list_suspensions, resume_wallet, suspend_wallet

router = APIRouter(prefix="/v1", tags=["unspent funds and life events"])


@router.post("/wallets/{wallet_id}/suspensions", status_code=201, response_model=SuspensionOut,
             summary="Suspend a wallet from a date: spending then waits for approval (or is refused, per policy); "
                     "schedules pause if asked")
def post_suspension(wallet_id: str, body: SuspensionIn, session: SessionDep,
                    idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: SuspensionOut.of(suspend_wallet(
        session, principal, wallet_id, starts_on=body.starts_on, reason=body.reason,
        pause_schedules=body.pause_schedules, note=body.note)))


@router.get("/wallets/{wallet_id}/suspensions", response_model=list[SuspensionOut],
            summary="Every suspension of a wallet, oldest first")
def get_suspensions(wallet_id: str, session: SessionDep, principal: CallerDep) -> list[SuspensionOut]:
    return [SuspensionOut.of(s) for s in list_suspensions(session, principal, wallet_id)]


@router.post("/wallets/{wallet_id}/suspensions/{suspension_id}/resume", response_model=SuspensionOut,
             summary="Resume a suspended wallet from a date, saying whether the paused periods are paid; "
                     "resuming again the same way changes nothing")
def post_resume(wallet_id: str, suspension_id: str, body: ResumeIn, session: SessionDep,
                idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: SuspensionOut.of(resume_wallet(
        session, principal, wallet_id, suspension_id, resumed_on=body.resumed_on,
        pay_paused_periods=body.pay_paused_periods)))

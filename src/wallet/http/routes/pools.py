"""Pooled budgets: the holder runs them; members' funders and the people themselves can look in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import (
    MOVES_MONEY,
    CallerDep,
    IdempotentRequest,
    SessionDep,
    idempotent,
    require,
)
from wallet.http.pagination import Page, PageParams, page_of, page_params
from wallet.http.schemas.ledger import TransactionOut
from wallet.http.schemas.pools import (
    CloseIn,
    ContributionIn,
    ContributionScheduleEndIn,
    ContributionScheduleIn,
    ContributionScheduleOut,
    JoinIn,
    PoolIn,
    PoolMovementOut,
    PoolOut,
    PoolPaymentIn,
    PoolPaymentOut,
)
from wallet.http.strict import ValueDate
from wallet.usecases.pools.contribute import contribute
from wallet.usecases.pools.contribution_schedules import (
    create_contribution_schedule,
    end_contribution_schedule,
    list_contribution_schedules,
)
from wallet.usecases.pools.create_pool import MemberTerms, create_pool, join_pool
from wallet.usecases.pools.membership import close_pool, leave_pool
from wallet.usecases.pools.pay_from_pool import pay_from_pool
from wallet.usecases.pools.view_pool import list_pools, view_pool

router = APIRouter(prefix="/v1", tags=["pools"])


@router.post("/pools", status_code=201, response_model=PoolOut, summary="Create a pool of wallets this holder holds")
def post_pool(body: PoolIn, session: SessionDep,
              idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def create() -> PoolOut:
        pool = create_pool(session, principal, name=body.name, split=body.split, joined_on=body.joined_on,
                           members=[MemberTerms(m.wallet_id, m.weight, m.amount) for m in body.members])
        return PoolOut.of(view_pool(session, principal, pool.id))

    return idempotency.respond(session, 201, create)


@router.get("/pools", response_model=Page[PoolOut], summary="The pools this key may see")
def get_pools(session: SessionDep, principal: CallerDep,
              page: Annotated[PageParams, Depends(page_params)]) -> Page[PoolOut]:
    found = list_pools(session, principal, after_id=page.after("id"), limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda p: {"id": p.id})
    return Page[PoolOut](items=[PoolOut.of(view_pool(session, principal, p.id)) for p in kept], next_cursor=cursor)


@router.get("/pools/{pool_id}", response_model=PoolOut,
            summary="Members, shares and payments, as far as this key may see them")
def get_pool(pool_id: str, session: SessionDep, principal: CallerDep) -> PoolOut:
    return PoolOut.of(view_pool(session, principal, pool_id))


@router.post("/pools/{pool_id}/members", status_code=201, response_model=PoolOut, summary="A wallet joins the pool")
def post_member(pool_id: str, body: JoinIn, session: SessionDep,
                idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def join() -> PoolOut:
        join_pool(session, principal, pool_id, MemberTerms(body.wallet_id, body.weight, body.amount), body.joined_on)
        return PoolOut.of(view_pool(session, principal, pool_id))

    return idempotency.respond(session, 201, join)


@router.delete("/pools/{pool_id}/members/{wallet_id}", response_model=PoolMovementOut,
               summary="A member leaves: their unspent share returns to their wallet")
def delete_member(pool_id: str, wallet_id: str, session: SessionDep,
                  effective_date: Annotated[ValueDate, Query(description="the day the member leaves")],
                  principal: Principal = require(Role.HOLDER)) -> PoolMovementOut:
    transaction = leave_pool(session, principal, pool_id, wallet_id, effective_date)
    return PoolMovementOut(transaction=TransactionOut.of(transaction) if transaction else None)


@router.post("/pools/{pool_id}/close", response_model=PoolMovementOut, openapi_extra=MOVES_MONEY,
             summary="Close the pool: every remaining share returns to its member")
def post_close(pool_id: str, body: CloseIn, session: SessionDep,
               idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def close() -> PoolMovementOut:
        transaction = close_pool(session, principal, pool_id, body.effective_date)
        return PoolMovementOut(transaction=TransactionOut.of(transaction) if transaction else None)

    return idempotency.respond(session, 200, close)


@router.post("/pools/{pool_id}/contributions", status_code=201, response_model=TransactionOut,
             openapi_extra=MOVES_MONEY, summary="Money into the pool from one member or every member by share")
def post_contribution(pool_id: str, body: ContributionIn, session: SessionDep,
                      idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: TransactionOut.of(contribute(
        session, principal, pool_id, wallet_id=body.wallet_id, amount=body.amount,
        effective_date=body.effective_date, reference=body.reference)))


@router.post("/pools/{pool_id}/contribution-schedules", status_code=201, response_model=ContributionScheduleOut,
             openapi_extra=MOVES_MONEY,
             summary="Set up recurring contributions; each member's funding run makes theirs when due")
def post_contribution_schedule(pool_id: str, body: ContributionScheduleIn, session: SessionDep,
                               idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    # Like a wallet's funding schedule: a retried request must not make a second schedule.
    return idempotency.respond(session, 201, lambda: ContributionScheduleOut.of(create_contribution_schedule(
        session, principal, pool_id, every=body.every, starts_on=body.starts_on, ends_on=body.ends_on,
        wallet_id=body.wallet_id, amount=body.amount)))


@router.get("/pools/{pool_id}/contribution-schedules", response_model=Page[ContributionScheduleOut],
            summary="A pool's contribution schedules, as far as this key may see them")
def get_contribution_schedules(pool_id: str, session: SessionDep, principal: CallerDep,
                               page: Annotated[PageParams, Depends(page_params)]) -> Page[ContributionScheduleOut]:
    records = list_contribution_schedules(session, principal, pool_id, after_id=page.after("id"),
                                          limit=page.limit + 1)
    kept, cursor = page_of(records, page.limit, lambda r: {"id": r.id})
    return Page[ContributionScheduleOut](items=[ContributionScheduleOut.of(r) for r in kept], next_cursor=cursor)


@router.post("/pools/{pool_id}/contribution-schedules/{schedule_id}/end", response_model=ContributionScheduleOut,
             openapi_extra=MOVES_MONEY,
             summary="End contributions from a date; the last period is pro-rated, contributions made it would "
                     "change refuse it")
def post_contribution_schedule_end(pool_id: str, schedule_id: str, body: ContributionScheduleEndIn,
                                   session: SessionDep,
                                   idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 200, lambda: ContributionScheduleOut.of(end_contribution_schedule(
        session, principal, pool_id, schedule_id, ends_on=body.ends_on)))


@router.post("/pools/{pool_id}/payments", status_code=201, response_model=PoolPaymentOut,
             responses={202: {"model": PoolPaymentOut, "description": "waiting for members' funders to approve"}},
             openapi_extra=MOVES_MONEY, summary="Spend from the pool, split exactly over the members")
def post_pool_payment(pool_id: str, body: PoolPaymentIn, session: SessionDep,
                      idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def pay() -> PoolPaymentOut:
        outcome = pay_from_pool(session, principal, pool_id, amount=body.amount, category=body.category,
                                payee=body.payee, effective_date=body.effective_date, reference=body.reference,
                                description=body.description, service_from=body.service_from,
                                service_to=body.service_to)
        return PoolPaymentOut.of(outcome.payment, TransactionOut.of(outcome.transaction), outcome.approvals)

    return idempotency.respond_with(session, pay, lambda out: 201 if out.status == "posted" else 202)

"""Period closes and the life events of a wallet: ending, death, moving holder."""

from __future__ import annotations

from fastapi import APIRouter

from wallet.domain.errors import InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import MOVES_MONEY, IdempotentRequest, SessionDep, idempotent, require
from wallet.http.schemas.closes import (
    ClosureIn,
    ConfirmIn,
    HolderMoveIn,
    HolderMoveOut,
    MoveIn,
    MoveOut,
    PeriodCloseIn,
    PeriodCloseOut,
    RefusedMove,
)
from wallet.http.schemas.wallets import WalletOut
from wallet.persistence.types import utc_now
from wallet.usecases.confirm_close import confirm_close, view_close
from wallet.usecases.end_wallet import end_wallet
from wallet.usecases.move_wallet import Move, move_holder, move_wallet
from wallet.usecases.propose_close import propose_close
from wallet.usecases.view_wallet import view_wallet

router = APIRouter(prefix="/v1", tags=["unspent funds and life events"])


def _move(move: Move) -> MoveOut:
    return MoveOut(old_wallet_id=move.old_wallet.id, new_wallet_id=move.new_wallet.id,
                   transaction_id=move.transaction.id if move.transaction else None)


@router.post("/period-closes", status_code=201, response_model=PeriodCloseOut,
             summary="Propose a period close: per wallet, what the unspent-funds rules would do. Nothing moves.")
def post_period_close(body: PeriodCloseIn, session: SessionDep,
                      idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def propose() -> PeriodCloseOut:
        proposal = propose_close(session, principal, period_end=body.period_end, wallet_ids=body.wallet_ids)
        return PeriodCloseOut.of(proposal.close, proposal.items, itemised=body.itemised)

    return idempotency.respond(session, 201, propose)


@router.get("/period-closes/{close_id}", response_model=PeriodCloseOut, summary="A proposal or a confirmed close")
def get_period_close(close_id: str, session: SessionDep, principal: Principal = require(Role.FUNDER)) -> PeriodCloseOut:
    found = view_close(session, principal, close_id)
    return PeriodCloseOut.of(found.close, found.items)


@router.post("/period-closes/{close_id}/confirm", response_model=PeriodCloseOut, openapi_extra=MOVES_MONEY,
             summary="Carry out a proposal; confirming twice moves nothing twice; stale wallets are refused")
def post_confirm(close_id: str, body: ConfirmIn, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def confirm() -> PeriodCloseOut:
        done = confirm_close(session, principal, close_id, skip_stale=body.skip_stale)
        return PeriodCloseOut.of(done.close, done.items, itemised=body.itemised)

    return idempotency.respond(session, 200, confirm)


@router.post("/wallets/{wallet_id}/closure", response_model=WalletOut | MoveOut, openapi_extra=MOVES_MONEY,
             summary="End a wallet (ended, death) from a date; `moved` moves it to new_holder_id")
def post_closure(wallet_id: str, body: ClosureIn, session: SessionDep,
                 idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def close() -> WalletOut | MoveOut:
        if body.reason == "moved":
            if not body.new_holder_id:
                raise InvalidInput("a move needs new_holder_id", field="new_holder_id")
            return _move(move_wallet(session, principal, wallet_id, new_holder_id=body.new_holder_id,
                                     effective_date=body.effective_date))
        end_wallet(session, principal, wallet_id, reason=body.reason, effective_date=body.effective_date)
        return WalletOut.of(view_wallet(session, principal, wallet_id))

    return idempotency.respond(session, 200, close)


@router.post("/wallets/{wallet_id}/moves", status_code=201, response_model=MoveOut, openapi_extra=MOVES_MONEY,
             summary="Move the person's money and history to a new wallet at a new holder, in one transaction")
def post_move(wallet_id: str, body: MoveIn, session: SessionDep,
              idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    return idempotency.respond(session, 201, lambda: _move(move_wallet(
        session, principal, wallet_id, new_holder_id=body.new_holder_id,
        effective_date=body.effective_date or utc_now().date())))


@router.post("/holder-moves", response_model=HolderMoveOut, openapi_extra=MOVES_MONEY,
             summary="Move every wallet this funder has at one holder to another")
def post_holder_move(body: HolderMoveIn, session: SessionDep,
                     idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def move() -> HolderMoveOut:
        done = move_holder(session, principal, from_holder_id=body.from_holder_id, to_holder_id=body.to_holder_id,
                           effective_date=body.effective_date)
        return HolderMoveOut(moved=[_move(m) for m in done.moved],
                             refused=[RefusedMove(wallet_id=w, type=e.type, detail=e.detail) for w, e in done.refused])

    return idempotency.respond(session, 200, move)

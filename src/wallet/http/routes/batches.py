"""Bulk batches for integrators: a case system's wallets and schedules, a provider's payment run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fastapi import APIRouter
from pydantic import BaseModel

from wallet.domain.batches import BatchRefused, ItemResult
from wallet.domain.principals import Role
from wallet.http.dependencies import MOVES_MONEY, IdempotentRequest, SessionDep, idempotent
from wallet.http.schemas.batches import (
    PaymentBatchIn,
    PaymentBatchItemOut,
    PaymentBatchOut,
    WalletBatchIn,
    WalletBatchItemOut,
    WalletBatchOut,
)
from wallet.usecases.payment_batch import run_payment_batch
from wallet.usecases.wallet_batch import run_wallet_batch

router = APIRouter(prefix="/v1", tags=["batches"])

ALL_OR_NOTHING_REFUSED = ("\n\nAll or nothing: if any item is refused nothing is stored and the answer is "
                          "`422 batch-refused`, whose `items` give every item's result (`refused` with its problem, "
                          "or `not_applied`). Item by item: `200`, each item applied or refused on its own; the "
                          "answer is stored under the `Idempotency-Key`, so send refused items again in a new "
                          "batch with a new key.")


@router.post("/wallet-batches", response_model=WalletBatchOut,
             summary="Open or change up to 10,000 wallets and their schedules",
             description="Each item is `open` (a wallet with its funding schedules), `add_schedule`, "
                         "`change_amount` or `end_schedule`, decided by the same rules as "
                         "`createWallet`, `createSchedule`, `changeScheduleAmount` and `endSchedule`; a refused "
                         "item carries the problem that call would have answered with." + ALL_OR_NOTHING_REFUSED)
def post_wallet_batch(body: WalletBatchIn, session: SessionDep,
                      idempotency: IdempotentRequest = idempotent(Role.FUNDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def run() -> WalletBatchOut:
        with _refusal_listing(WalletBatchItemOut.of):
            return WalletBatchOut.of(run_wallet_batch(session, principal, body.domain_items(), mode=body.mode))

    return idempotency.respond(session, 200, run)


@router.post("/payment-batches", response_model=PaymentBatchOut,
             summary="Make up to 10,000 payments: a payroll or invoice run", openapi_extra=MOVES_MONEY,
             description="Each item is a payment from one wallet, made in the order given and decided exactly as "
                         "`createPayment` decides it: `posted`, `awaiting_approval` (with its `approval_id`) or "
                         "`refused` with that call's problem (`insufficient-funds` with its `shortfall`, "
                         "`category-blocked`, …)." + ALL_OR_NOTHING_REFUSED)
def post_payment_batch(body: PaymentBatchIn, session: SessionDep,
                       idempotency: IdempotentRequest = idempotent(Role.HOLDER)):  # type: ignore[no-untyped-def]
    principal = idempotency.principal
    def run() -> PaymentBatchOut:
        with _refusal_listing(PaymentBatchItemOut.of):
            return PaymentBatchOut.of(run_payment_batch(session, principal, body.domain_items(), mode=body.mode))

    return idempotency.respond(session, 200, run)


@contextmanager
def _refusal_listing(render: Callable[[ItemResult], BaseModel]) -> Iterator[None]:
    """An all-or-nothing refusal leaves as a problem whose ``items`` are every item's result."""
    try:
        yield
    except BatchRefused as error:
        raise BatchRefused(error.detail, refused=error.extensions["refused"],
                           first_refused_index=error.extensions["first_refused_index"],
                           items=[render(r).model_dump(mode="json", exclude_none=True)
                                  for r in getattr(error, "results", [])]) from None

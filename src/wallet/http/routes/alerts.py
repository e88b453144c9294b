from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from wallet.domain.principals import Principal, Role
from wallet.http.dependencies import OptionalIdempotencyDep, SessionDep, require
from wallet.http.pagination import Page, PageParams, page_of, page_params
from wallet.http.schemas.spending import AlertOut
from wallet.usecases.alerts import acknowledge_alert, list_alerts

router = APIRouter(prefix="/v1", tags=["alerts"])


@router.get("/alerts", response_model=Page[AlertOut],
            summary="Underspend, overspend, surplus over cap, review due, hold expired")
def get_alerts(session: SessionDep, page: Annotated[PageParams, Depends(page_params)],
               principal: Principal = require(Role.FUNDER, Role.HOLDER),
               kind: Annotated[str | None, Query(max_length=30)] = None,
               wallet_id: Annotated[str | None, Query(max_length=36)] = None,
               unacknowledged: bool = False) -> Page[AlertOut]:
    after = page.after("after")
    found = list_alerts(session, principal, kind=kind, wallet_id=wallet_id, unacknowledged=unacknowledged,
                        after=(datetime.fromisoformat(after[0]), after[1]) if after else None,
                        limit=page.limit + 1)
    kept, cursor = page_of(found, page.limit, lambda a: {"after": [a.raised_at.isoformat(), a.id]})
    return Page[AlertOut](items=[AlertOut.of(a) for a in kept], next_cursor=cursor)


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertOut, summary="Mark an alert as seen")
def post_acknowledge(alert_id: str, idempotency: OptionalIdempotencyDep, session: SessionDep,
                     principal: Principal = require(Role.FUNDER, Role.HOLDER)):  # type: ignore[no-untyped-def]
    return idempotency.respond(session, 200, lambda: AlertOut.of(acknowledge_alert(session, principal, alert_id)))

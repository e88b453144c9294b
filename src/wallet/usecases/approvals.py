"""Deciding an approval by its id: a single payment's, or a member's part of a pool payment's.
They share one address, so an integrator need not know which kind it is."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.principals import Principal, Role
from wallet.usecases.authorisation import allowed
from wallet.usecases.decide_approval import Decision, decide_approval
from wallet.usecases.pools.decide_pool_approval import PoolDecision, decide_pool_approval, find_pool_approval


@allowed(Role.FUNDER)
def decide_any_approval(session: Session, principal: Principal, approval_id: str, *, approve: bool,
                        reason: str | None) -> Decision | PoolDecision:
    pool_approval = find_pool_approval(session, principal, approval_id)
    if pool_approval is not None:
        return decide_pool_approval(session, principal, pool_approval, approve=approve, reason=reason)
    return decide_approval(session, principal, approval_id, approve=approve, reason=reason)

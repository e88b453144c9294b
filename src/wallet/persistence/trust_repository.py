"""The audit trail and auditors' grants."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, insert, or_, select, update
from sqlalchemy.orm import Session

from wallet.domain.principals import AuditScope
from wallet.persistence.pool_tables import pool_members
from wallet.persistence.trust_tables import api_key_scopes, audit_grant_wallets, audit_grants, audit_log
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_tables import wallets


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    recorded_at: datetime
    organisation_id: str | None
    key_id: str | None
    role: str | None
    request_id: str | None
    action: str
    object_type: str
    object_id: str | None
    funder_id: str | None
    holder_id: str | None
    wallet_id: str | None
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    wallet_id: str | None = None
    object_id: str | None = None
    organisation_id: str | None = None
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class GrantRecord:
    id: str
    funder_id: str
    auditor_id: str
    all_wallets: bool
    wallet_ids: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None


class AuditLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, **values: Any) -> None:
        self.session.execute(insert(audit_log).values(recorded_at=utc_now(), **values))

    def list(self, scope: ColumnElement[bool] | None, where: AuditFilter, *, after_id: int | None,
             limit: int) -> list[AuditEntry]:
        """Oldest first. ``scope`` is the reader's visibility; ``None`` means everything."""
        query = select(audit_log).order_by(audit_log.c.id).limit(limit)
        if scope is not None:
            query = query.where(scope)
        for column, value in ((audit_log.c.action, where.action), (audit_log.c.wallet_id, where.wallet_id),
                              (audit_log.c.object_id, where.object_id),
                              (audit_log.c.organisation_id, where.organisation_id)):
            if value is not None:
                query = query.where(column == value)
        if where.recorded_from is not None:
            query = query.where(audit_log.c.recorded_at >= where.recorded_from)
        if where.recorded_to is not None:
            query = query.where(audit_log.c.recorded_at <= where.recorded_to)
        if after_id is not None:
            query = query.where(audit_log.c.id > after_id)
        return [AuditEntry(**{f: getattr(row, f) for f in AuditEntry.__dataclass_fields__})
                for row in self.session.execute(query)]


def funder_scope(funder_id: str) -> ColumnElement[bool]:
    return audit_log.c.funder_id == funder_id


def auditor_scope(scope: AuditScope) -> ColumnElement[bool]:
    """An auditor reads what its grants cover: every entry of a funder that granted all its
    wallets, and the entries about the wallets a partial grant names."""
    if scope.is_empty:
        return false()
    return or_(audit_log.c.funder_id.in_(sorted(scope.funders)), audit_log.c.wallet_id.in_(sorted(scope.wallets)))


class AuditGrantRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, funder_id: str, auditor_id: str, wallet_ids: Sequence[str] | None) -> GrantRecord:
        grant_id = str(uuid.uuid4())
        self.session.execute(insert(audit_grants).values(
            id=grant_id, funder_id=funder_id, auditor_id=auditor_id, all_wallets=wallet_ids is None,
            created_at=utc_now()))
        if wallet_ids:
            self.session.execute(insert(audit_grant_wallets),
                                 [{"grant_id": grant_id, "wallet_id": w} for w in sorted(set(wallet_ids))])
        self.session.flush()
        return self.get(grant_id)  # type: ignore[return-value]

    def get(self, grant_id: str, *, lock: bool = False) -> GrantRecord | None:
        query = select(audit_grants).where(audit_grants.c.id == grant_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return self._records([row])[0] if row else None

    def list(self, *, funder_id: str | None = None, auditor_id: str | None = None, live_only: bool = False,
             after_id: str | None = None, limit: int = 50) -> list[GrantRecord]:
        query = select(audit_grants).order_by(audit_grants.c.id).limit(limit)
        if funder_id is not None:
            query = query.where(audit_grants.c.funder_id == funder_id)
        if auditor_id is not None:
            query = query.where(audit_grants.c.auditor_id == auditor_id)
        if live_only:
            query = query.where(audit_grants.c.revoked_at.is_(None))
        if after_id is not None:
            query = query.where(audit_grants.c.id > after_id)
        return self._records(self.session.execute(query).all())

    def revoke(self, grant_id: str) -> None:
        self.session.execute(update(audit_grants).where(audit_grants.c.id == grant_id, audit_grants.c.revoked_at.is_(None))
                             .values(revoked_at=utc_now()))
        self.session.flush()

    def _records(self, rows: Sequence[Any]) -> list[GrantRecord]:
        named: dict[str, list[str]] = {row.id: [] for row in rows}
        if named:
            for grant_id, wallet_id in self.session.execute(
                    select(audit_grant_wallets.c.grant_id, audit_grant_wallets.c.wallet_id)
                    .where(audit_grant_wallets.c.grant_id.in_(list(named))).order_by(audit_grant_wallets.c.wallet_id)):
                named[grant_id].append(wallet_id)
        return [GrantRecord(row.id, row.funder_id, row.auditor_id, bool(row.all_wallets), tuple(named[row.id]),
                            row.created_at, row.revoked_at) for row in rows]

    # --- what a key may see ---------------------------------------------------------------

    def scope_for(self, auditor_id: str, key_id: str) -> AuditScope:
        """Everything the live grants to this auditor cover, narrowed to one funder's grants when
        that funder issued the key."""
        query = select(audit_grants.c.id, audit_grants.c.funder_id, audit_grants.c.all_wallets).where(
            audit_grants.c.auditor_id == auditor_id, audit_grants.c.revoked_at.is_(None))
        issuer = self.key_funder(key_id)
        if issuer is not None:
            query = query.where(audit_grants.c.funder_id == issuer)
        grants = self.session.execute(query).all()
        funders = frozenset(g.funder_id for g in grants if g.all_wallets)
        partial = [g.id for g in grants if not g.all_wallets]
        named = frozenset(self.session.execute(
            select(audit_grant_wallets.c.wallet_id).where(audit_grant_wallets.c.grant_id.in_(partial))).scalars()
        ) if partial else frozenset()
        return AuditScope(funders, named)

    def key_funder(self, key_id: str) -> str | None:
        return self.session.execute(
            select(api_key_scopes.c.funder_id).where(api_key_scopes.c.key_id == key_id)).scalar_one_or_none()

    def scope_key(self, key_id: str, funder_id: str) -> None:
        self.session.execute(insert(api_key_scopes).values(key_id=key_id, funder_id=funder_id))

    def wallet_ids_in(self, scope: AuditScope, *, status: str | None = None, after_id: str | None = None,
                      limit: int = 50) -> list[str]:
        query = select(wallets.c.id).where(wallets_in_scope(scope)).order_by(wallets.c.id).limit(limit)
        if status is not None:
            query = query.where(wallets.c.status == status)
        if after_id is not None:
            query = query.where(wallets.c.id > after_id)
        return list(self.session.execute(query).scalars())

    def pool_ids_in(self, scope: AuditScope, *, after_id: str | None = None, limit: int = 50) -> list[str]:
        """Pools with a member the scope covers."""
        query = (select(pool_members.c.pool_id).distinct()
                 .join(wallets, wallets.c.id == pool_members.c.wallet_id).where(wallets_in_scope(scope))
                 .order_by(pool_members.c.pool_id).limit(limit))
        if after_id is not None:
            query = query.where(pool_members.c.pool_id > after_id)
        return list(self.session.execute(query).scalars())

    def has_live_grant(self, funder_id: str, auditor_id: str) -> bool:
        return self.session.execute(select(audit_grants.c.id).where(
            audit_grants.c.funder_id == funder_id, audit_grants.c.auditor_id == auditor_id,
            audit_grants.c.revoked_at.is_(None)).limit(1)).first() is not None


def wallets_in_scope(scope: AuditScope) -> ColumnElement[bool]:
    """A condition on ``wallets`` rows: the wallets an audit scope covers."""
    if scope.is_empty:
        return false()
    return or_(wallets.c.funder_id.in_(sorted(scope.funders)), wallets.c.id.in_(sorted(scope.wallets)))

"""The audit trail and auditors' grants."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, insert, select

from wallet.domain.principals import AuditScope, Principal
from wallet.domain.visibility import WalletField, wallet_scope
from wallet.persistence.repository import Repository, matching, new_id, page, record_from
from wallet.persistence.trust_tables import api_key_scopes, audit_grant_wallets, audit_grants, audit_log
from wallet.persistence.types import utc_now
from wallet.persistence.visibility_sql import scope_condition


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


# Audit entries name whose business they are in the same terms as a wallet does.
AUDIT_LOG_OWNERS: Mapping[WalletField, ColumnElement[str]] = {
    WalletField.ID: audit_log.c.wallet_id, WalletField.FUNDER: audit_log.c.funder_id,
    WalletField.HOLDER: audit_log.c.holder_id,
}


def audit_log_scope(principal: Principal) -> ColumnElement[bool]:
    """The entries a reader may see, by the wallet visibility rule: a funder its own business, an
    auditor every entry of a funder that granted all its wallets and those about the wallets a
    partial grant names, the operator everything."""
    return scope_condition(wallet_scope(principal), AUDIT_LOG_OWNERS)


class AuditLogRepository(Repository):
    def add(self, **values: Any) -> None:
        self.session.execute(insert(audit_log).values(recorded_at=utc_now(), **values))

    def add_many(self, entries: Sequence[dict[str, Any]]) -> None:
        if entries:
            now = utc_now()
            self.session.execute(insert(audit_log), [{"recorded_at": now, **entry} for entry in entries])

    def list(self, scope: ColumnElement[bool] | None, where: AuditFilter, *, after_id: int | None,
             limit: int) -> list[AuditEntry]:
        """Oldest first. ``scope`` is the reader's visibility; ``None`` means everything."""
        query = matching(page(select(audit_log), audit_log.c.id, after=after_id, limit=limit),
                         (audit_log.c.action, where.action), (audit_log.c.wallet_id, where.wallet_id),
                         (audit_log.c.object_id, where.object_id),
                         (audit_log.c.organisation_id, where.organisation_id))
        if scope is not None:
            query = query.where(scope)
        if where.recorded_from is not None:
            query = query.where(audit_log.c.recorded_at >= where.recorded_from)
        if where.recorded_to is not None:
            query = query.where(audit_log.c.recorded_at <= where.recorded_to)
        return self._all(query, lambda row: record_from(AuditEntry, row))


class AuditGrantRepository(Repository):
    def add(self, *, funder_id: str, auditor_id: str, wallet_ids: Sequence[str] | None) -> GrantRecord:
        grant_id = new_id()
        self._insert(audit_grants, id=grant_id, funder_id=funder_id, auditor_id=auditor_id,
                     all_wallets=wallet_ids is None, created_at=utc_now())
        self._insert_many(audit_grant_wallets, ({"grant_id": grant_id, "wallet_id": w}
                                                for w in sorted(set(wallet_ids or ()))))
        return self.get(grant_id)  # type: ignore[return-value]

    def get(self, grant_id: str, *, lock: bool = False) -> GrantRecord | None:
        query = select(audit_grants).where(audit_grants.c.id == grant_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return self._records([row])[0] if row else None

    def list(self, *, funder_id: str | None = None, auditor_id: str | None = None, live_only: bool = False,
             after_id: str | None = None, limit: int = 50) -> list[GrantRecord]:
        query = matching(page(select(audit_grants), audit_grants.c.id, after=after_id, limit=limit),
                         (audit_grants.c.funder_id, funder_id), (audit_grants.c.auditor_id, auditor_id))
        if live_only:
            query = query.where(audit_grants.c.revoked_at.is_(None))
        return self._records(self.session.execute(query).all())

    def revoke(self, grant_id: str) -> None:
        self._update(audit_grants, audit_grants.c.id == grant_id, audit_grants.c.revoked_at.is_(None),
                     revoked_at=utc_now())

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

    def has_live_grant(self, funder_id: str, auditor_id: str) -> bool:
        return self.session.execute(select(audit_grants.c.id).where(
            audit_grants.c.funder_id == funder_id, audit_grants.c.auditor_id == auditor_id,
            audit_grants.c.revoked_at.is_(None)).limit(1)).first() is not None


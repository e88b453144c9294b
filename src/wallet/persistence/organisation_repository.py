"""Organisations and their API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select

from wallet.domain.principals import OrganisationKind, Role
from wallet.persistence.repository import Repository, new_id
from wallet.persistence.tables import api_keys, organisations
from wallet.persistence.types import utc_now


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    kind: OrganisationKind
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    id: str
    organisation_id: str
    role: Role
    wallet_id: str | None
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


def _organisation(row: Any) -> Organisation:
    return Organisation(row.id, row.name, OrganisationKind(row.kind), row.created_at)


class OrganisationRepository(Repository):
    def add(self, name: str, kind: OrganisationKind) -> Organisation:
        organisation = Organisation(new_id(), name, kind, utc_now())
        self._insert(organisations, id=organisation.id, name=name, kind=kind.value,
                     created_at=organisation.created_at)
        return organisation

    def get(self, organisation_id: str) -> Organisation | None:
        return self._by_id(organisations, organisation_id, _organisation)

    def first_of_kind(self, kind: OrganisationKind) -> Organisation | None:
        return self._one(select(organisations).where(organisations.c.kind == kind.value)
                         .order_by(organisations.c.created_at).limit(1), _organisation)


class ApiKeyRepository(Repository):
    def add(self, *, organisation_id: str, role: Role, wallet_id: str | None,
            key_hash: str, prefix: str) -> ApiKeyRecord:
        record = ApiKeyRecord(new_id(), organisation_id, role, wallet_id, prefix, utc_now(), None)
        self._insert(api_keys, id=record.id, organisation_id=organisation_id, role=role.value,
                     wallet_id=wallet_id, key_hash=key_hash, prefix=prefix, created_at=record.created_at)
        return record

    def find_active_by_hash(self, key_hash: str) -> tuple[ApiKeyRecord, Organisation] | None:
        row = self.session.execute(_ACTIVE_KEY, {"key_hash": key_hash}).first()
        return None if row is None else key_and_organisation(row)


def active_key_by_hash(key_hash: str | BindParameter[str]) -> Select[Any]:
    """The statement that finds an unrevoked key with its organisation; a caller may widen it
    (the idempotency lookup rides on it: one round trip for both)."""
    return (select(api_keys, organisations.c.name, organisations.c.kind,
                   organisations.c.created_at.label("organisation_created_at"))
            .join(organisations, organisations.c.id == api_keys.c.organisation_id)
            .where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None)))


# Built once: every request reads its key, and building the statement and its cache key cost
# more than the lookup itself.
_ACTIVE_KEY = active_key_by_hash(bindparam("key_hash"))


def key_and_organisation(row: Any) -> tuple[ApiKeyRecord, Organisation]:
    key = ApiKeyRecord(row.id, row.organisation_id, Role(row.role), row.wallet_id, row.prefix,
                       row.created_at, row.revoked_at)
    organisation = Organisation(row.organisation_id, row.name, OrganisationKind(row.kind),
                                row.organisation_created_at)
    return key, organisation

"""Organisations and their API keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from wallet.domain.principals import OrganisationKind, Role
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


def _organisation(row) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation(row.id, row.name, OrganisationKind(row.kind), row.created_at)


class OrganisationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, name: str, kind: OrganisationKind) -> Organisation:
        organisation = Organisation(str(uuid.uuid4()), name, kind, utc_now())
        self.session.execute(
            insert(organisations).values(
                id=organisation.id, name=name, kind=kind.value, created_at=organisation.created_at,
            )
        )
        self.session.flush()
        return organisation

    def get(self, organisation_id: str) -> Organisation | None:
        row = self.session.execute(
            select(organisations).where(organisations.c.id == organisation_id)
        ).first()
        return _organisation(row) if row else None

    def first_of_kind(self, kind: OrganisationKind) -> Organisation | None:
        row = self.session.execute(
            select(organisations).where(organisations.c.kind == kind.value)
            .order_by(organisations.c.created_at).limit(1)
        ).first()
        return _organisation(row) if row else None


class ApiKeyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, organisation_id: str, role: Role, wallet_id: str | None,
            key_hash: str, prefix: str) -> ApiKeyRecord:
        record = ApiKeyRecord(str(uuid.uuid4()), organisation_id, role, wallet_id, prefix, utc_now(), None)
        self.session.execute(
            insert(api_keys).values(
                id=record.id, organisation_id=organisation_id, role=role.value,
                wallet_id=wallet_id, key_hash=key_hash, prefix=prefix, created_at=record.created_at,
            )
        )
        self.session.flush()
        return record

    def find_active_by_hash(self, key_hash: str) -> tuple[ApiKeyRecord, Organisation] | None:
        row = self.session.execute(
            select(api_keys, organisations.c.name, organisations.c.kind,
                   organisations.c.created_at.label("organisation_created_at"))
            .join(organisations, organisations.c.id == api_keys.c.organisation_id)
            .where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None))
        ).first()
        if row is None:
            return None
        key = ApiKeyRecord(row.id, row.organisation_id, Role(row.role), row.wallet_id, row.prefix,
                           row.created_at, row.revoked_at)
        organisation = Organisation(row.organisation_id, row.name, OrganisationKind(row.kind),
                                    row.organisation_created_at)
        return key, organisation

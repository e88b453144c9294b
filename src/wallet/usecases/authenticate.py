"""Turn a bearer key into a principal."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy.orm import Session

from wallet.domain.errors import Unauthenticated
from wallet.domain.principals import AuditScope, Principal, Role
from wallet.persistence.organisation_repository import ApiKeyRepository
from wallet.usecases.audit_grants import audit_scope

KEY_PREFIX = "wk_"


def new_secret_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def authenticate(session: Session, key: str | None) -> Principal:
    if not key:
        raise Unauthenticated("send an API key as `Authorization: Bearer <key>`")
    found = ApiKeyRepository(session).find_active_by_hash(hash_key(key))
    if found is None:
        raise Unauthenticated("the API key is not known or has been revoked")
    record, organisation = found
    return Principal(
        key_id=record.id,
        organisation_id=record.organisation_id,
        organisation_kind=organisation.kind,
        role=record.role,
        wallet_id=record.wallet_id,
        audit_scope=audit_scope(session, record.organisation_id, record.id) if record.role is Role.AUDITOR
        else AuditScope(),
    )

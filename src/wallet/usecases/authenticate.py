"""Turn a bearer key into a principal."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy.orm import Session

from wallet.domain.errors import Unauthenticated
from wallet.domain.principals import AuditScope, Principal, Role
from wallet.persistence.idempotency_repository import IdempotencyRepository, StoredResponse
from wallet.persistence.organisation_repository import ApiKeyRecord, ApiKeyRepository, Organisation
from wallet.usecases.audit_grants import audit_scope

KEY_PREFIX = "wk_"
NO_KEY = "send an API key as `Authorization: Bearer <key>`"
UNKNOWN_KEY = "the API key is not known or has been revoked"


def new_secret_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def authenticate(session: Session, key: str | None) -> Principal:
    if not key:
        raise Unauthenticated(NO_KEY)
    found = ApiKeyRepository(session).find_active_by_hash(hash_key(key))
    if found is None:
        raise Unauthenticated(UNKNOWN_KEY)
    return _principal(session, *found)


def authenticate_with_stored_response(session: Session, key: str | None, idempotency_key: str, *,
                                      wallet_id: str | None = None) -> tuple[Principal, StoredResponse | None]:
    """The caller, and what was stored for its ``Idempotency-Key`` at its organisation, read in
    one statement (in the request's own transaction, as ``authenticate`` reads the key); with
    ``wallet_id``, the wallet the request is for too (``key_with_stored_response``)."""
    if not key:
        raise Unauthenticated(NO_KEY)
    found = IdempotencyRepository(session).key_with_stored_response(hash_key(key), idempotency_key,
                                                                    wallet_id=wallet_id)
    if found is None:
        raise Unauthenticated(UNKNOWN_KEY)
    record, organisation, stored = found
    return _principal(session, record, organisation), stored


def _principal(session: Session, record: ApiKeyRecord, organisation: Organisation) -> Principal:
    return Principal(
        key_id=record.id,
        organisation_id=record.organisation_id,
        organisation_kind=organisation.kind,
        role=record.role,
        wallet_id=record.wallet_id,
        audit_scope=audit_scope(session, record.organisation_id, record.id) if record.role is Role.AUDITOR
        else AuditScope(),
    )

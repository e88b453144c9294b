"""Stored responses for idempotent requests, written in the same transaction as their effect.

A stored response keeps no personal data. The person reference is kept in the wallet's own row
and nowhere else, so where a response shows one beside its wallet's id it is stored as null and
filled in again from the wallet on replay (a wallet's reference never changes): the replay is
exactly the first response.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, select, text
from sqlalchemy.dialects import sqlite

from wallet.persistence.db import is_postgresql
from wallet.persistence.driver_statements import DriverStatement, stage_with_commit
from wallet.persistence.organisation_repository import (
    ApiKeyRecord,
    Organisation,
    active_key_by_hash,
    key_and_organisation,
)
from wallet.persistence.repository import Repository
from wallet.persistence.tables import api_keys, idempotency_records
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import keep_read_alongside, wallet_with_policy_of, with_policy_alongside
from wallet.persistence.wallet_tables import wallets

PERSON_REF = "person_ref"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    fingerprint: str
    status: int
    body: Any


# Only what a replay needs: every column read costs psycopg a description entry per execution.
_STORED = (idempotency_records.c.request_fingerprint.label("stored_fingerprint"),
           idempotency_records.c.response_status.label("stored_status"),
           idempotency_records.c.response_body.label("stored_body"))


# Built once, with bound parameters: building a statement and then its cache key costs more
# than the database's work for these lookups (~0.1-0.4 ms each, measured); a statement object's
# cache key is memoised, so a prebuilt one is found in the compiled cache at once.
_KEY_WITH_STORED = DriverStatement(active_key_by_hash(bindparam("key_hash"))
                    .outerjoin(idempotency_records,
                               and_(idempotency_records.c.organisation_id == api_keys.c.organisation_id,
                                    idempotency_records.c.key == bindparam("idempotency_key")))
                    .add_columns(*_STORED))
# The same, with the wallet a payment is for and its policy beside it (the lean payment path).
_KEY_WITH_STORED_AND_WALLET = DriverStatement(with_policy_alongside(_KEY_WITH_STORED.statement))
_FIND = select(*_STORED).where(idempotency_records.c.organisation_id == bindparam("organisation_id"),
                               idempotency_records.c.key == bindparam("idempotency_key"))
_SAVE_ON_SQLITE = (sqlite.insert(idempotency_records).on_conflict_do_nothing(index_elements=["organisation_id", "key"])
                   .returning(idempotency_records.c.key))
# As text, so psycopg is handed the body already as JSON (a driver statement binds values as given).
_SAVE_ON_POSTGRESQL = DriverStatement(text(
    "INSERT INTO idempotency_records (organisation_id, key, request_fingerprint, response_status, response_body, "
    "created_at) VALUES (:organisation_id, :key, :request_fingerprint, :response_status, CAST(:response_body AS json), "
    ":created_at) ON CONFLICT (organisation_id, key) DO NOTHING RETURNING key"))


# Sent at commit, inside the seal's statement: no ON CONFLICT, so a key stored meanwhile by another
# request fails the commit (a unique violation of the primary key), and this request's effect with it.
_CLAIM_AT_COMMIT = DriverStatement(text(
    "INSERT INTO idempotency_records (organisation_id, key, request_fingerprint, response_status, response_body, "
    "created_at) VALUES (:organisation_id, :key, :request_fingerprint, :response_status, CAST(:response_body AS json), "
    ":created_at)"))
_CLAIM = "pk_idempotency_records"


def lost_claim(error: BaseException) -> bool:
    """Whether a failed commit failed because another request stored a response for the same
    key first (the save was sent with the commit)."""
    diagnostics = getattr(getattr(error, "orig", None), "diag", None)
    return getattr(diagnostics, "constraint_name", None) == _CLAIM


class IdempotencyRepository(Repository):

    def key_with_stored_response(self, key_hash: str, key: str, *, wallet_id: str | None = None
                                 ) -> tuple[ApiKeyRecord, Organisation, StoredResponse | None] | None:
        """An unrevoked API key, its organisation and the response stored for ``key`` there, in
        one statement: the key lookup carries the stored answer (one round trip, not two).
        ``wallet_id``: the wallet the request is for, read in the same statement with its policy
        and kept for ``WalletRepository.with_policy`` (one round trip fewer again). It is read
        whoever the key is; whether the caller may see it is decided, as ever, when it is used."""
        params = {"key_hash": key_hash, "idempotency_key": key}
        if wallet_id is None:
            row = _KEY_WITH_STORED.first(self.session, params)
        else:
            row = _KEY_WITH_STORED_AND_WALLET.first(self.session, params | {"wallet_id": wallet_id})
            if row is not None:
                keep_read_alongside(self.session, wallet_id, wallet_with_policy_of(row))
        if row is None:
            return None
        return *key_and_organisation(row), self.stored_in(row)

    def find(self, organisation_id: str, key: str) -> StoredResponse | None:
        row = self.session.execute(_FIND, {"organisation_id": organisation_id, "idempotency_key": key}).first()
        return None if row is None else self.stored_in(row)

    def stored_in(self, row: Any) -> StoredResponse | None:
        """The stored response in a row read with ``_STORED``'s columns (None when there is none)."""
        if row.stored_fingerprint is None:
            return None
        return StoredResponse(row.stored_fingerprint, row.stored_status, self._restore_person_refs(row.stored_body))

    def save(self, organisation_id: str, key: str, response: StoredResponse) -> bool:
        """Store the response, unless another request with the key got there first (another
        process, or one whose transaction committed while this one ran): then nothing is stored
        and the caller must not commit its own effect. One statement, no lock taken beforehand:
        the unique key is the claim. On PostgreSQL the row is sent at commit, inside the seal's
        statement (``stage_with_commit``), and a key stored first by another fails the commit
        instead: ``lost_claim`` tells that failure apart."""
        values = {"organisation_id": organisation_id, "key": key, "request_fingerprint": response.fingerprint,
                  "response_status": response.status, "response_body": _without_person_refs(response.body),
                  "created_at": utc_now()}
        if is_postgresql(self.session):
            values["response_body"] = json.dumps(values["response_body"])
            if stage_with_commit(self.session, _CLAIM_AT_COMMIT, values):
                return True  # if another got there first, the commit fails: see lost_claim
            return _SAVE_ON_POSTGRESQL.first(self.session, values) is not None
        return self.session.execute(_SAVE_ON_SQLITE, values).first() is not None

    def _restore_person_refs(self, body: Any) -> Any:
        redacted: set[str] = set()
        _each_person_ref(body, lambda wallet_id, ref: redacted.add(wallet_id) if ref is None else None)
        if not redacted:
            return body
        rows = self.session.execute(
            select(wallets.c.id, wallets.c.person_ref).where(wallets.c.id.in_(sorted(redacted))))
        refs = {row.id: row.person_ref for row in rows}
        return _each_person_ref(body, lambda wallet_id, ref: refs.get(wallet_id) if ref is None else ref)


def _without_person_refs(body: Any) -> Any:
    return _each_person_ref(body, lambda wallet_id, ref: None)


def _each_person_ref(body: Any, change: Callable[[str, Any], Any]) -> Any:
    """A copy of ``body`` with ``change(wallet_id, person_ref)`` in place of every person reference
    shown beside its wallet's id: a wallet's own ``id``, or a pool member's or statement's ``wallet_id``."""
    if isinstance(body, list):
        return [_each_person_ref(v, change) for v in body]
    if not isinstance(body, dict):
        return body
    wallet_id = body.get("wallet_id") or body.get("id")
    return {k: change(wallet_id, v) if k == PERSON_REF and isinstance(wallet_id, str) else _each_person_ref(v, change)
            for k, v in body.items()}

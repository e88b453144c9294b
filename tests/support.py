"""Helpers the tests share: an API client that knows its keys, and ledger fixtures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from wallet.domain.accounts import Side
from wallet.domain.postings import Posting, TransactionDraft
from wallet.persistence.db import Database
from wallet.persistence.ledger_repository import AccountSpec, LedgerRepository, TransactionRecord
from wallet.persistence.tables import accounts
from wallet.usecases.create_api_key import bootstrap_admin_key


@dataclass
class Response:
    status: int
    body: Any
    headers: Any


class Api:
    """Calls the HTTP API as a given key; POSTs get a fresh Idempotency-Key unless one is given."""

    def __init__(self, client, database: Database) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.database = database
        with database.writer.begin() as session:
            self.admin_key = bootstrap_admin_key(session).secret

    def call(self, method: str, path: str, *, key: str | None = None, json: Any = None,
             idempotency_key: str | None = None, params: Any = None,
             headers: dict[str, str] | None = None) -> Response:
        sent = dict(headers or {})
        if key is not None:
            sent["Authorization"] = f"Bearer {key}"
        if method == "POST" and "Idempotency-Key" not in sent:
            sent["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        response = self.client.request(method, path, json=json, headers=sent, params=params)
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return Response(response.status_code, body, response.headers)

    def get(self, path: str, key: str, **kwargs: Any) -> Response:
        return self.call("GET", path, key=key, **kwargs)

    def post(self, path: str, key: str, json: Any = None, **kwargs: Any) -> Response:
        return self.call("POST", path, key=key, json=json if json is not None else {}, **kwargs)

    def organisation(self, kind: str, name: str | None = None) -> str:
        response = self.post("/v1/organisations", self.admin_key,
                             {"name": name or f"{kind} {uuid.uuid4().hex[:6]}", "kind": kind})
        assert response.status == 201, response.body
        return str(response.body["id"])

    def key_for(self, organisation_id: str, role: str, wallet_id: str | None = None,
                issuer: str | None = None) -> str:
        response = self.post("/v1/api-keys", issuer or self.admin_key,
                             {"organisation_id": organisation_id, "role": role, "wallet_id": wallet_id})
        assert response.status == 201, response.body
        return str(response.body["key"])


def open_accounts(database: Database, *specs: AccountSpec) -> None:
    with database.writer.begin() as session:
        LedgerRepository(session).open_accounts(specs)


def post(database: Database, postings: list[Posting], *, kind: str = "test",
         organisation_id: str | None = None, effective: date | None = None) -> TransactionRecord:
    with database.writer.begin() as session:
        return LedgerRepository(session).post(
            TransactionDraft(kind=kind, effective_date=effective or date(2026, 4, 6), postings=tuple(postings)),
            organisation_id=organisation_id,
        )


def balances(database: Database) -> dict[str, int]:
    """Every account's net posted balance (debits − credits)."""
    with database.reader() as session:
        rows = session.execute(select(accounts.c.code, accounts.c.debits_posted, accounts.c.credits_posted))
        return {code: debits - credits for code, debits, credits in rows}


def cash(code: str = "bank") -> AccountSpec:
    return AccountSpec(code, Side.DEBIT)


def funds(code: str, *, guarded: bool = True) -> AccountSpec:
    return AccountSpec(code, Side.CREDIT, must_not_go_negative=guarded)


@dataclass(frozen=True)
class World:
    """A funder and an accredited holder with one policy, made through the use cases."""

    funder: Any
    holder: Any
    policy_id: str


def make_world(database: Database, rules: dict[str, Any]) -> World:
    from wallet.domain.principals import OrganisationKind, Principal, Role
    from wallet.persistence.organisation_repository import OrganisationRepository
    from wallet.usecases.accredit_holder import accredit_holder
    from wallet.usecases.manage_policies import create_policy

    with database.writer.begin() as session:
        organisations = OrganisationRepository(session)
        funder_org = organisations.add("Council", OrganisationKind.FUNDER)
        holder_org = organisations.add("Provider", OrganisationKind.HOLDER)
        funder = Principal("f", funder_org.id, OrganisationKind.FUNDER, Role.FUNDER)
        holder = Principal("h", holder_org.id, OrganisationKind.HOLDER, Role.HOLDER)
        accredit_holder(session, funder, holder_id=holder_org.id, status="accredited")
        policy = create_policy(session, funder, name="p", rules=rules)
    return World(funder, holder, policy.policy_id)

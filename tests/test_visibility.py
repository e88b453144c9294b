"""One visibility rule, two spellings: for every role, the Python check (``can_see_wallet``) and
the SQL conditions built from the same table (wallet lists, pool lists, the audit trail) pick
exactly the same wallets, on both databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from wallet.domain.policies import Policy
from wallet.domain.pools import Member, Split
from wallet.domain.principals import AuditScope, OrganisationKind, Principal, Role
from wallet.domain.visibility import WALLET_VISIBILITY, can_see_wallet
from wallet.domain.wallets import Arrangement
from wallet.persistence.db import Database
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.pool_repository import PoolRecord, PoolRepository
from wallet.persistence.trust_repository import AuditLogRepository, audit_log_scope
from wallet.persistence.trust_tables import audit_log
from wallet.persistence.visibility_sql import visible_wallets_condition
from wallet.persistence.wallet_repository import PolicyRepository, WalletRecord, WalletRepository
from wallet.persistence.wallet_tables import wallets
from wallet.usecases.pools.context import can_see_pool


@dataclass
class Ledger:
    wallets: list[WalletRecord]
    pools: list[PoolRecord]
    principals: list[Principal]


# A person's key here is one its wallet's funder issued.
KIND_OF = {Role.ADMIN: OrganisationKind.OPERATOR, Role.FUNDER: OrganisationKind.FUNDER,
           Role.HOLDER: OrganisationKind.HOLDER, Role.AUDITOR: OrganisationKind.AUDITOR,
           Role.PERSON: OrganisationKind.FUNDER}


def principal(role: Role, organisation_id: str, *, wallet_id: str | None = None,
              scope: AuditScope = AuditScope()) -> Principal:
    return Principal(f"key-{role.value}", organisation_id, KIND_OF[role], role, wallet_id=wallet_id,
                     audit_scope=scope)


def two_funders_two_holders(session: Session) -> Ledger:
    organisations = OrganisationRepository(session)
    operator = organisations.add("Operator", OrganisationKind.OPERATOR).id
    funders = [organisations.add(f"Council {n}", OrganisationKind.FUNDER).id for n in (1, 2)]
    holders = [organisations.add(f"Provider {n}", OrganisationKind.HOLDER).id for n in (1, 2)]
    auditor = organisations.add("Auditor", OrganisationKind.AUDITOR).id
    policies = {f: PolicyRepository(session).add(funder_id=f, name="p", rules=Policy.from_json({})).policy_id
                for f in funders}
    repository = WalletRepository(session)
    found = [repository.add(person_ref=f"P{n}", funder_id=f, holder_id=h, arrangement=Arrangement.ISF,
                            policy_id=policies[f], opened_on=date(2026, 1, 5))
             for n, (f, h) in enumerate([(funders[0], holders[0]), (funders[0], holders[1]),
                                         (funders[1], holders[0]), (funders[1], holders[1]),
                                         (funders[0], holders[0])])]
    pools = PoolRepository(session)
    shared = pools.add(holder_id=holders[0], name="shared", split=Split.EQUAL, currency="GBP")
    alone = pools.add(holder_id=holders[1], name="alone", split=Split.EQUAL, currency="GBP")
    empty = pools.add(holder_id=holders[0], name="empty", split=Split.EQUAL, currency="GBP")
    for pool, wallet in ((shared, found[0]), (shared, found[2]), (alone, found[3])):
        pools.add_member(pool.id, Member(wallet.id, joined_on=date(2026, 1, 5)))
    for wallet in found:
        AuditLogRepository(session).add(action="wallet.opened", object_type="wallet", object_id=wallet.id,
                                        funder_id=wallet.funder_id, holder_id=wallet.holder_id,
                                        wallet_id=wallet.id, details={})
    principals = [
        principal(Role.ADMIN, operator),
        *(principal(Role.FUNDER, f) for f in funders),
        *(principal(Role.HOLDER, h) for h in holders),
        principal(Role.PERSON, funders[0], wallet_id=found[1].id),
        principal(Role.AUDITOR, auditor, scope=AuditScope(funders=frozenset({funders[0]}))),
        principal(Role.AUDITOR, auditor, scope=AuditScope(wallets=frozenset({found[3].id}))),
        principal(Role.AUDITOR, auditor, scope=AuditScope(frozenset({funders[1]}), frozenset({found[0].id}))),
        principal(Role.AUDITOR, auditor),  # no live grant: sees nothing
    ]
    return Ledger(found, [shared, alone, empty], principals)


@pytest.fixture
def ledger(database: Database) -> Ledger:
    with database.writer.begin() as session:
        return two_funders_two_holders(session)


def test_every_role_has_a_rule_and_is_checked(ledger: Ledger) -> None:
    assert set(WALLET_VISIBILITY) == set(Role)
    assert {p.role for p in ledger.principals} == set(Role)


def test_python_and_sql_pick_the_same_wallets(database: Database, ledger: Ledger) -> None:
    everything = {w.id for w in ledger.wallets}
    with database.reader() as session:
        for reader in ledger.principals:
            by_python = {w.id for w in ledger.wallets if can_see_wallet(reader, w)}
            by_sql = set(session.execute(select(wallets.c.id).where(visible_wallets_condition(reader))).scalars())
            listed = {w.id for w in WalletRepository(session).visible_to(reader, limit=100)}
            assert by_sql == by_python == listed, reader
            # Not vacuous: only the operator sees every wallet, and every rule lets some through
            # except an auditor's without grants.
            assert (by_python == everything) is reader.is_admin, reader
            assert bool(by_python) is not (reader.role is Role.AUDITOR and reader.audit_scope.is_empty), reader


def test_the_audit_trail_about_wallets_follows_the_same_rule(database: Database, ledger: Ledger) -> None:
    with database.reader() as session:
        for reader in ledger.principals:
            seen = set(session.execute(select(audit_log.c.wallet_id).where(audit_log_scope(reader))).scalars())
            assert seen == {w.id for w in ledger.wallets if can_see_wallet(reader, w)}, reader


def test_python_and_sql_pick_the_same_pools(database: Database, ledger: Ledger) -> None:
    with database.reader() as session:
        for reader in ledger.principals:
            by_python = {p.id for p in ledger.pools if can_see_pool(session, reader, p)}
            by_sql = {p.id for p in PoolRepository(session).visible_to(reader, limit=100)}
            assert by_sql == by_python, reader

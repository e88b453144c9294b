"""Create, revise and read a funder's policies. Revising writes a new version; nothing is rewritten."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput, NotFound
from wallet.domain.policies import parse_policy
from wallet.domain.principals import Principal, Role
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed


class PolicyNotFound(NotFound):
    type = "policy-not-found"
    title = "Policy not found"


@allowed(Role.FUNDER)
def create_policy(session: Session, principal: Principal, *, name: str,
                  rules: Mapping[str, Any]) -> PolicyVersion:
    if not name.strip():
        raise InvalidInput("a policy needs a name", field="name")
    policy = PolicyRepository(session).add(funder_id=principal.organisation_id, name=name.strip(),
                                           rules=parse_policy(rules))
    record_change(session, principal, "policy.created", object_type="policy", object_id=policy.policy_id,
                  funder_id=policy.funder_id, name=policy.name, version=policy.version, rules=policy.rules.to_json())
    return policy


@allowed(Role.FUNDER)
def revise_policy(session: Session, principal: Principal, policy_id: str,
                  rules: Mapping[str, Any]) -> PolicyVersion:
    get_policy(session, principal, policy_id)
    policy = PolicyRepository(session).add_version(policy_id, parse_policy(rules))
    record_change(session, principal, "policy.versioned", object_type="policy", object_id=policy_id,
                  funder_id=policy.funder_id, version=policy.version, previous_version=policy.version - 1,
                  rules=policy.rules.to_json())
    return policy


@allowed(Role.FUNDER)
def get_policy(session: Session, principal: Principal, policy_id: str,
               version: int | None = None) -> PolicyVersion:
    found = PolicyRepository(session).get(policy_id, version)
    if found is None or (found.funder_id != principal.organisation_id and not principal.is_admin):
        raise PolicyNotFound(f"no policy {policy_id}" + (f" version {version}" if version else ""),
                             policy_id=policy_id)
    return found


@allowed(Role.FUNDER)
def list_policies(session: Session, principal: Principal, *, after_id: str | None, limit: int) -> list[PolicyVersion]:
    """A funder's own policies, each at its newest version (earlier ones: ``get_policy``)."""
    return PolicyRepository(session).list_latest(principal.organisation_id, after_id=after_id, limit=limit)

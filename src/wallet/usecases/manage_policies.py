"""Create, revise and read a funder's policies. Revising writes a new version; nothing is rewritten."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput, NotFound
from wallet.domain.policies import parse_policy
from wallet.domain.principals import Principal
from wallet.persistence.wallet_repository import PolicyRepository, PolicyVersion


class PolicyNotFound(NotFound):
    type = "policy-not-found"
    title = "Policy not found"


def create_policy(session: Session, principal: Principal, *, name: str,
                  rules: Mapping[str, Any]) -> PolicyVersion:
    if not name.strip():
        raise InvalidInput("a policy needs a name", field="name")
    return PolicyRepository(session).add(funder_id=principal.organisation_id, name=name.strip(),
                                         rules=parse_policy(rules))


def revise_policy(session: Session, principal: Principal, policy_id: str,
                  rules: Mapping[str, Any]) -> PolicyVersion:
    get_policy(session, principal, policy_id)
    return PolicyRepository(session).add_version(policy_id, parse_policy(rules))


def get_policy(session: Session, principal: Principal, policy_id: str,
               version: int | None = None) -> PolicyVersion:
    found = PolicyRepository(session).get(policy_id, version)
    if found is None or (found.funder_id != principal.organisation_id and not principal.is_admin):
        raise PolicyNotFound(f"no policy {policy_id}" + (f" version {version}" if version else ""),
                             policy_id=policy_id)
    return found

"""Who is asking: an API key's organisation and role."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    FUNDER = "funder"
    HOLDER = "holder"
    AUDITOR = "auditor"
    PERSON = "person"


class OrganisationKind(StrEnum):
    OPERATOR = "operator"  # runs the service; its keys are admin keys
    FUNDER = "funder"
    HOLDER = "holder"
    AUDITOR = "auditor"


# Each role belongs to one kind of organisation; a person's key is issued by the wallet's funder
# or holder and bound to that one wallet.
ROLE_ORGANISATION_KINDS: dict[Role, frozenset[OrganisationKind]] = {
    Role.ADMIN: frozenset({OrganisationKind.OPERATOR}),
    Role.FUNDER: frozenset({OrganisationKind.FUNDER}),
    Role.HOLDER: frozenset({OrganisationKind.HOLDER}),
    Role.AUDITOR: frozenset({OrganisationKind.AUDITOR}),
    Role.PERSON: frozenset({OrganisationKind.FUNDER, OrganisationKind.HOLDER}),
}


@dataclass(frozen=True, slots=True)
class AuditScope:
    """What an auditor's live grants cover: every wallet of some funders, some wallets of others
    (``wallet.domain.visibility`` says how that decides what the auditor sees)."""

    funders: frozenset[str] = frozenset()
    wallets: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.funders and not self.wallets


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: str
    organisation_id: str
    organisation_kind: OrganisationKind
    role: Role
    wallet_id: str | None = None
    # Auditors only: loaded with the key, so every visibility check stays a pure function.
    audit_scope: AuditScope = AuditScope()

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

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
class Principal:
    key_id: str
    organisation_id: str
    organisation_kind: OrganisationKind
    role: Role
    wallet_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

"""Register a funder, holder or auditor organisation (an operator's task)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput
from wallet.domain.principals import OrganisationKind, Principal
from wallet.persistence.organisation_repository import Organisation, OrganisationRepository


def create_organisation(session: Session, principal: Principal, *, name: str,
                        kind: OrganisationKind) -> Organisation:
    if not principal.is_admin:
        raise Forbidden("only an operator's admin key can register organisations")
    if kind is OrganisationKind.OPERATOR:
        raise InvalidInput("operator organisations are created with `wallet keys create`")
    name = name.strip()
    if not name:
        raise InvalidInput("an organisation needs a name")
    return OrganisationRepository(session).add(name, kind)

"""Register a funder, holder or auditor organisation (an operator's task)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.persistence.organisation_repository import Organisation, OrganisationRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed


@allowed(Role.ADMIN)
def create_organisation(session: Session, principal: Principal, *, name: str,
                        kind: OrganisationKind) -> Organisation:
    if not principal.is_admin:
        raise Forbidden("only an operator's admin key can register organisations")
    if kind is OrganisationKind.OPERATOR:
        raise InvalidInput("operator organisations are created with `wallet keys create`")
    name = name.strip()
    if not name:
        raise InvalidInput("an organisation needs a name")
    organisation = OrganisationRepository(session).add(name, kind)
    # Filed under the new organisation, so a funder can read how it came to be registered.
    record_change(session, principal, "organisation.created", object_type="organisation", object_id=organisation.id,
                  funder_id=organisation.id if kind is OrganisationKind.FUNDER else None,
                  holder_id=organisation.id if kind is OrganisationKind.HOLDER else None,
                  kind=kind.value, name=organisation.name)
    return organisation

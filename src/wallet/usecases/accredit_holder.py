"""A funder keeps its own list of trusted budget holders: new wallets open only at accredited ones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput, NotFound
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed

STATUSES = ("accredited", "suspended")


@allowed(Role.FUNDER)
def accredit_holder(session: Session, principal: Principal, *, holder_id: str, status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}", status=status)
    holder = OrganisationRepository(session).get(holder_id)
    if holder is None or holder.kind is not OrganisationKind.HOLDER:
        raise NotFound(f"no holder organisation {holder_id}", holder_id=holder_id)
    wallets = WalletRepository(session)
    previous = wallets.accreditation(principal.organisation_id, holder_id)
    wallets.set_accreditation(principal.organisation_id, holder_id, status)
    if previous != status:  # saying it again changes nothing worth an entry
        record_change(session, principal, "accreditation.set", object_type="accreditation", object_id=holder_id,
                      funder_id=principal.organisation_id, holder_id=holder_id, status=status,
                      previous_status=previous)
    return status


@allowed(Role.FUNDER)
def list_accreditations(session: Session, principal: Principal) -> list[tuple[str, str]]:
    """This funder's holders and the status of each: (holder id, status)."""
    return [(holder_id, status) for holder_id, status, _ in
            WalletRepository(session).accreditations_of(principal.organisation_id)]

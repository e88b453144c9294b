"""A funder keeps its own list of trusted budget holders: new wallets open only at accredited ones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput, NotFound
from wallet.domain.principals import OrganisationKind, Principal
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.wallet_repository import WalletRepository

STATUSES = ("accredited", "suspended")


def accredit_holder(session: Session, principal: Principal, *, holder_id: str, status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}", status=status)
    holder = OrganisationRepository(session).get(holder_id)
    if holder is None or holder.kind is not OrganisationKind.HOLDER:
        raise NotFound(f"no holder organisation {holder_id}", holder_id=holder_id)
    WalletRepository(session).set_accreditation(principal.organisation_id, holder_id, status)
    return status

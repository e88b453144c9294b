"""A holder's mapping of ledger accounts to the nominal codes of its own chart of accounts, which
the accounting exports use. The holder sets its own; the operator may read and set any holder's."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from wallet.domain.accounting_exports import AccountMapping, LedgerAccount, checked_mapping
from wallet.domain.principals import Principal, Role
from wallet.persistence.account_mapping_repository import AccountMappingRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.reports import HolderNotFound, is_holder


def mapping_of(session: Session, holder_id: str) -> AccountMapping:
    """The holder's codes, with the defaults for what it has not set (a step of the exports)."""
    stored = AccountMappingRepository(session).codes(holder_id)
    return AccountMapping({LedgerAccount(kind): code for kind, code in stored.items()
                           if kind in LedgerAccount._value2member_map_})


def _check_holder(session: Session, principal: Principal, holder_id: str) -> None:
    # Another holder, or an organisation that is not a holder, is simply not found.
    if principal.role is Role.HOLDER and principal.organisation_id != holder_id:
        raise HolderNotFound(f"no holder {holder_id}", holder_id=holder_id)
    if not is_holder(session, holder_id):
        raise HolderNotFound(f"no holder {holder_id}", holder_id=holder_id)


@allowed(Role.ADMIN, Role.HOLDER)
def get_account_mapping(session: Session, principal: Principal, holder_id: str) -> AccountMapping:
    _check_holder(session, principal, holder_id)
    return mapping_of(session, holder_id)


@allowed(Role.ADMIN, Role.HOLDER)
def replace_account_mapping(session: Session, principal: Principal, holder_id: str,
                            codes: Mapping[str, str]) -> AccountMapping:
    """Replace the whole mapping: a kind left out goes back to its default code."""
    _check_holder(session, principal, holder_id)
    checked = checked_mapping(codes)
    AccountMappingRepository(session).replace(holder_id, {kind.value: code for kind, code in checked.items()})
    record_change(session, principal, "account_mapping.replaced", object_type="account_mapping",
                  object_id=holder_id, holder_id=holder_id,
                  codes={kind.value: code for kind, code in sorted(checked.items())})
    return AccountMapping(checked)

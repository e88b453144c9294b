"""Issue an API key. The key is returned once; only its hash is stored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput, NotFound
from wallet.domain.principals import ROLE_ORGANISATION_KINDS, OrganisationKind, Principal, Role
from wallet.persistence.organisation_repository import (
    ApiKeyRecord,
    ApiKeyRepository,
    OrganisationRepository,
)
from wallet.usecases.audit_grants import check_auditor_key, scope_auditor_key
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authenticate import hash_key, new_secret_key
from wallet.usecases.authorisation import allowed
from wallet.usecases.visibility import wallet_visible


@dataclass(frozen=True, slots=True)
class IssuedKey:
    record: ApiKeyRecord
    secret: str


@allowed(Role.ADMIN, Role.FUNDER)
def create_api_key(session: Session, principal: Principal, *, organisation_id: str, role: Role,
                   wallet_id: str | None = None) -> IssuedKey:
    organisations = OrganisationRepository(session)
    organisation = organisations.get(organisation_id)
    if principal.role is Role.FUNDER:
        # A funder issues keys for the auditors it works with and for the people it funds.
        if role not in (Role.AUDITOR, Role.PERSON):
            raise Forbidden("a funder may issue only auditor and person keys")
        if role is Role.PERSON and organisation_id != principal.organisation_id:
            raise Forbidden("a funder issues person keys under its own organisation")
    elif not principal.is_admin:
        raise Forbidden("only an admin or a funder may issue API keys")
    if organisation is None:
        raise NotFound(f"no organisation {organisation_id}", organisation_id=organisation_id)
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise InvalidInput(
            f"a {role.value} key cannot belong to a {organisation.kind.value} organisation",
            role=role.value, organisation_kind=organisation.kind.value,
        )
    if role is Role.PERSON:
        if not wallet_id:
            raise InvalidInput("a person key is bound to one wallet: give wallet_id")
        if not wallet_visible(session, principal, wallet_id, organisation_id=organisation_id):
            raise NotFound(f"no wallet {wallet_id}", wallet_id=wallet_id)
    elif wallet_id is not None:
        raise InvalidInput("only person keys are bound to a wallet")
    if role is Role.ADMIN and organisation.kind is not OrganisationKind.OPERATOR:
        raise InvalidInput("admin keys belong to the operator")
    if role is Role.AUDITOR:
        check_auditor_key(session, principal, organisation_id)

    secret = new_secret_key()
    record = ApiKeyRepository(session).add(
        organisation_id=organisation_id, role=role, wallet_id=wallet_id,
        key_hash=hash_key(secret), prefix=secret[:11],
    )
    if role is Role.AUDITOR:
        scope_auditor_key(session, principal, record.id)
    record_change(session, principal, "api_key.issued", object_type="api_key", object_id=record.id,
                  funder_id=principal.organisation_id if principal.role is Role.FUNDER else (
                      organisation_id if organisation.kind is OrganisationKind.FUNDER else None),
                  holder_id=organisation_id if organisation.kind is OrganisationKind.HOLDER else None,
                  key_organisation_id=organisation_id, key_role=role.value, key_wallet_id=wallet_id)
    return IssuedKey(record, secret)


def bootstrap_admin_key(session: Session, organisation_name: str = "Operator") -> IssuedKey:
    """The first admin key, made from the command line before anyone can call the API."""
    organisations = OrganisationRepository(session)
    operator = organisations.first_of_kind(OrganisationKind.OPERATOR) or organisations.add(
        organisation_name, OrganisationKind.OPERATOR
    )
    secret = new_secret_key()
    record = ApiKeyRepository(session).add(
        organisation_id=operator.id, role=Role.ADMIN, wallet_id=None,
        key_hash=hash_key(secret), prefix=secret[:11],
    )
    record_change(session, None, "api_key.issued", object_type="api_key", object_id=record.id,
                  key_organisation_id=operator.id, key_role=Role.ADMIN.value, via="command line")
    return IssuedKey(record, secret)

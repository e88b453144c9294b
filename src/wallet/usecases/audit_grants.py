"""A funder lets an auditor organisation read some or all of its wallets; and takes it back.

An auditor key then sees exactly what live grants cover: those wallets, their transactions and
statements, the pools' members among them, the audit trail about them, the reconciliation lines
for them. A key that a funder issued to an auditor sees only that funder's grants.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden, InvalidInput, NotFound, WalletNotFound
from wallet.domain.principals import AuditScope, OrganisationKind, Principal, Role
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.trust_repository import AuditGrantRepository, GrantRecord
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed

MAX_NAMED_WALLETS = 1000


class GrantNotFound(NotFound):
    type = "audit-grant-not-found"
    title = "Audit grant not found"


class AuditorNotFound(NotFound):
    type = "auditor-not-found"
    title = "Auditor organisation not found"


def _funder(principal: Principal) -> None:
    if principal.role is not Role.FUNDER:
        raise Forbidden("only a funder grants access to its wallets", allowed_roles=[Role.FUNDER.value])


@allowed(Role.FUNDER)
def create_grant(session: Session, principal: Principal, *, auditor_id: str,
                 wallet_ids: Sequence[str] | None) -> GrantRecord:
    """``wallet_ids=None`` grants every wallet the funder funds, now and later."""
    _funder(principal)
    auditor = OrganisationRepository(session).get(auditor_id)
    if auditor is None or auditor.kind is not OrganisationKind.AUDITOR:
        raise AuditorNotFound(f"no auditor organisation {auditor_id}", auditor_id=auditor_id)
    if wallet_ids is not None:
        if not wallet_ids:
            raise InvalidInput("name at least one wallet, or leave wallet_ids out to grant them all",
                               field="wallet_ids")
        if len(set(wallet_ids)) > MAX_NAMED_WALLETS:
            raise InvalidInput(f"a grant names at most {MAX_NAMED_WALLETS} wallets; grant all of them instead",
                               field="wallet_ids")
        wallets = WalletRepository(session)
        for wallet_id in sorted(set(wallet_ids)):
            wallet = wallets.get(wallet_id)
            if wallet is None or wallet.funder_id != principal.organisation_id:
                raise WalletNotFound(f"no wallet {wallet_id}", wallet_id=wallet_id)
    grant = AuditGrantRepository(session).add(funder_id=principal.organisation_id, auditor_id=auditor_id,
                                              wallet_ids=wallet_ids)
    record_change(session, principal, "audit_grant.created", object_type="audit_grant", object_id=grant.id,
                  funder_id=principal.organisation_id, auditor_id=auditor_id,
                  wallet_ids=list(grant.wallet_ids) or None, all_wallets=grant.all_wallets)
    return grant


@allowed(Role.FUNDER)
def revoke_grant(session: Session, principal: Principal, grant_id: str) -> GrantRecord:
    _funder(principal)
    repository = AuditGrantRepository(session)
    grant = repository.get(grant_id, lock=True)
    if grant is None or grant.funder_id != principal.organisation_id:
        raise GrantNotFound(f"no audit grant {grant_id}", grant_id=grant_id)
    if grant.revoked_at is None:
        repository.revoke(grant_id)
        record_change(session, principal, "audit_grant.revoked", object_type="audit_grant", object_id=grant_id,
                      funder_id=principal.organisation_id, auditor_id=grant.auditor_id)
    return repository.get(grant_id)  # type: ignore[return-value]


@allowed(Role.FUNDER, Role.AUDITOR)
def list_grants(session: Session, principal: Principal, *, after_id: str | None, limit: int) -> list[GrantRecord]:
    repository = AuditGrantRepository(session)
    if principal.role is Role.FUNDER:
        return repository.list(funder_id=principal.organisation_id, after_id=after_id, limit=limit)
    if principal.role is Role.AUDITOR:
        issuer = repository.key_funder(principal.key_id)
        return repository.list(auditor_id=principal.organisation_id, funder_id=issuer, live_only=True,
                               after_id=after_id, limit=limit)
    raise Forbidden("grants are read by the funders that make them and the auditors that hold them",
                    allowed_roles=[Role.FUNDER.value, Role.AUDITOR.value])


def audit_scope(session: Session, auditor_id: str, key_id: str) -> AuditScope:
    return AuditGrantRepository(session).scope_for(auditor_id, key_id)


def check_auditor_key(session: Session, principal: Principal, auditor_id: str) -> None:
    """A funder issues keys only to auditors it has granted access; the key sees only its grants."""
    if principal.role is Role.FUNDER and not AuditGrantRepository(session).has_live_grant(
            principal.organisation_id, auditor_id):
        raise AuditorNotFound(f"no auditor {auditor_id} holds a grant from you; grant access first",
                              auditor_id=auditor_id)


def scope_auditor_key(session: Session, principal: Principal, key_id: str) -> None:
    if principal.role is Role.FUNDER:
        AuditGrantRepository(session).scope_key(key_id, principal.organisation_id)

"""The audit trail: every change that is not a posting (postings are the journal's own record),
with who made it, when, and the request it came in; and reading it back, as far as one may.

Entries name objects by id and never carry personal data: not the person reference, not a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from wallet.domain.errors import Forbidden
from wallet.domain.principals import Principal, Role
from wallet.persistence.trust_repository import (
    AuditEntry,
    AuditFilter,
    AuditLogRepository,
    audit_log_scope,
)
from wallet.persistence.wallet_repository import WalletRecord
from wallet.request_context import current_request_id
from wallet.usecases.authorisation import allowed

READERS = (Role.ADMIN, Role.FUNDER, Role.AUDITOR)


def record_change(session: Session, principal: Principal | None, action: str, *, object_type: str,
                  object_id: str | None = None, wallet: WalletRecord | None = None, funder_id: str | None = None,
                  holder_id: str | None = None, **details: Any) -> None:
    """Append one entry, in the caller's database transaction: it lands exactly when the change does.

    ``wallet`` (or ``funder_id``/``holder_id``) says whose business the change is, which decides
    who may read the entry. ``principal`` is ``None`` for the system itself (the hold sweep)."""
    AuditLogRepository(session).add(**audit_entry(principal, action, object_type=object_type, object_id=object_id,
                                                  wallet=wallet, funder_id=funder_id, holder_id=holder_id,
                                                  **details))


def record_changes(session: Session, entries: Sequence[dict[str, Any]]) -> None:
    """Many entries (``audit_entry``) in one statement: a batch of a bulk run."""
    AuditLogRepository(session).add_many(entries)


def audit_entry(principal: Principal | None, action: str, *, object_type: str, object_id: str | None = None,
                wallet: WalletRecord | None = None, funder_id: str | None = None, holder_id: str | None = None,
                **details: Any) -> dict[str, Any]:
    """The entry ``record_change`` appends, as a row."""
    return {
        "organisation_id": principal.organisation_id if principal else None,
        "key_id": principal.key_id[:36] if principal else None,
        "role": principal.role.value if principal and principal.organisation_id else None,
        "request_id": current_request_id.get(),
        "action": action, "object_type": object_type, "object_id": object_id,
        "funder_id": wallet.funder_id if wallet else funder_id,
        "holder_id": wallet.holder_id if wallet else holder_id,
        "wallet_id": wallet.id if wallet else None,
        "details": json_ready({k: v for k, v in details.items() if v is not None}),
    }


# Values stored as they are; checked first, since a bulk run's entries are mostly these.
_PLAIN = frozenset({str, int, bool, float, type(None)})


def json_ready(value: Any) -> Any:
    """Dates as ISO strings, collections as lists and dicts: what a JSON column stores."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        return {str(k): v if type(v) in _PLAIN else json_ready(v) for k, v in value.items()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_ready(v) for v in value]
    return value


@allowed(Role.ADMIN, Role.FUNDER, Role.AUDITOR)
def list_audit_log(session: Session, principal: Principal, where: AuditFilter, *, after_id: int | None,
                   limit: int) -> list[AuditEntry]:
    """A funder reads the entries about its own business; an auditor what its grants cover; the
    operator everything."""
    repository = AuditLogRepository(session)
    match principal.role:
        case Role.ADMIN:
            return repository.list(None, where, after_id=after_id, limit=limit)
        case Role.FUNDER | Role.AUDITOR:
            return repository.list(audit_log_scope(principal), where, after_id=after_id, limit=limit)
    raise Forbidden(f"a {principal.role.value} key may not read the audit log",
                    allowed_roles=[r.value for r in READERS])

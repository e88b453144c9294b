"""Signing a person in to their own page: a one-time link their council or provider issues, then a
session cookie.

Tokens are long random strings shown once; only their sha256 is stored (as for API keys). A link
works once, for one wallet, until it expires; a session lasts a fixed time or until sign-out.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from wallet.domain.errors import InvalidInput
from wallet.domain.person_page import PersonLinkNotFound, PersonLinkNotUsable, PersonNotSignedIn
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.persistence.organisation_repository import OrganisationRepository
from wallet.persistence.person_link_repository import PersonLinkRecord, PersonLinkRepository, PersonSessionRecord
from wallet.persistence.types import utc_now
from wallet.persistence.wallet_repository import WalletRepository
from wallet.usecases.audit_trail import record_change
from wallet.usecases.authorisation import allowed
from wallet.usecases.visibility import load_wallet

LINK_PREFIX = "pl_"
SESSION_PREFIX = "ps_"


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def form_token(session_token: str) -> str:
    """The sign-out form's token: derived from the session's secret, so a page from elsewhere
    cannot know it, and nothing more need be stored."""
    return hashlib.sha256(f"sign-out:{session_token}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedPersonLink:
    record: PersonLinkRecord
    token: str  # shown once, in the link's URL


@dataclass(frozen=True, slots=True)
class StartedSession:
    record: PersonSessionRecord
    token: str  # the cookie's value


def _check_lifetime(lifetime: timedelta, what: str) -> None:
    if lifetime <= timedelta(0):
        raise InvalidInput(f"a {what} must last some time", field=what.replace(" ", "_"))


@allowed(Role.FUNDER, Role.HOLDER)
def issue_person_link(session: Session, principal: Principal, wallet_id: str, *, lifetime: timedelta,
                      now: datetime | None = None) -> IssuedPersonLink:
    """A sign-in link for the person whose wallet this is, issued by its funder or holder."""
    _check_lifetime(lifetime, "link lifetime")
    wallet = load_wallet(session, principal, wallet_id)
    now = now or utc_now()
    token = new_token(LINK_PREFIX)
    record = PersonLinkRepository(session).add_link(
        wallet_id=wallet.id, organisation_id=principal.organisation_id, issued_by_key_id=principal.key_id[:36],
        token_hash=hash_token(token), created_at=now, expires_at=now + lifetime)
    # The token is never recorded: only that a link was issued, by whom, and until when.
    record_change(session, principal, "person_link.issued", object_type="person_link", object_id=record.id,
                  wallet=wallet, expires_at=record.expires_at)
    return IssuedPersonLink(record, token)


@allowed(Role.FUNDER, Role.HOLDER)
def renew_person_link(session: Session, principal: Principal, link_id: str, *,
                      now: datetime | None = None) -> IssuedPersonLink:
    """A new token for a link not yet used nor expired (its expiry unchanged); the old token stops
    working. This is how a retried issue request gets a working URL without the first one's token
    ever being stored."""
    repository = PersonLinkRepository(session)
    link = repository.get_link(link_id)
    if link is None or link.organisation_id != principal.organisation_id:
        raise PersonLinkNotFound(f"no sign-in link {link_id}", link_id=link_id)
    wallet = load_wallet(session, principal, link.wallet_id)
    token = new_token(LINK_PREFIX)
    if not repository.replace_token(link.id, hash_token(token), now or utc_now()):
        raise PersonLinkNotUsable("this sign-in link has been used or has expired: issue a new one with a new "
                                  "Idempotency-Key", link_id=link.id)
    record_change(session, principal, "person_link.renewed", object_type="person_link", object_id=link.id,
                  wallet=wallet, expires_at=link.expires_at)
    return IssuedPersonLink(link, token)


def principal_of(record: PersonSessionRecord, kind: OrganisationKind) -> Principal:
    """A session acts as a person key would: bound to its one wallet, under the issuer's organisation."""
    return Principal(key_id=record.id, organisation_id=record.organisation_id, organisation_kind=kind,
                     role=Role.PERSON, wallet_id=record.wallet_id)


def link_usable(session: Session, link_token: str, *, now: datetime | None = None) -> bool:
    """Whether a link would still sign in, without using it: the sign-in page can say at once that
    an old link will not work, and a mail scanner that opens the page spends nothing."""
    return link_token.startswith(LINK_PREFIX) and PersonLinkRepository(session).is_usable(
        hash_token(link_token), now or utc_now())


def start_person_session(session: Session, link_token: str, *, lifetime: timedelta,
                         now: datetime | None = None) -> StartedSession:
    """Exchange a link for a session. The link is the credential, so there is no caller to check;
    a used, expired or unknown link is refused the same way, saying nothing about which."""
    _check_lifetime(lifetime, "session lifetime")
    now = now or utc_now()
    repository = PersonLinkRepository(session)
    link = repository.use_link(hash_token(link_token), now) if link_token.startswith(LINK_PREFIX) else None
    if link is None:
        raise PersonLinkNotUsable("this sign-in link has already been used, has expired, or is not known")
    token = new_token(SESSION_PREFIX)
    record = repository.add_session(link=link, token_hash=hash_token(token), created_at=now,
                                    expires_at=now + lifetime)
    issuer = OrganisationRepository(session).get(link.organisation_id)
    assert issuer is not None  # a foreign key
    record_change(session, principal_of(record, issuer.kind), "person_session.started", object_type="person_session",
                  object_id=record.id, wallet=WalletRepository(session).get(link.wallet_id), link_id=link.id,
                  expires_at=record.expires_at)
    return StartedSession(record, token)


def person_principal(session: Session, session_token: str | None, *, now: datetime | None = None) -> Principal:
    """The person a session cookie signs in, while the session lasts."""
    if not session_token or not session_token.startswith(SESSION_PREFIX):
        raise PersonNotSignedIn("you are not signed in")
    found = PersonLinkRepository(session).find_live_session(hash_token(session_token), now or utc_now())
    if found is None:
        raise PersonNotSignedIn("this session has ended or has expired")
    return principal_of(*found)


@allowed(Role.PERSON)
def end_person_session(session: Session, principal: Principal, *, now: datetime | None = None) -> None:
    """Sign out: the session ends on the server, so its cookie is worthless wherever it was copied."""
    if not PersonLinkRepository(session).end_session(principal.key_id, now or utc_now()):
        raise PersonNotSignedIn("this session has already ended")
    record_change(session, principal, "person_session.ended", object_type="person_session",
                  object_id=principal.key_id,
                  wallet=WalletRepository(session).get(principal.wallet_id) if principal.wallet_id else None)

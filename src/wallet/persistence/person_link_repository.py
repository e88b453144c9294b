"""Sign-in links and person sessions: stored by the hash of their token, found only while live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from wallet.domain.principals import OrganisationKind
from wallet.persistence.person_tables import person_links, person_sessions
from wallet.persistence.repository import Repository, new_id, record_from
from wallet.persistence.tables import organisations


@dataclass(frozen=True, slots=True)
class PersonLinkRecord:
    id: str
    wallet_id: str
    organisation_id: str
    issued_by_key_id: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class PersonSessionRecord:
    id: str
    link_id: str
    wallet_id: str
    organisation_id: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None


class PersonLinkRepository(Repository):
    # --- links ------------------------------------------------------------------------------

    def add_link(self, *, wallet_id: str, organisation_id: str, issued_by_key_id: str, token_hash: str,
                 created_at: datetime, expires_at: datetime) -> PersonLinkRecord:
        record = PersonLinkRecord(new_id(), wallet_id, organisation_id, issued_by_key_id, created_at, expires_at,
                                  None)
        self._insert(person_links, id=record.id, wallet_id=wallet_id, organisation_id=organisation_id,
                     issued_by_key_id=issued_by_key_id, token_hash=token_hash, created_at=created_at,
                     expires_at=expires_at)
        return record

    def get_link(self, link_id: str) -> PersonLinkRecord | None:
        return self._by_id(person_links, link_id, lambda row: record_from(PersonLinkRecord, row))

    def is_usable(self, token_hash: str, now: datetime) -> bool:
        return self.session.execute(
            select(person_links.c.id).where(person_links.c.token_hash == token_hash, person_links.c.used_at.is_(None),
                                            person_links.c.expires_at > now)).first() is not None

    def replace_token(self, link_id: str, token_hash: str, now: datetime) -> bool:
        """Give a link that is still usable a new token, so the old one stops working."""
        return self._update(person_links, person_links.c.id == link_id, person_links.c.used_at.is_(None),
                            person_links.c.expires_at > now, token_hash=token_hash) == 1

    def use_link(self, token_hash: str, now: datetime) -> PersonLinkRecord | None:
        """Mark the link used, if it still may be: one conditional UPDATE, so of two exchanges of the
        same link at the same moment exactly one changes the row (the other finds it used)."""
        won = self._update(person_links, person_links.c.token_hash == token_hash, person_links.c.used_at.is_(None),
                           person_links.c.expires_at > now, used_at=now)
        if won != 1:
            return None
        return self._one(select(person_links).where(person_links.c.token_hash == token_hash),
                         lambda row: record_from(PersonLinkRecord, row))

    # --- sessions ---------------------------------------------------------------------------

    def add_session(self, *, link: PersonLinkRecord, token_hash: str, created_at: datetime,
                    expires_at: datetime) -> PersonSessionRecord:
        record = PersonSessionRecord(new_id(), link.id, link.wallet_id, link.organisation_id, created_at,
                                     expires_at, None)
        self._insert(person_sessions, id=record.id, link_id=link.id, wallet_id=link.wallet_id,
                     organisation_id=link.organisation_id, token_hash=token_hash, created_at=created_at,
                     expires_at=expires_at)
        return record

    def find_live_session(self, token_hash: str, now: datetime
                          ) -> tuple[PersonSessionRecord, OrganisationKind] | None:
        row = self.session.execute(
            select(person_sessions, organisations.c.kind.label("organisation_kind"))
            .join(organisations, organisations.c.id == person_sessions.c.organisation_id)
            .where(person_sessions.c.token_hash == token_hash, person_sessions.c.ended_at.is_(None),
                   person_sessions.c.expires_at > now)
        ).first()
        if row is None:
            return None
        return record_from(PersonSessionRecord, row), OrganisationKind(row.organisation_kind)

    def end_session(self, session_id: str, now: datetime) -> bool:
        return self._update(person_sessions, person_sessions.c.id == session_id,
                            person_sessions.c.ended_at.is_(None), ended_at=now) == 1

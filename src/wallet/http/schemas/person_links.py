"""A sign-in link to the person's own page, as its issuer sees it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from wallet.persistence.person_link_repository import PersonLinkRecord


class PersonLinkOut(BaseModel):
    id: str
    wallet_id: str
    url: str = Field(description="the one-time sign-in address to give the person; shown in this response only "
                                 "(a retry with the same Idempotency-Key gets a fresh one, and the first stops "
                                 "working)")
    expires_at: datetime = Field(description="the link stops working at this moment if it has not been used")
    created_at: datetime


class StoredPersonLink(BaseModel):
    """What the idempotency record keeps of the response: everything but the URL, whose token is
    never stored."""

    id: str
    wallet_id: str
    expires_at: datetime
    created_at: datetime

    @classmethod
    def of(cls, record: PersonLinkRecord) -> StoredPersonLink:
        return cls(id=record.id, wallet_id=record.wallet_id, expires_at=record.expires_at,
                   created_at=record.created_at)

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from wallet.domain.principals import Role
from wallet.http.schemas.common import RequestBody
from wallet.persistence.organisation_repository import Organisation


class OrganisationIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Anytown Council", "kind": "funder"}]})
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(pattern="^(funder|holder|auditor)$")


class OrganisationOut(BaseModel):
    id: str
    name: str
    kind: str
    created_at: datetime

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationOut:
        return cls(id=organisation.id, name=organisation.name, kind=organisation.kind.value,
                   created_at=organisation.created_at)


class ApiKeyIn(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "organisation_id": "5b1e2c3d-0000-4000-8000-000000000001", "role": "funder"}]})
    organisation_id: str = Field(min_length=1, max_length=36)
    role: Role
    wallet_id: str | None = Field(None, max_length=36)


class ApiKeyOut(BaseModel):
    id: str
    organisation_id: str
    role: Role
    wallet_id: str | None
    prefix: str
    created_at: datetime
    key: str = Field(description="the secret key; shown once and never stored")

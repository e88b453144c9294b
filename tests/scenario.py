"""A council, a provider and a person's wallet, set up through the HTTP API as integrators would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.support import Api


@dataclass
class Council:
    api: Api
    funder_id: str
    funder_key: str
    holder_id: str
    holder_key: str
    policies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, api: Api, name: str = "Southwark Council") -> Council:
        funder_id = api.organisation("funder", name)
        holder_id = api.organisation("holder", "Thrive Support Ltd")
        council = cls(api, funder_id, api.key_for(funder_id, "funder"), holder_id, api.key_for(holder_id, "holder"))
        council.accredit(holder_id)
        return council

    def accredit(self, holder_id: str, status: str = "accredited") -> None:
        response = self.api.post("/v1/accreditations", self.funder_key, {"holder_id": holder_id, "status": status})
        assert response.status == 200, response.body

    def policy(self, name: str = "standard", **rules: Any) -> str:
        response = self.api.post("/v1/policies", self.funder_key, {"name": name, "rules": rules})
        assert response.status == 201, response.body
        self.policies[name] = response.body["id"]
        return str(response.body["id"])

    def wallet(self, policy_id: str | None = None, *, person_ref: str = "P-0001", opened_on: str = "2026-04-06",
               arrangement: str = "isf", holder_id: str | None = None) -> str:
        response = self.api.post("/v1/wallets", self.funder_key, {
            "person_ref": person_ref, "holder_id": holder_id or self.holder_id, "arrangement": arrangement,
            "policy_id": policy_id or self.policy(), "opened_on": opened_on})
        assert response.status == 201, response.body
        return str(response.body["id"])

    def fund(self, wallet_id: str, amount: int, source: str = "funder", on: str = "2026-04-06") -> dict[str, Any]:
        response = self.api.post(f"/v1/wallets/{wallet_id}/fundings", self.funder_key,
                                 {"amount": amount, "source": source, "effective_date": on, "reference": "ref"})
        assert response.status == 201, response.body
        return response.body  # type: ignore[no-any-return]

    def pay(self, wallet_id: str, amount: int, category: str = "personal_assistant", on: str = "2026-04-10",
            **extra: Any):  # type: ignore[no-untyped-def]
        return self.api.post(f"/v1/wallets/{wallet_id}/payments", self.holder_key,
                             {"amount": amount, "category": category, "payee": "PA-17", "effective_date": on, **extra})

    def balances(self, wallet_id: str, key: str | None = None) -> dict[str, Any]:
        response = self.api.get(f"/v1/wallets/{wallet_id}", key or self.funder_key)
        assert response.status == 200, response.body
        return response.body["balances"]  # type: ignore[no-any-return]

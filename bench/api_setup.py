"""The tenancy the HTTP figures are measured in, made through the API as an integrator would.

A funder and a holder organisation with a key each, the holder accredited, and one policy with
no approval threshold (every payment is posted at once, as most are). Wallets are opened by the
funder at that one holder and funded with far more than a run can spend, so no payment is ever
refused for want of money. The statement counts and the HTTP load both build on this, each
through its own way of sending a request (``Send``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OPENED_ON = "2026-04-06"
PAYMENT_DATE = "2026-04-10"
CATEGORY = "personal_assistant"
FUNDING = 10_000_000  # £100,000 a wallet: a 15-second run spends a few pounds of it

# (method, path, key, JSON body or None) -> (status, decoded JSON body)
Send = Callable[[str, str, str, Any], tuple[int, Any]]


class SetUpFailed(RuntimeError):
    pass


def expect(status: int, body: Any, wanted: int, what: str) -> Any:
    if status != wanted:
        raise SetUpFailed(f"{what}: expected HTTP {wanted}, got {status}: {body!r}"[:2000])
    return body


@dataclass(frozen=True)
class Tenancy:
    funder_id: str
    funder_key: str
    holder_id: str
    holder_key: str
    policy_id: str


def make_tenancy(send: Send, admin_key: str) -> Tenancy:
    def organisation(kind: str, name: str) -> str:
        status, body = send("POST", "/v1/organisations", admin_key, {"name": name, "kind": kind})
        return str(expect(status, body, 201, f"create the {kind} organisation")["id"])

    def key(organisation_id: str, role: str) -> str:
        status, body = send("POST", "/v1/api-keys", admin_key,
                            {"organisation_id": organisation_id, "role": role})
        return str(expect(status, body, 201, f"issue a {role} key")["key"])

    funder_id = organisation("funder", "Bench Council")
    holder_id = organisation("holder", "Bench Provider")
    funder_key, holder_key = key(funder_id, "funder"), key(holder_id, "holder")
    status, body = send("POST", "/v1/accreditations", funder_key,
                        {"holder_id": holder_id, "status": "accredited"})
    expect(status, body, 200, "accredit the holder")
    status, body = send("POST", "/v1/policies", funder_key, {"name": "bench", "rules": {}})
    policy_id = str(expect(status, body, 201, "create the policy")["id"])
    return Tenancy(funder_id, funder_key, holder_id, holder_key, policy_id)


def wallet_body(tenancy: Tenancy, index: int) -> dict[str, Any]:
    return {"person_ref": f"BENCH-{index:05d}", "holder_id": tenancy.holder_id,
            "arrangement": "isf", "policy_id": tenancy.policy_id, "opened_on": OPENED_ON}


def funding_body(amount: int = FUNDING) -> dict[str, Any]:
    return {"amount": amount, "source": "funder", "effective_date": OPENED_ON}


def payment_body(amount: int) -> dict[str, Any]:
    return {"amount": amount, "category": CATEGORY, "effective_date": PAYMENT_DATE}


def funded_wallet(send: Send, tenancy: Tenancy, index: int) -> str:
    status, body = send("POST", "/v1/wallets", tenancy.funder_key, wallet_body(tenancy, index))
    wallet_id = str(expect(status, body, 201, "open a wallet")["id"])
    status, body = send("POST", f"/v1/wallets/{wallet_id}/fundings", tenancy.funder_key,
                        funding_body())
    expect(status, body, 201, "fund a wallet")
    return wallet_id


def to_json(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def new_idempotency_key() -> str:
    return f"bench-{uuid.uuid4()}"

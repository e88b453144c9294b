"""Idempotency-Key on every POST: a retried create replays the first answer and makes nothing twice.

Before: only the POSTs that move money looked at the key; `POST /v1/wallets` sent twice with the
same key opened two wallets for the same person.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api

# Creates a retry could duplicate: the key is required (a 422 without it).
REQUIRED = {
    "/v1/organisations", "/v1/api-keys", "/v1/accreditations", "/v1/policies", "/v1/policies/{policy_id}/versions",
    "/v1/wallets", "/v1/pools", "/v1/pools/{pool_id}/members", "/v1/audit-grants", "/v1/period-closes",
    "/v1/wallets/{wallet_id}/schedules/{schedule_id}/changes",
}
# Changes a retry cannot duplicate: the key is accepted, not required.
OPTIONAL = {"/v1/alerts/{alert_id}/acknowledge", "/v1/audit-grants/{grant_id}/revoke"}
# Other helpers' routes, judged in their own tests.
NOT_OURS = {"/v1/wallets/{wallet_id}/person-links", "/v1/webhook-endpoints"}


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_every_post_takes_an_idempotency_key(api: Api) -> None:
    document = api.client.app.openapi()
    for path, operations in document["paths"].items():
        if "post" not in operations or not path.startswith("/v1") or path in NOT_OURS:
            continue
        header = [p for p in operations["post"].get("parameters", [])
                  if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert header, f"POST {path} ignores Idempotency-Key"
        assert header[0]["required"] is (path not in OPTIONAL), path
    assert REQUIRED | OPTIONAL <= set(document["paths"])


def test_a_wallet_opened_twice_with_one_key_is_one_wallet(council: Council) -> None:
    body = {"person_ref": "P-retry", "holder_id": council.holder_id, "arrangement": "isf",
            "policy_id": council.policy(), "opened_on": "2026-04-06"}
    first = council.api.post("/v1/wallets", council.funder_key, body, idempotency_key="open-1")
    again = council.api.post("/v1/wallets", council.funder_key, body, idempotency_key="open-1")
    assert first.status == again.status == 201
    assert again.body == first.body and again.headers["Idempotent-Replayed"] == "true"
    listed = council.api.get("/v1/wallets", council.funder_key).body["items"]
    assert [w["id"] for w in listed if w["person_ref"] == "P-retry"] == [first.body["id"]]
    other = council.api.post("/v1/wallets", council.funder_key, {**body, "person_ref": "P-other"},
                             idempotency_key="open-1")
    assert other.status == 422 and other.body["type"] == "idempotency-key-reused"


def test_a_create_without_a_key_is_refused_and_makes_nothing(council: Council) -> None:
    response = council.api.client.post("/v1/policies", json={"name": "no key", "rules": {}},
                                       headers={"Authorization": f"Bearer {council.funder_key}"})
    assert response.status_code == 422
    assert "no key" not in [p["name"] for p in council.api.get("/v1/policies", council.funder_key).body["items"]]


def _creates(council: Council) -> list[tuple[str, str, dict[str, Any], Callable[[], int]]]:
    """(path, key, body, how many exist) for each create a retry could duplicate."""
    api = council.api
    wallet = council.wallet(person_ref="P-pool-a")
    second = council.wallet(person_ref="P-pool-b")
    auditor = api.organisation("auditor")
    policy = council.policy("revised")
    schedule = api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key,
                        {"amount": 140000, "source": "funder", "every": "4w", "in_advance": True,
                         "starts_on": "2026-04-06"}).body["id"]
    pool = api.post("/v1/pools", council.holder_key, {"name": "shared", "split": "equal", "joined_on": "2026-04-06",
                                                      "members": [{"wallet_id": wallet}]}).body["id"]

    def count(path: str, key: str, field: str | None = None, value: Any = None) -> Callable[[], int]:
        def counted() -> int:
            items = api.get(path, key, params={"limit": 500}).body
            items = items["items"] if isinstance(items, dict) and "items" in items else items
            return len([i for i in items if field is None or i.get(field) == value])
        return counted

    def pool_members() -> int:
        return len(api.get(f"/v1/pools/{pool}", council.holder_key).body["members"])

    def policy_version() -> int:
        return int(api.get(f"/v1/policies/{policy}", council.funder_key).body["version"])

    return [
        ("/v1/organisations", api.admin_key, {"name": "Retry Ltd", "kind": "holder"},
         lambda: _organisations_named(api, "Retry Ltd")),
        ("/v1/api-keys", api.admin_key, {"organisation_id": council.holder_id, "role": "holder"},
         lambda: _keys_of(api, council.holder_id)),
        ("/v1/policies", council.funder_key, {"name": "retried", "rules": {}},
         count("/v1/policies", council.funder_key, "name", "retried")),
        (f"/v1/policies/{policy}/versions", council.funder_key, {"rules": {}}, policy_version),
        ("/v1/pools", council.holder_key, {"name": "retried", "split": "equal", "joined_on": "2026-04-06",
                                           "members": [{"wallet_id": second}]},
         count("/v1/pools", council.holder_key, "name", "retried")),
        (f"/v1/pools/{pool}/members", council.holder_key, {"wallet_id": second, "joined_on": "2026-04-07"},
         pool_members),
        ("/v1/audit-grants", council.funder_key, {"auditor_id": auditor},
         count("/v1/audit-grants", council.funder_key)),
        (f"/v1/wallets/{wallet}/schedules/{schedule}/changes", council.funder_key,
         {"amount": 150000, "effective_from": "2026-06-01"},
         lambda: len(_schedule(api, council, wallet, schedule).get("changes", [])) or 1),
    ]


def _organisations_named(api: Api, name: str) -> int:
    from sqlalchemy import func, select

    from wallet.persistence.tables import organisations
    with api.database.reader() as session:
        return int(session.execute(select(func.count()).where(organisations.c.name == name)).scalar_one())


def _keys_of(api: Api, organisation_id: str) -> int:
    from sqlalchemy import func, select

    from wallet.persistence.tables import api_keys
    with api.database.reader() as session:
        return int(session.execute(select(func.count()).where(api_keys.c.organisation_id == organisation_id))
                   .scalar_one())


def _schedule(api: Api, council: Council, wallet: str, schedule: str) -> dict[str, Any]:
    return api.get(f"/v1/wallets/{wallet}/schedules/{schedule}", council.funder_key).body  # type: ignore[no-any-return]


def test_every_create_sent_twice_with_one_key_makes_one_thing(council: Council) -> None:
    for path, key, body, how_many in _creates(council):
        before = how_many()
        idempotency_key = str(uuid.uuid4())
        first = council.api.post(path, key, body, idempotency_key=idempotency_key)
        assert first.status in (200, 201), (path, first.body)
        made = how_many()
        again = council.api.post(path, key, body, idempotency_key=idempotency_key)
        assert (again.status, again.body) == (first.status, first.body), path
        assert again.headers.get("Idempotent-Replayed") == "true", path
        assert how_many() == made and made >= before, path
        # A different request (here its query) under the same key is refused, not run.
        changed = council.api.post(path, key, body, idempotency_key=idempotency_key, params={"changed": "1"})
        assert changed.status == 422 and changed.body["type"] == "idempotency-key-reused", path


def test_accreditation_and_period_close_replay(council: Council) -> None:
    wallet = council.wallet()
    accredit = council.api.post("/v1/accreditations", council.funder_key,
                                {"holder_id": council.holder_id, "status": "accredited"}, idempotency_key="acc")
    assert council.api.post("/v1/accreditations", council.funder_key,
                            {"holder_id": council.holder_id, "status": "accredited"},
                            idempotency_key="acc").headers["Idempotent-Replayed"] == "true"
    assert accredit.status == 200
    proposal = {"period_end": "2027-04-05", "wallet_ids": [wallet]}
    first = council.api.post("/v1/period-closes", council.funder_key, proposal, idempotency_key="close-1")
    again = council.api.post("/v1/period-closes", council.funder_key, proposal, idempotency_key="close-1")
    assert first.status == again.status == 201 and again.body["id"] == first.body["id"]


def test_an_optional_key_is_honoured_and_may_be_left_out(council: Council) -> None:
    api = council.api
    auditor = api.organisation("auditor")
    grant = api.post("/v1/audit-grants", council.funder_key, {"auditor_id": auditor}).body["id"]
    path = f"/v1/audit-grants/{grant}/revoke"
    first = api.post(path, council.funder_key, idempotency_key="revoke-1")
    again = api.post(path, council.funder_key, idempotency_key="revoke-1")
    assert first.status == again.status == 200 and again.headers["Idempotent-Replayed"] == "true"
    bare = api.client.post(path, headers={"Authorization": f"Bearer {council.funder_key}"})
    assert bare.status_code in (200, 409), bare.text
    assert "Idempotent-Replayed" not in bare.headers

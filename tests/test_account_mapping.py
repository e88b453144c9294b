"""A holder's mapping of ledger accounts to its own nominal codes, through HTTP: defaults for what it
has not set, a PUT that replaces the whole mapping, clear refusals, other tenants kept out, and an
entry in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api, Response
from wallet.domain.accounting_exports import DEFAULT_CODES, LedgerAccount

DEFAULTS = {"client_bank": "1200", "notional_budgets": "1210", "holder_reserve": "1300",
            "held_for_people_funder": "2100", "held_for_people_person_contribution": "2110",
            "held_for_people_nhs": "2120", "held_for_people_top_up": "2130", "pool_shares": "2140",
            "protected_savings": "2150", "due_to_funders": "2200", "fee_income": "4000",
            "efficiency_income": "4900", "suspense": "9999"}


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def path(council: Council) -> str:
    return f"/v1/holders/{council.holder_id}/account-mapping"


def put(council: Council, codes: Any, key: str | None = None, **kwargs: Any) -> Response:
    return council.api.call("PUT", path(council), key=key or council.holder_key, json={"codes": codes}, **kwargs)


def codes_of(body: dict[str, Any]) -> dict[str, str]:
    return {account["account"]: account["code"] for account in body["accounts"]}


def test_every_kind_has_a_default_until_the_holder_sets_its_own(council: Council) -> None:
    response = council.api.get(path(council), council.holder_key)
    assert response.status == 200, response.body
    assert response.body["holder_id"] == council.holder_id
    assert codes_of(response.body) == DEFAULTS
    assert set(DEFAULTS) == {account.value for account in LedgerAccount} == {a.value for a in DEFAULT_CODES}
    assert all(a["is_default"] and a["code"] == a["default_code"] and a["name"] for a in response.body["accounts"])
    assert council.api.get(path(council), council.api.admin_key).body == response.body


def test_a_put_replaces_the_whole_mapping(council: Council) -> None:
    first = put(council, {"client_bank": "090", "fee_income": "200", "held_for_people_funder": "CL2100"})
    assert first.status == 200, first.body
    assert codes_of(first.body) == {**DEFAULTS, "client_bank": "090", "fee_income": "200",
                                    "held_for_people_funder": "CL2100"}
    flags = {a["account"]: a["is_default"] for a in first.body["accounts"]}
    assert not flags["client_bank"] and flags["pool_shares"]
    assert council.api.get(path(council), council.holder_key).body == first.body
    # What the next PUT leaves out goes back to its default.
    second = put(council, {"fee_income": "4010"}, key=council.api.admin_key)
    assert second.status == 200, second.body
    assert codes_of(council.api.get(path(council), council.holder_key).body) == {**DEFAULTS, "fee_income": "4010"}
    assert put(council, {}).status == 200
    assert codes_of(council.api.get(path(council), council.holder_key).body) == DEFAULTS


def test_the_same_idempotency_key_replays_and_a_different_body_is_refused(council: Council) -> None:
    headers = {"Idempotency-Key": "mapping-1"}
    first = put(council, {"client_bank": "090"}, headers=headers)
    assert first.status == 200 and "idempotent-replayed" not in first.headers
    put(council, {"client_bank": "091"})  # changed since, without a key
    again = put(council, {"client_bank": "090"}, headers=headers)
    assert again.status == 200 and again.headers["idempotent-replayed"] == "true" and again.body == first.body
    reused = put(council, {"client_bank": "092"}, headers=headers)
    assert reused.status == 422 and reused.body["type"] == "idempotency-key-reused"
    assert codes_of(council.api.get(path(council), council.holder_key).body)["client_bank"] == "091"


@pytest.mark.parametrize("codes, field, kind", [
    ({"client_bank": ""}, "codes.client_bank", "invalid-nominal-code"),
    ({"client_bank": "12 00"}, "codes.client_bank", "invalid-nominal-code"),
    ({"client_bank": "12345678901"}, "codes.client_bank", "invalid-nominal-code"),
    ({"fee_income": "4000;DROP"}, "codes.fee_income", "invalid-nominal-code"),
    ({"petty_cash": "1230"}, "codes.petty_cash", "invalid-input"),
])
def test_bad_codes_are_refused_naming_the_field_and_nothing_changes(council: Council, codes: dict[str, str],
                                                                    field: str, kind: str) -> None:
    assert put(council, {"client_bank": "090"}).status == 200
    refused = put(council, {"fee_income": "200", **codes})
    assert refused.status == 422, refused.body
    assert refused.body["type"] == kind and refused.body["field"] == field
    assert codes_of(council.api.get(path(council), council.holder_key).body) == {**DEFAULTS, "client_bank": "090"}


def test_a_body_that_is_not_a_mapping_is_refused(council: Council) -> None:
    for body in ({"codes": {"client_bank": 1200}}, {"codes": ["1200"]}, {"codes": {}, "extra": 1}, {}):
        refused = council.api.call("PUT", path(council), key=council.holder_key, json=body)
        assert refused.status == 422, (body, refused.body)


def test_other_tenants_and_other_roles_are_kept_out(council: Council) -> None:
    api = council.api
    stranger = Council.create(api, "Elsewhere")
    for method in ("GET", "PUT"):
        body = {"codes": {"client_bank": "1"}} if method == "PUT" else None
        other_holder = api.call(method, path(council), key=stranger.holder_key, json=body)
        assert other_holder.status == 404 and other_holder.body["type"] == "holder-not-found"
        for key in (council.funder_key, stranger.funder_key):
            assert api.call(method, path(council), key=key, json=body).status == 403
        not_a_holder = api.call(method, f"/v1/holders/{council.funder_id}/account-mapping", key=api.admin_key,
                                json=body)
        assert not_a_holder.status == 404
    assert codes_of(api.get(path(council), council.holder_key).body) == DEFAULTS


def test_each_change_is_in_the_audit_trail(council: Council) -> None:
    api = council.api
    assert put(council, {"client_bank": "090"}, headers={"X-Request-ID": "mapping-change-1"}).status == 200
    entries = api.get("/v1/audit/log", api.admin_key, params={"action": "account_mapping.replaced"}).body["items"]
    [entry] = [e for e in entries if e["object_id"] == council.holder_id]
    assert (entry["object_type"], entry["holder_id"], entry["organisation_id"], entry["role"]) == (
        "account_mapping", council.holder_id, council.holder_id, "holder")
    assert entry["details"] == {"codes": {"client_bank": "090"}} and entry["request_id"] == "mapping-change-1"

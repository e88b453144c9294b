"""Strict input, the same on both databases: every case a clear 4xx problem that changes nothing.

Before: a NUL answered 500 on PostgreSQL and was stored on SQLite; `9999-12-31` answered 500; a
number was read as a Unix time; a forged cursor or a huge query integer answered 500.
"""

from __future__ import annotations

import base64
import json

import pytest

from tests.scenario import Council
from tests.support import Api
from wallet.http.pagination import decode_cursor, encode_cursor


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def _fields(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [".".join(error["location"]) for error in response.body.get("errors", [])]


def _wallets(council: Council) -> int:
    return len(council.api.get("/v1/wallets", council.funder_key, params={"limit": 500}).body["items"])


def test_a_nul_in_a_person_reference_is_refused_naming_the_field(council: Council) -> None:
    before = _wallets(council)
    response = council.api.post("/v1/wallets", council.funder_key, {
        "person_ref": "P-\x00-1", "holder_id": council.holder_id, "arrangement": "isf",
        "policy_id": council.policy(), "opened_on": "2026-04-06"})
    assert response.status == 422 and response.body["type"] == "validation-error"
    assert _fields(response) == ["body.person_ref"]
    assert _wallets(council) == before


@pytest.mark.parametrize("name", ["Acme\x00Ltd", "Acme\x1bLtd", "Acme\x85Ltd", "Acme\nLtd"])
def test_control_characters_in_an_organisation_name_are_refused(api: Api, name: str) -> None:
    response = api.post("/v1/organisations", api.admin_key, {"name": name, "kind": "holder"})
    assert response.status == 422 and _fields(response) == ["body.name"]


def test_a_line_break_is_kept_in_multi_line_text_but_nul_is_not(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    assert council.pay(wallet, 100, description="line one\nline two").status == 201
    refused = council.pay(wallet, 100, description="line one\x00")
    assert refused.status == 422 and _fields(refused) == ["body.description"]


def test_a_control_character_nested_in_policy_rules_is_refused(council: Council) -> None:
    response = council.api.post("/v1/policies", council.funder_key, {"name": "n", "rules": {"note\x00": "x"}})
    assert response.status == 422 and _fields(response) == ["body.rules"]


def test_a_nul_in_a_query_or_path_parameter_is_refused_naming_it(council: Council) -> None:
    alerts = council.api.get("/v1/alerts", council.funder_key, params={"kind": "\x00"})
    assert alerts.status == 422 and _fields(alerts) == ["query.kind"]
    wallet = council.api.get("/v1/wallets/%00", council.funder_key)
    assert wallet.status == 422 and _fields(wallet) == ["path.wallet_id"]


@pytest.mark.parametrize("effective_date", ["9999-12-31", "1899-12-31", 1771545600, "20260220", "2026-02-20T00:00:00Z"])
def test_a_funding_takes_only_an_iso_date_in_range(council: Council, effective_date: object) -> None:
    wallet = council.wallet()
    before = council.balances(wallet)
    response = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key,
                                {"amount": 1000, "source": "funder", "effective_date": effective_date})
    assert response.status == 422 and _fields(response) == ["body.effective_date"], response.body
    assert council.balances(wallet) == before


def test_the_range_ends_are_accepted(council: Council) -> None:
    wallet = council.wallet(opened_on="1900-01-01")
    for day in ("1900-01-01", "2199-12-31"):
        response = council.api.post(f"/v1/wallets/{wallet}/fundings", council.funder_key,
                                    {"amount": 1000, "source": "funder", "effective_date": day})
        assert response.status == 201, response.body


@pytest.mark.parametrize("as_of", ["20260301", "1772323200", "2026-03-01T10:00:00", "9999-12-31"])
def test_a_balance_as_of_is_an_iso_date_or_a_moment_with_a_zone(council: Council, as_of: str) -> None:
    wallet = council.wallet()
    response = council.api.get(f"/v1/wallets/{wallet}/balance", council.funder_key, params={"as_of": as_of})
    assert response.status == 422 and _fields(response) == ["query.as_of"], response.body


def test_a_balance_as_of_a_day_or_a_moment_still_answers(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 5_000)
    # As it was recorded, so any day after today sees the funding.
    for as_of in ("2199-12-31", "2199-06-01T23:00:00Z", "2199-06-01T00:30:00+01:00"):
        response = council.api.get(f"/v1/wallets/{wallet}/balance", council.funder_key, params={"as_of": as_of})
        assert response.status == 200 and response.body["balances"]["available"] == 5_000, (as_of, response.body)


def test_a_query_date_time_needs_a_zone(council: Council) -> None:
    refused = council.api.get("/v1/audit/log", council.funder_key, params={"recorded_from": "2026-04-06T10:00:00"})
    assert refused.status == 422 and _fields(refused) == ["query.recorded_from"]
    assert council.api.get("/v1/audit/log", council.funder_key,
                           params={"recorded_from": "2026-04-06T10:00:00Z"}).status == 200


@pytest.mark.parametrize(("path", "params"), [
    ("/v1/events", {"after": str(2**63)}),
    ("/v1/events", {"after": "-1"}),
    ("/v1/audit/verify", {"from": str(2**70)}),
])
def test_query_integers_are_bounded_to_what_the_database_holds(council: Council, path: str,
                                                                params: dict[str, str]) -> None:
    response = council.api.get(path, council.funder_key, params=params)
    assert response.status == 422, response.body


def test_a_huge_policy_version_is_refused(council: Council) -> None:
    response = council.api.get(f"/v1/policies/{council.policy()}", council.funder_key,
                               params={"version": str(2**63)})
    assert response.status == 422 and _fields(response) == ["query.version"]


def _unsigned(position: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    _unsigned({"id": [1]}), _unsigned({"id": 2**70}), _unsigned({"after": "x"}), _unsigned({"after_id": "x"}),
    "not base64 at all!", "", "A" * 2000,
])
@pytest.mark.parametrize("path", ["/v1/wallets", "/v1/policies", "/v1/alerts", "/v1/audit-grants", "/v1/pools"])
def test_a_forged_cursor_is_400_invalid_cursor_on_every_list(council: Council, path: str, cursor: str) -> None:
    key = council.holder_key if path == "/v1/pools" else council.funder_key
    response = council.api.get(path, key, params={"cursor": cursor})
    if len(cursor) > 1000:
        assert response.status == 422 and _fields(response) == ["query.cursor"]
    else:
        assert response.status == 400 and response.body["type"] == "invalid-cursor", response.body


def test_an_edited_cursor_is_refused_and_a_real_one_pages(council: Council) -> None:
    for n in range(3):
        council.wallet(person_ref=f"P-page-{n}")
    first = council.api.get("/v1/wallets", council.funder_key, params={"limit": 1}).body
    cursor = first["next_cursor"]
    assert council.api.get("/v1/wallets", council.funder_key, params={"limit": 1, "cursor": cursor}).status == 200
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[-3] ^= 1
    edited = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    response = council.api.get("/v1/wallets", council.funder_key, params={"limit": 1, "cursor": edited})
    assert response.status == 400 and response.body["type"] == "invalid-cursor"


def test_a_cursor_signed_with_another_key_is_refused() -> None:
    from wallet.http.pagination import InvalidCursor

    cursor = encode_cursor({"id": "w-1"}, key=b"one")
    assert decode_cursor(cursor, key=b"one") == {"id": "w-1"}
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, key=b"two")


@pytest.mark.parametrize("change, field", [
    ({"person_ref": "P-\x00-2"}, "person_ref"),
    ({"schedules": [{"amount": 35000, "source": "funder", "every": "1w", "in_advance": True,
                     "starts_on": "2026-04-06", "\x00": 1}]}, "schedules"),
    ({"opened_on": 1771545600}, "opened_on"),
    ({"opened_on": "9999-12-31"}, "opened_on"),
    ({"schedules": [{"amount": 35000, "source": "funder", "every": "1w", "in_advance": True,
                     "starts_on": "1899-12-31"}]}, "schedules"),
])
def test_a_batch_item_is_held_to_the_rules_of_every_body_however_deep(council: Council, change: dict,  # type: ignore[type-arg]
                                                                        field: str) -> None:
    """A batch's items are request bodies of their own: their fields are checked when they are
    validated (the batch's list is not walked a second time), nested schedules included."""
    item = {"action": "open", "ref": "r1", "person_ref": "P-1", "holder_id": council.holder_id, "arrangement": "isf",
            "policy_id": council.policy(), "opened_on": "2026-04-06",
            "schedules": [{"amount": 35000, "source": "funder", "every": "1w", "in_advance": True,
                           "starts_on": "2026-04-06"}], **change}
    before = _wallets(council)
    response = council.api.post("/v1/wallet-batches", council.funder_key, {"mode": "item_by_item", "items": [item]})
    assert response.status == 422 and response.body["type"] == "validation-error", response.body
    assert all(f.startswith("body.items.0.") for f in _fields(response)) and any(field in f for f in _fields(response))
    assert _wallets(council) == before

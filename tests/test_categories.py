"""A council writes "Personal Care"; a provider's system sends "personal_care" or "PERSONAL-CARE".
Every spelling is the same category, in the policy and in every way of spending."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from tests.conftest import MIGRATIONS
from tests.scenario import Council
from tests.support import Api
from wallet.domain.categories import category_label, normalise_category
from wallet.domain.errors import InvalidInput
from wallet.domain.policies import parse_policy
from wallet.persistence.db import create_db_engine
from wallet.persistence.migrate import upgrade

SPELLINGS = ["Personal Care", "personal care", "Personal_Care", "  PERSONAL CARE ", "personal-care", "personal_care"]


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_every_spelling_is_one_category() -> None:
    assert {normalise_category(s) for s in SPELLINGS} == {"personal_care"}
    assert parse_policy({"blocked_categories": ["Personal Care", "personal_care"]}).blocked_categories == (
        "personal_care",)
    assert parse_policy({"approval_categories": ["Day Trips"]}).approval_categories == ("day_trips",)
    assert category_label("day_trips") == "Day trips"
    for empty in ("", "   ", "_-_"):
        with pytest.raises(InvalidInput):
            normalise_category(empty)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_blocked_category_is_blocked_however_a_payment_spells_it(council: Council, spelling: str) -> None:
    wallet = council.wallet(council.policy(blocked_categories=["Personal Care"]))
    council.fund(wallet, 50000)
    refused = council.pay(wallet, 1000, spelling)
    assert refused.status == 422 and refused.body["type"] == "category-blocked", refused.body
    assert refused.body["category"] == "personal_care"
    assert council.balances(wallet)["available"] == 50000


def test_a_blocked_category_is_blocked_for_holds_and_pool_payments(council: Council) -> None:
    policy = council.policy(blocked_categories=["Personal Care"])
    first, second = council.wallet(policy, person_ref="P-1"), council.wallet(policy, person_ref="P-2")
    for wallet in (first, second):
        council.fund(wallet, 50000)
    hold = council.api.post(f"/v1/wallets/{first}/holds", council.holder_key,
                            {"amount": 1000, "category": "PERSONAL-CARE"})
    assert hold.status == 422 and hold.body["type"] == "category-blocked", hold.body
    pool = council.api.post("/v1/pools", council.holder_key, {
        "name": "Shared PA", "split": "equal", "joined_on": "2026-04-06",
        "members": [{"wallet_id": first}, {"wallet_id": second}]})
    assert pool.status == 201, pool.body
    pool_id = pool.body["id"]
    contributed = council.api.post(f"/v1/pools/{pool_id}/contributions", council.holder_key,
                                   {"amount": 10000, "effective_date": "2026-04-06"})
    assert contributed.status == 201, contributed.body
    paid = council.api.post(f"/v1/pools/{pool_id}/payments", council.holder_key,
                            {"amount": 2000, "category": "Personal Care", "effective_date": "2026-04-08"})
    assert paid.status == 422 and paid.body["type"] == "category-blocked", paid.body
    assert council.balances(first)["available"] == 45000 and council.balances(second)["available"] == 45000


def test_a_category_that_needs_approval_waits_however_it_is_spelt(council: Council) -> None:
    policy = council.policy(approval_categories=["Day Trips"])
    first, second = council.wallet(policy, person_ref="P-1"), council.wallet(policy, person_ref="P-2")
    for wallet in (first, second):
        council.fund(wallet, 50000)
    waiting = council.pay(first, 3000, "day trips")
    assert waiting.status == 202 and waiting.body["approval"]["category"] == "day_trips", waiting.body
    assert "day_trips" in waiting.body["approval"]["why"]
    assert council.pay(first, 3000, "groceries").status == 201

    hold = council.api.post(f"/v1/wallets/{first}/holds", council.holder_key, {"amount": 2000, "category": "Day-Trips"})
    assert hold.status == 201, hold.body
    capture = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {})
    assert capture.status == 202, capture.body

    pool = council.api.post("/v1/pools", council.holder_key, {
        "name": "Outings", "split": "equal", "joined_on": "2026-04-06",
        "members": [{"wallet_id": first}, {"wallet_id": second}]}).body["id"]
    council.api.post(f"/v1/pools/{pool}/contributions", council.holder_key,
                     {"amount": 10000, "effective_date": "2026-04-06"})
    shared = council.api.post(f"/v1/pools/{pool}/payments", council.holder_key,
                              {"amount": 4000, "category": "DAY TRIPS", "effective_date": "2026-04-08"})
    assert shared.status == 202 and len(shared.body["approvals"]) == 2, shared.body


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    """A database with no tables at all, to migrate step by step."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip("PostgreSQL half skipped: WALLET_TEST_POSTGRES_URL is not set")
    name = f"wallet_empty_{uuid.uuid4().hex[:10]}"
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.url_for(name)
    finally:
        server.drop(name)


def test_stored_policies_are_rewritten_in_the_one_spelling(empty_database_url: str) -> None:
    """A policy stored before the one spelling kept ``personal care``; after the migration it
    holds ``personal_care``, the form payments were always stored in."""
    engine = create_db_engine(empty_database_url)
    try:
        upgrade(engine, MIGRATIONS, "0006")
        now = datetime(2026, 4, 1, tzinfo=timezone.utc)
        old_rules = {"blocked_categories": ["gambling", "personal care"], "approval_categories": ["day trips"],
                     "approval_threshold": 60000}
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO organisations (id, name, kind, created_at) "
                                    "VALUES ('f1', 'Council', 'funder', :now)"), {"now": now})
            connection.execute(text("INSERT INTO policies (id, funder_id, name, created_at) "
                                    "VALUES ('p1', 'f1', 'standard', :now)"), {"now": now})
            connection.execute(text("INSERT INTO policy_versions (policy_id, version, rules, created_at) "
                                    "VALUES ('p1', 1, :rules, :now)"), {"rules": json.dumps(old_rules), "now": now})
        upgrade(engine, MIGRATIONS)
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT rules FROM policy_versions")).scalar_one()
        rules = json.loads(stored) if isinstance(stored, str) else stored
        assert rules == {"blocked_categories": ["gambling", "personal_care"], "approval_categories": ["day_trips"],
                         "approval_threshold": 60000}
        assert parse_policy(rules).blocked_categories == ("gambling", "personal_care")
    finally:
        engine.dispose()

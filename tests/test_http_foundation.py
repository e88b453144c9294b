"""The service foundation through HTTP: health, auth, problem details, journal, idempotency."""

from __future__ import annotations

import threading
import time

import pytest

from tests.support import Api, cash, funds, open_accounts, post
from wallet.domain.postings import credit, debit


def test_health_readiness_and_metrics(api: Api) -> None:
    assert api.call("GET", "/healthz").status == 200
    ready = api.call("GET", "/readyz")
    assert ready.status == 200 and ready.body["migration"] == ready.body["expected_migration"]
    metrics = api.call("GET", "/metrics")
    assert metrics.status == 200 and "wallet_http_requests_total" in metrics.body


def test_readiness_fails_when_migrations_are_behind(api: Api) -> None:
    from sqlalchemy import text

    with api.database.writer.begin() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'behind'"))
    response = api.call("GET", "/readyz")
    assert response.status == 503 and response.body["migration"] == "behind"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wk_not-a-real-key"},
                                     {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_requests_without_a_valid_key_are_refused(api: Api, headers: dict[str, str]) -> None:
    response = api.call("POST", "/v1/organisations", json={"name": "x", "kind": "funder"}, headers=headers)
    assert response.status == 401
    assert response.body["type"] == "unauthenticated"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_wrong_role_is_refused(api: Api) -> None:
    funder = api.organisation("funder")
    funder_key = api.key_for(funder, "funder")
    response = api.post("/v1/organisations", funder_key, {"name": "Rogue", "kind": "holder"})
    assert response.status == 403 and response.body["type"] == "forbidden"
    # A funder may issue auditor keys but never admin or holder keys.
    holder = api.organisation("holder")
    assert api.post("/v1/api-keys", funder_key, {"organisation_id": holder, "role": "holder"}).status == 403


def test_keys_are_shown_once_and_stored_hashed(api: Api) -> None:
    from sqlalchemy import select

    from wallet.persistence.tables import api_keys

    holder = api.organisation("holder")
    response = api.post("/v1/api-keys", api.admin_key, {"organisation_id": holder, "role": "holder"})
    assert response.status == 201
    secret = response.body["key"]
    with api.database.reader() as session:
        stored = session.execute(select(api_keys.c.key_hash, api_keys.c.prefix)).all()
    assert all(secret not in (hashed, prefix) for hashed, prefix in stored)
    assert all(len(hashed) == 64 for hashed, _ in stored)


def test_role_must_fit_the_organisation(api: Api) -> None:
    holder = api.organisation("holder")
    response = api.post("/v1/api-keys", api.admin_key, {"organisation_id": holder, "role": "funder"})
    assert response.status == 422 and response.body["type"] == "invalid-input"
    response = api.post("/v1/api-keys", api.admin_key, {"organisation_id": holder, "role": "person"})
    assert response.status == 422


def test_validation_errors_and_unknown_routes_are_problem_details(api: Api) -> None:
    response = api.post("/v1/organisations", api.admin_key, {"name": "", "kind": "bank", "extra": 1})
    assert response.status == 422 and response.body["type"] == "validation-error"
    assert {tuple(e["location"]) for e in response.body["errors"]} >= {("body", "name"), ("body", "kind"), ("body", "extra")}
    missing = api.call("GET", "/v1/nothing-here", key=api.admin_key)
    assert missing.status == 404 and missing.body["type"] == "not-found"
    assert missing.headers["content-type"] == "application/problem+json"
    wrong_method = api.call("DELETE", "/v1/organisations", key=api.admin_key)
    assert wrong_method.status == 405 and wrong_method.body["type"] == "method-not-allowed"


def _funded_person(api: Api) -> tuple[str, str, str]:
    """An organisation whose key posted a funding of £350 to a person's account."""
    funder = api.organisation("funder")
    funder_key = api.key_for(funder, "funder")
    open_accounts(api.database, cash(), funds("person"))
    record = post(api.database, [debit("bank", 35000), credit("person", 35000)], organisation_id=funder)
    return funder, funder_key, record.id


def test_a_transaction_reads_back_with_every_posting(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    response = api.get(f"/v1/transactions/{transaction_id}", key)
    assert response.status == 200
    assert [(p["account"], p["side"], p["amount"]) for p in response.body["postings"]] == [
        ("bank", "debit", 35000), ("person", "credit", 35000)]


def test_another_tenant_sees_not_found(api: Api) -> None:
    _, _, transaction_id = _funded_person(api)
    stranger = api.key_for(api.organisation("funder"), "funder")
    response = api.get(f"/v1/transactions/{transaction_id}", stranger)
    assert response.status == 404 and response.body["type"] == "transaction-not-found"
    assert api.post(f"/v1/transactions/{transaction_id}/reversals", stranger).status == 404


def test_reversal_over_http_restores_the_balance(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    response = api.post(f"/v1/transactions/{transaction_id}/reversals", key, {"reason": "paid to the wrong person"})
    assert response.status == 201
    assert response.body["reverses_id"] == transaction_id
    assert [(p["account"], p["side"]) for p in response.body["postings"]] == [("bank", "credit"), ("person", "debit")]
    again = api.post(f"/v1/transactions/{transaction_id}/reversals", key)
    assert again.status == 409 and again.body["type"] == "already-reversed"


def test_idempotent_replay_returns_the_original_and_posts_once(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    path = f"/v1/transactions/{transaction_id}/reversals"
    first = api.post(path, key, {"reason": "duplicate"}, idempotency_key="reverse-1")
    second = api.post(path, key, {"reason": "duplicate"}, idempotency_key="reverse-1")
    assert first.status == second.status == 201
    assert first.body == second.body
    assert second.headers.get("idempotent-replayed") == "true"


def test_idempotency_key_reused_with_a_different_body(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    path = f"/v1/transactions/{transaction_id}/reversals"
    assert api.post(path, key, {"reason": "one"}, idempotency_key="k").status == 201
    response = api.post(path, key, {"reason": "two"}, idempotency_key="k")
    assert response.status == 422 and response.body["type"] == "idempotency-key-reused"


def test_idempotency_keys_are_scoped_to_the_organisation(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    _, other_key, other_transaction = _funded_person(api)
    assert api.post(f"/v1/transactions/{transaction_id}/reversals", key, idempotency_key="shared").status == 201
    response = api.post(f"/v1/transactions/{other_transaction}/reversals", other_key, idempotency_key="shared")
    assert response.status == 201 and response.body["reverses_id"] == other_transaction


def test_missing_idempotency_key_is_refused(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    response = api.client.post(f"/v1/transactions/{transaction_id}/reversals", json={},
                               headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert ["header", "Idempotency-Key"] in [e["location"] for e in response.json()["errors"]]


def test_same_key_while_the_first_is_still_running_is_a_conflict(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    _, key, transaction_id = _funded_person(api)
    entered, release = threading.Event(), threading.Event()
    from wallet.http.routes import transactions as routes

    original = routes.reverse_transaction

    def slow_reverse(*args, **kwargs):  # type: ignore[no-untyped-def]
        entered.set()
        assert release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(routes, "reverse_transaction", slow_reverse)
    path = f"/v1/transactions/{transaction_id}/reversals"
    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(api.post(path, key, idempotency_key="slow").status))
    first.start()
    assert entered.wait(10)
    during = api.post(path, key, idempotency_key="slow")
    release.set()
    first.join(10)
    assert during.status == 409 and during.body["type"] == "idempotency-key-in-flight"
    assert results == [201]
    time.sleep(0)
    after = api.post(path, key, idempotency_key="slow")
    assert after.status == 201 and after.headers.get("idempotent-replayed") == "true"


def test_a_failed_request_stores_nothing_under_its_key(api: Api) -> None:
    _, key, transaction_id = _funded_person(api)
    post(api.database, [debit("person", 30000), credit("bank", 30000)])
    path = f"/v1/transactions/{transaction_id}/reversals"
    refused = api.post(path, key, idempotency_key="retry-me")
    assert refused.status == 422 and refused.body["type"] == "insufficient-funds"
    assert refused.body["shortfall"] == 30000
    post(api.database, [debit("bank", 30000), credit("person", 30000)])
    assert api.post(path, key, idempotency_key="retry-me").status == 201


def test_a_key_another_process_stored_meanwhile_undoes_the_request(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims in flight are per process; across processes the stored response is the claim, and on
    PostgreSQL it is sent with the COMMIT: if another process stored the key first, the commit
    fails, this request's reversal with it, and the caller is told to retry."""
    if api.database.dialect != "postgresql":
        pytest.skip("SQLite serialises writers: no other process can store the key while this request runs")
    from sqlalchemy import func, insert, select

    from wallet.http.routes import transactions as routes
    from wallet.persistence.tables import idempotency_records, transactions
    from wallet.persistence.types import utc_now

    funder, key, transaction_id = _funded_person(api)
    original = routes.reverse_transaction

    def another_process_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        done = original(*args, **kwargs)
        with api.database.writer.begin() as other:
            other.execute(insert(idempotency_records).values(
                organisation_id=funder, key="raced", request_fingerprint="0" * 64, response_status=201,
                response_body={"answered": "first"}, created_at=utc_now()))
        return done

    monkeypatch.setattr(routes, "reverse_transaction", another_process_first)
    response = api.post(f"/v1/transactions/{transaction_id}/reversals", key, idempotency_key="raced")
    assert response.status == 409 and response.body["type"] == "idempotency-key-in-flight"
    with api.database.reader() as session:
        reversals = session.execute(select(func.count()).select_from(transactions)
                                    .where(transactions.c.reverses_id == transaction_id)).scalar_one()
        stored = session.execute(select(idempotency_records.c.response_body)
                                 .where(idempotency_records.c.key == "raced")).scalar_one()
    assert reversals == 0 and stored == {"answered": "first"}


def test_the_key_and_its_role_are_checked_before_the_idempotency_key(api: Api) -> None:
    """One dependency claims the key and checks the caller for every change; the order of the
    refusals is what it was with two: 401, then 403, then 422 for the missing header."""
    holder_key = api.key_for(api.organisation("holder"), "holder")
    funder_key = api.key_for(api.organisation("funder"), "funder")
    path = "/v1/wallets/no-such-wallet/payments"
    body = {"amount": 100, "category": "personal_care", "effective_date": "2026-12-01"}

    def sent(key: str | None) -> int:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return api.client.post(path, json=body, headers=headers).status_code

    assert (sent(None), sent(funder_key), sent(holder_key)) == (401, 403, 422)
    assert api.post(path, holder_key, body).status == 404  # with a key: on to the use case

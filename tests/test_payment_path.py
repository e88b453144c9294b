"""The payment route's lean path (http/payment_path.py) answers exactly as the FastAPI route does.

Each request is sent twice: to the app as it serves (the lean path in front) and to the same
database served with the lean path off (``lean_payments=False``, every payment through FastAPI's
route). Refusals must match in status and body; payments must match in status and shape, and
the lean path must be the one that served the well-formed ones.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scenario import Council
from tests.support import Api
from wallet.config import Settings
from wallet.http import payment_path
from wallet.persistence.db import Database

PAYMENT = {"amount": 700, "category": "personal_assistant", "effective_date": "2026-04-10"}
# What differs between two answers to the same request by nature, not by path.
VOLATILE = ("request_id", "instance", "transaction_id", "id", "created_at", "recorded_at", "policy_id")


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


@pytest.fixture
def routed(settings: Settings, database: Database) -> Iterator[TestClient]:
    """The same database, served with every payment through the FastAPI route."""
    from wallet.http.app import create_app

    with TestClient(create_app(replace(settings, lean_payments=False), database),
                    raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The wallet of each payment the lean path served itself."""
    seen: list[str] = []
    serve = payment_path._serve

    def counting(request, key, idempotency_key, fingerprint, wallet_id, body):  # type: ignore[no-untyped-def]
        seen.append(wallet_id)
        return serve(request, key, idempotency_key, fingerprint, wallet_id, body)

    monkeypatch.setattr(payment_path, "_serve", counting)
    return seen


def _send(client: TestClient, wallet_id: str, *, key: str | None, body: Any = PAYMENT, raw: bytes | None = None,
          idempotency_key: str | None = "fresh", content_type: str = "application/json",
          query: str = "") -> tuple[int, Any, Any]:
    headers = {"Content-Type": content_type}
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    if idempotency_key is not None:
        headers["Idempotency-Key"] = str(uuid.uuid4()) if idempotency_key == "fresh" else idempotency_key
    content = raw if raw is not None else json.dumps(body).encode()
    response = client.post(f"/v1/wallets/{wallet_id}/payments{query}", content=content, headers=headers)
    try:
        answer = response.json()
    except ValueError:
        answer = response.text
    return response.status_code, _steady(answer), response.headers


def _steady(answer: Any) -> Any:
    if isinstance(answer, dict):
        return {k: _steady(v) for k, v in answer.items() if k not in VOLATILE}
    if isinstance(answer, list):
        return [_steady(v) for v in answer]
    return answer


def test_a_well_formed_payment_is_served_by_the_lean_path_as_the_route_serves_it(
        council: Council, client: TestClient, routed: TestClient, served: list[str]) -> None:
    lean_wallet, routed_wallet = council.wallet(person_ref="P-lean"), council.wallet(person_ref="P-routed")
    council.fund(lean_wallet, 10_000)
    council.fund(routed_wallet, 10_000)
    lean = _send(client, lean_wallet, key=council.holder_key)
    through_route = _send(routed, routed_wallet, key=council.holder_key)
    assert served == [lean_wallet]
    assert lean[0] == through_route[0] == 201
    assert _without_wallet(lean[1], lean_wallet) == _without_wallet(through_route[1], routed_wallet)
    assert lean[2]["content-type"] == through_route[2]["content-type"]
    # Each wallet's money moved once, by its payment.
    balances = [council.api.get(f"/v1/wallets/{w}/balance", council.holder_key).body
                for w in (lean_wallet, routed_wallet)]
    assert _without_wallet(balances[0], lean_wallet) == _without_wallet(balances[1], routed_wallet) | {
        "person_ref": "P-lean"}
    assert balances[0]["balances"]["available"] == 10_000 - PAYMENT["amount"], balances[0]


def _without_wallet(answer: Any, wallet_id: str) -> Any:
    return _steady(json.loads(json.dumps(answer).replace(wallet_id, "W")))


@pytest.mark.parametrize("case", [
    "no key", "unknown key", "funder key", "lowercase scheme", "basic scheme", "no idempotency key",
    "idempotency key too long", "invalid json", "json not an object", "not json content", "a field missing",
    "a negative amount", "an amount in words", "a query", "a control character in the path",
    "no such wallet", "more than the wallet holds",
])
def test_every_other_request_gets_the_routes_own_answer(
        case: str, council: Council, client: TestClient, routed: TestClient, served: list[str]) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    holder = council.holder_key
    send: dict[str, Any] = {
        "no key": {"key": None, "body": {"amount": -1}},
        "unknown key": {"key": "wk_not_a_key"},
        "funder key": {"key": council.funder_key},
        "lowercase scheme": {"key": holder},
        "basic scheme": {"key": holder},
        "no idempotency key": {"key": holder, "idempotency_key": None},
        "idempotency key too long": {"key": holder, "idempotency_key": "k" * 256},
        "invalid json": {"key": None, "raw": b'{"amount": 7'},
        "json not an object": {"key": holder, "body": [PAYMENT]},
        "not json content": {"key": holder, "content_type": "text/plain"},
        "a field missing": {"key": holder, "body": {"amount": 700, "effective_date": "2026-04-10"}},
        "a negative amount": {"key": holder, "body": PAYMENT | {"amount": -5}},
        "an amount in words": {"key": holder, "body": PAYMENT | {"amount": "seven pounds"}},
        "a query": {"key": holder, "query": "?note=1"},
        "a control character in the path": {"key": holder},
        "no such wallet": {"key": holder},
        "more than the wallet holds": {"key": holder, "body": PAYMENT | {"amount": 1_000_000}},
    }[case]
    target = {"a control character in the path": f"{wallet}%01", "no such wallet": str(uuid.uuid4())}.get(case, wallet)
    if case in ("lowercase scheme", "basic scheme"):
        # The scheme is the client's to spell: send it by hand.
        scheme = "bearer" if case == "lowercase scheme" else "Basic"
        answers = [c.post(f"/v1/wallets/{target}/payments", json=PAYMENT, headers={
            "Authorization": f"{scheme} {holder}", "Idempotency-Key": str(uuid.uuid4())}) for c in (client, routed)]
        assert answers[0].status_code == answers[1].status_code == (201 if case == "lowercase scheme" else 401)
        assert _steady(answers[0].json()).keys() == _steady(answers[1].json()).keys()
        return
    lean, through_route = _send(client, target, **send), _send(routed, target, **send)
    assert lean[:2] == through_route[:2], (lean[:2], through_route[:2])
    moves = case == "a query"
    assert lean[0] == 201 if moves else lean[0] >= 400
    assert served == ([wallet] if case in ("unknown key", "funder key", "more than the wallet holds") else
                      [target] if case == "no such wallet" else [])


def test_a_key_used_on_either_path_replays_on_the_other(council: Council, client: TestClient,
                                                        routed: TestClient, served: list[str]) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10_000)
    for first, second in ((client, routed), (routed, client)):
        key = str(uuid.uuid4())
        made = _send(first, wallet, key=council.holder_key, idempotency_key=key)
        replayed = _send(second, wallet, key=council.holder_key, idempotency_key=key)
        assert made[0] == replayed[0] == 201 and replayed[2]["idempotent-replayed"] == "true"
        assert made[1] == replayed[1]
        reused = [_send(c, wallet, key=council.holder_key, idempotency_key=key, body=PAYMENT | {"amount": 5})
                  for c in (client, routed)]
        assert reused[0][:2] == reused[1][:2] and reused[0][0] == 422
    # Two payments made, each once, whichever path answered.
    balance = council.api.get(f"/v1/wallets/{wallet}/balance", council.holder_key).body
    assert balance["balances"]["available"] == 10_000 - 2 * PAYMENT["amount"], balance


# --- any request, both ways -------------------------------------------------------------------

FUZZ = os.environ.get("WALLET_FUZZ") == "1"
DELETE = object()
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**13), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4), st.text(min_size=58, max_size=64), st.sampled_from(["", "ok\x01", "2026-04-10", "1e3"]),
    st.lists(st.integers(0, 3), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=1))
FIELDS = {
    "amount": st.one_of(st.integers(1, 5_000), st.sampled_from([0, -1, 1.0, 2.5, "700", True]), ANY_VALUE),
    "category": st.one_of(st.sampled_from(["personal_assistant", "transport", "c" * 61]), ANY_VALUE),
    "effective_date": st.one_of(st.sampled_from(["2026-04-10", "2026-04-06", "2026-02-30", "10/04/2026",
                                                 "2026-04-10T00:00:00", "0001-01-01"]), ANY_VALUE),
    "payee": st.one_of(st.sampled_from(["PA-17", "p" * 101]), ANY_VALUE),
    "reference": ANY_VALUE, "description": ANY_VALUE,
    "service_from": st.one_of(st.sampled_from(["2026-04-01", "2026-05-01"]), ANY_VALUE),
    "service_to": st.one_of(st.sampled_from(["2026-04-07", "2026-03-01"]), ANY_VALUE),
    "not_a_field": ANY_VALUE,
}
CHANGES = st.lists(st.tuples(st.sampled_from(sorted(FIELDS)), st.booleans()).flatmap(
    lambda change: st.just((change[0], DELETE)) if change[1] else st.tuples(st.just(change[0]), FIELDS[change[0]])),
    max_size=3)


@settings(max_examples=400 if FUZZ else 30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=CHANGES,
       key_kind=st.sampled_from(["holder", "holder", "holder", "funder", "unknown", "none"]),
       idempotency=st.sampled_from(["fresh", "fresh", "fresh", "", "k" * 256, None]),
       content_type=st.sampled_from(["application/json", "application/json", "application/json; charset=utf-8",
                                     "application/vnd.wallet+json", "text/plain"]),
       raw=st.sampled_from([None, None, None, None, None, b"", b"{", b"[]", b"null", b'{"amount": 1'.ljust(3000)]))
def test_any_request_gets_the_same_answer_either_way(
        pair: tuple[str, str], council: Council, client: TestClient, routed: TestClient,
        changes: list[tuple[str, Any]], key_kind: str, idempotency: str | None, content_type: str,
        raw: bytes | None) -> None:
    body: dict[str, Any] = dict(PAYMENT)
    for name, value in changes:
        if value is DELETE:
            body.pop(name, None)
        else:
            body[name] = value
    key = {"holder": council.holder_key, "funder": council.funder_key, "unknown": "wk_unknown", "none": None}[key_kind]
    # Each path pays from a wallet of its own, both funded alike, so each answer moves the same money.
    answers = [_send(c, wallet, key=key, body=body, raw=raw, idempotency_key=idempotency, content_type=content_type)
               for c, wallet in zip((client, routed), pair, strict=True)]
    (lean_status, lean_body, _), (route_status, route_body, _) = answers
    assert (lean_status, _without_wallet(lean_body, pair[0])) == (route_status, _without_wallet(route_body, pair[1]))


@pytest.fixture
def pair(council: Council) -> tuple[str, str]:
    wallets = (council.wallet(person_ref="P-A"), council.wallet(person_ref="P-B"))
    for wallet in wallets:
        council.fund(wallet, 100_000_000)
    return wallets

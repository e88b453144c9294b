"""The payment route's lean path (http/payment_path.py) answers exactly as the FastAPI route does.

Each request is sent twice: to the app as it serves (the lean path in front) and to the same
database served with the lean path off (``lean_payments=False``, every payment through FastAPI's
route). Refusals must match in status and body; payments must match in status and shape, and
the lean path must be the one that served the well-formed ones.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

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

"""Tenant isolation, from the app's own route table: every route × every role × another tenant's object.

Two councils each fund wallets at their own provider. Every operation in the OpenAPI document is
called with the keys of council A (funder, holder, auditor, person) against council B's objects:
B's ids in the path, in the body, in the query. Nothing may succeed, nothing of B's may show in any
answer, and B's books must be exactly as they were. A route added later is called too: if the
matrix does not know how to address it, the test fails and says which route to describe.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api
from wallet.domain.visibility import WalletScope
from wallet.persistence import visibility_sql
from wallet.usecases import visibility

PERIOD = {"from": "2026-04-01", "to": "2026-04-30"}
NOT_TENANT_ROUTES = {"/healthz", "/readyz", "/metrics"}


@dataclass
class Tenant:
    council: Council
    wallet: str
    other_wallet: str
    policy: str
    schedule: str
    transaction: str
    approval: str
    hold: str
    pool: str
    contribution_schedule: str
    close: str
    alert: str
    grant: str
    auditor_id: str
    auditor_key: str
    person_key: str
    person_refs: tuple[str, ...]
    webhook_endpoint: str
    webhook_delivery: str
    suspension: str = ""
    secrets: set[str] = field(default_factory=set)


def build_tenant(api: Api, name: str) -> Tenant:
    council = Council.create(api, f"{name} Council")
    # A public address, so the service's own checks pass; nothing is ever sent to it (see below).
    endpoint = api.post("/v1/webhook-endpoints", council.funder_key, {"url": PUBLIC_WEBHOOK_URL})
    assert endpoint.status == 201, endpoint.body
    policy = council.policy("isolation", approval_threshold=50000, overspend="holder_reserve",
                            overspend_limit=5000, contingency_weeks=1, surplus_action="recover")
    refs = (f"{name}-SECRET-1", f"{name}-SECRET-2")
    wallet = council.wallet(policy, person_ref=refs[0])
    other = council.wallet(policy, person_ref=refs[1])
    schedule = api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {
        "amount": 35000, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-04-06"})
    assert schedule.status == 201, schedule.body
    council.fund(wallet, 300000)
    council.fund(other, 10000)
    paid = council.pay(wallet, 2500)
    waiting = council.pay(wallet, 60000, "equipment")
    hold = api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 1000, "category": "invoice"})
    overspent = council.pay(other, 12000)  # draws the holder's reserve and raises an alert
    assert (paid.status, waiting.status, hold.status, overspent.status) == (201, 202, 201, 201)
    pool = api.post("/v1/pools", council.holder_key, {"name": f"{name} driver", "split": "equal",
                                                       "joined_on": "2026-04-06",
                                                       "members": [{"wallet_id": wallet}, {"wallet_id": other}]})
    assert pool.status == 201, pool.body
    contribution = api.post(f"/v1/pools/{pool.body['id']}/contributions", council.holder_key,
                            {"effective_date": "2026-04-07", "wallet_id": wallet, "amount": 4000})
    assert contribution.status == 201, contribution.body
    contribution_schedule = api.post(f"/v1/pools/{pool.body['id']}/contribution-schedules", council.holder_key,
                                     {"every": "1w", "starts_on": "2026-04-06", "wallet_id": wallet, "amount": 1000})
    assert contribution_schedule.status == 201, contribution_schedule.body
    close = api.post("/v1/period-closes", council.funder_key, {"period_end": "2026-04-30", "wallet_ids": [wallet]})
    assert close.status == 201, close.body
    alerts = api.get("/v1/alerts", council.funder_key).body["items"]
    auditor_id = api.organisation("auditor", f"{name} Audit LLP")
    grant = api.post("/v1/audit-grants", council.funder_key, {"auditor_id": auditor_id})
    assert grant.status == 201, grant.body
    # From a day to come and leaving the schedules running, so it changes nothing the matrix does.
    suspension = api.post(f"/v1/wallets/{wallet}/suspensions", council.funder_key,
                          {"starts_on": "2027-06-01", "reason": "other", "pause_schedules": False})
    assert suspension.status == 201, suspension.body
    tenant = Tenant(
        council=council, wallet=wallet, other_wallet=other, policy=policy, schedule=schedule.body["id"],
        transaction=paid.body["transaction"]["id"], approval=waiting.body["approval"]["id"],
        hold=hold.body["hold"]["id"], pool=pool.body["id"],
        contribution_schedule=contribution_schedule.body["id"], close=close.body["id"], alert=alerts[0]["id"],
        grant=grant.body["id"], auditor_id=auditor_id,
        auditor_key=api.key_for(auditor_id, "auditor", issuer=council.funder_key),
        person_key=api.key_for(council.funder_id, "person", wallet_id=wallet, issuer=council.funder_key),
        person_refs=refs, webhook_endpoint=endpoint.body["id"],
        webhook_delivery=_deliver_webhooks(api, council.funder_key, endpoint.body["id"]),
        suspension=suspension.body["id"],
    )
    tenant.secrets = {wallet, other, policy, tenant.schedule, tenant.transaction, tenant.approval, tenant.hold,
                      tenant.pool, tenant.contribution_schedule, tenant.close, tenant.alert, tenant.grant, *refs,
                      tenant.webhook_endpoint, tenant.webhook_delivery, endpoint.body["secret"], tenant.suspension}
    return tenant


PUBLIC_WEBHOOK_URL = "https://93.184.215.14/wallet-hooks"


def _deliver_webhooks(api: Api, funder_key: str, endpoint_id: str) -> str:
    """Run the worker once, its HTTP answered in-process (no request leaves the machine); the
    newest delivery's id."""
    import httpx

    from wallet.config import Settings
    from wallet.webhooks.worker import WebhookWorker

    WebhookWorker(api.database, Settings(), http=httpx.MockTransport(lambda request: httpx.Response(204))).run_once()
    deliveries = api.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries", funder_key)
    assert deliveries.status == 200 and deliveries.body["items"], deliveries.body
    return str(deliveries.body["items"][0]["id"])


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, Any]
    body: Any
    targets_other_tenant: bool  # B's object is named: only 403 or 404 (or 422 for a body) may answer


def calls_for(method: str, template: str, own: Tenant, other: Tenant) -> list[Call]:
    """Every way the matrix addresses one operation, with the other tenant's objects wherever a
    request can name them. An operation it does not know fails the test."""
    path_ids = {"wallet_id": other.wallet, "policy_id": other.policy, "schedule_id": other.schedule,
                "transaction_id": other.transaction, "approval_id": other.approval, "hold_id": other.hold,
                "pool_id": other.pool, "close_id": other.close, "alert_id": other.alert, "grant_id": other.grant,
                "holder_id": other.council.holder_id,
                "endpoint_id": other.webhook_endpoint, "delivery_id": other.webhook_delivery,
                "suspension_id": other.suspension}
    if "/contribution-schedules/" in template:  # a pool's schedule: B's own contribution schedule
        path_ids["schedule_id"] = other.contribution_schedule
    names = re.findall(r"{(\w+)}", template)
    unknown = [name for name in names if name not in path_ids]
    assert not unknown, f"{method} {template}: teach the isolation matrix about path parameter(s) {unknown}"
    path = template.format(**{name: path_ids[name] for name in names})
    in_path = bool(names)
    day = "2026-04-20"
    bodies: dict[tuple[str, str], list[tuple[Any, bool]]] = {
        ("POST", "/v1/organisations"): [({"name": "x", "kind": "funder"}, False)],
        ("POST", "/v1/api-keys"): [({"organisation_id": other.council.funder_id, "role": "funder"}, True),
                                   ({"organisation_id": own.council.funder_id, "role": "person",
                                     "wallet_id": other.wallet}, True),
                                   # Audit firms are not tenants: any funder may work with any.
                                   ({"organisation_id": other.auditor_id, "role": "auditor"}, False)],
        ("POST", "/v1/accreditations"): [({"holder_id": own.council.holder_id, "status": "accredited"}, False)],
        ("POST", "/v1/policies"): [({"name": "own", "rules": {}}, False)],
        ("POST", "/v1/policies/{policy_id}/versions"): [({"rules": {"contingency_weeks": 2}}, True)],
        ("POST", "/v1/wallets"): [({"person_ref": "X-1", "holder_id": own.council.holder_id, "arrangement": "isf",
                                    "policy_id": other.policy, "opened_on": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/planned-budgets"): [({"amount": 100, "every": "1w", "effective_from": day},
                                                                True)],
        ("POST", "/v1/wallets/{wallet_id}/schedules"): [({"amount": 100, "source": "funder", "every": "1w",
                                                          "in_advance": True, "starts_on": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/schedules/{schedule_id}/changes"): [
            ({"amount": 100, "effective_from": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/schedules/{schedule_id}/end"): [({"ends_on": day}, True)],
        ("POST", "/v1/funding-runs"): [({"as_of": "2026-05-31"}, False)],
        ("POST", "/v1/wallets/{wallet_id}/fundings"): [({"amount": 100, "source": "funder", "effective_date": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/payments"): [({"amount": 100, "category": "support", "effective_date": day}, True)],
        # All or nothing, an item naming B's object refuses the batch (422); item by item it is
        # answered 200 with that item refused, and must show nothing of B's nor change it.
        ("POST", "/v1/wallet-batches"): [
            ({"mode": "all_or_nothing", "items": [{"action": "open", "ref": "1", "person_ref": "X-1",
                                                   "holder_id": own.council.holder_id, "arrangement": "isf",
                                                   "policy_id": other.policy, "opened_on": day}]}, True),
            ({"mode": "all_or_nothing", "items": [{"action": "change_amount", "ref": "1", "wallet_id": other.wallet,
                                                   "schedule_id": other.schedule, "amount": 100,
                                                   "effective_from": day}]}, True),
            ({"mode": "item_by_item", "items": [{"action": "end_schedule", "ref": "1", "wallet_id": other.wallet,
                                                 "schedule_id": other.schedule, "ends_on": day}]}, False)],
        ("POST", "/v1/payment-batches"): [
            ({"mode": "all_or_nothing", "items": [{"ref": "1", "wallet_id": other.wallet, "amount": 100,
                                                   "category": "support", "effective_date": day}]}, True),
            ({"mode": "item_by_item", "items": [{"ref": "1", "wallet_id": other.wallet, "amount": 100,
                                                 "category": "support", "effective_date": day}]}, False)],
        ("POST", "/v1/approvals/{approval_id}/approve"): [({}, True)],
        ("POST", "/v1/approvals/{approval_id}/reject"): [({}, True)],
        ("POST", "/v1/wallets/{wallet_id}/holds"): [({"amount": 100, "category": "invoice"}, True)],
        ("POST", "/v1/holds/{hold_id}/capture"): [({}, True)],
        ("POST", "/v1/holds/{hold_id}/release"): [(None, True)],
        ("POST", "/v1/transactions/{transaction_id}/reversals"): [({}, True)],
        ("POST", "/v1/pools"): [({"name": "p", "split": "equal", "joined_on": day,
                                  "members": [{"wallet_id": other.wallet}, {"wallet_id": own.wallet}]}, True)],
        ("POST", "/v1/pools/{pool_id}/members"): [({"wallet_id": own.other_wallet, "joined_on": day}, True)],
        ("POST", "/v1/pools/{pool_id}/close"): [({"effective_date": day}, True)],
        ("POST", "/v1/pools/{pool_id}/contributions"): [({"effective_date": day}, True)],
        ("POST", "/v1/pools/{pool_id}/contribution-schedules"): [
            ({"every": "1w", "starts_on": day}, True),
            ({"every": "1w", "starts_on": day, "wallet_id": other.wallet, "amount": 100}, True)],
        ("POST", "/v1/pools/{pool_id}/contribution-schedules/{schedule_id}/end"): [({"ends_on": day}, True)],
        ("POST", "/v1/pools/{pool_id}/payments"): [({"amount": 100, "category": "driver", "effective_date": day}, True)],
        ("POST", "/v1/period-closes"): [({"period_end": "2026-04-30", "wallet_ids": [other.wallet]}, True)],
        ("POST", "/v1/period-closes/{close_id}/confirm"): [({}, True)],
        ("POST", "/v1/wallets/{wallet_id}/closure"): [({"reason": "ended", "effective_date": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/closure/invoices-complete"): [(None, True)],
        ("POST", "/v1/wallets/{wallet_id}/support-plan/services"): [
            ({"provider_kind": "pa", "provider_ref": "PA-1", "hourly_rate": 1500, "weekly_hours": "5",
              "starts_on": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/timesheets"): [
            ({"service_id": "00000000-0000-0000-0000-000000000000", "hours": "1", "service_from": day,
              "service_to": day, "effective_date": day}, True)],
        ("POST", "/v1/wallets/{wallet_id}/suspensions"): [({"starts_on": day, "reason": "other",
                                                            "pause_schedules": True}, True)],
        ("POST", "/v1/wallets/{wallet_id}/suspensions/{suspension_id}/resume"): [({"resumed_on": "2027-07-01"}, True)],
        ("POST", "/v1/wallets/{wallet_id}/moves"): [({"new_holder_id": own.council.holder_id}, True)],
        # Scoped to the caller's own wallets: names B's holder, but may only ever move the caller's.
        ("POST", "/v1/holder-moves"): [({"from_holder_id": other.council.holder_id,
                                         "to_holder_id": own.council.holder_id, "effective_date": day}, False)],
        ("POST", "/v1/alerts/{alert_id}/acknowledge"): [(None, True)],
        ("POST", "/v1/wallets/{wallet_id}/person-links"): [(None, True)],
        ("POST", "/v1/audit-grants"): [({"auditor_id": own.auditor_id, "wallet_ids": [other.wallet]}, True),
                                       ({"auditor_id": other.auditor_id}, False)],
        ("POST", "/v1/audit-grants/{grant_id}/revoke"): [(None, True)],
        ("PUT", "/v1/holders/{holder_id}/account-mapping"): [({"codes": {"client_bank": "090"}}, True)],
        ("POST", "/v1/webhook-endpoints"): [({"url": PUBLIC_WEBHOOK_URL, "event_types": ["*"]}, False)],
        ("POST", "/v1/webhook-endpoints/{endpoint_id}/disable"): [(None, True)],
        ("POST", "/v1/webhook-endpoints/{endpoint_id}/enable"): [(None, True)],
        ("POST", "/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver"): [(None, True)],
        ("DELETE", "/v1/webhook-endpoints/{endpoint_id}"): [(None, True)],
        ("DELETE", "/v1/pools/{pool_id}/members/{wallet_id}"): [(None, True)],
    }
    queries: dict[tuple[str, str], list[tuple[dict[str, Any], bool]]] = {
        ("GET", "/v1/wallets/{wallet_id}/statement"): [(PERIOD, True)],
        ("DELETE", "/v1/pools/{pool_id}/members/{wallet_id}"): [({"effective_date": day}, True)],
        ("GET", "/v1/reports/reconciliation"): [({"holder_id": other.council.holder_id, "bank_balance": 0}, True)],
        ("GET", "/v1/reports/journal"): [({"holder_id": other.council.holder_id, **PERIOD}, True),
                                         ({"holder_id": other.council.holder_id, "format": "csv", **PERIOD}, True),
                                         ({"holder_id": other.council.holder_id, "format": "xero", **PERIOD}, True),
                                         ({"holder_id": other.council.holder_id, "format": "sage", **PERIOD}, True)],
        ("GET", "/v1/alerts"): [({"wallet_id": other.wallet}, False), ({}, False)],
        ("GET", "/v1/audit/log"): [({"wallet_id": other.wallet}, False), ({}, False)],
        ("GET", "/v1/wallets/{wallet_id}/balance"): [({"as_of": day}, True), ({}, True)],
    }
    if method != "GET":
        assert (method, template) in bodies, f"{method} {template}: teach the isolation matrix a request body"
        return [Call(method, path, params, body, in_path or names_other)
                for body, names_other in bodies[(method, template)]
                for params, _ in queries.get((method, template), [({}, False)])]
    return [Call(method, path, params, None, in_path or names_other)
            for params, names_other in queries.get((method, template), [({}, False)])]


def operations(api: Api) -> list[tuple[str, str]]:
    document = api.client.app.openapi()
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item
            if path not in NOT_TENANT_ROUTES]


def send(api: Api, key: str, call: Call):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": f"matrix-{hash((call.method, call.path, json.dumps(call.params, sort_keys=True), json.dumps(call.body, sort_keys=True)))}"}
    return api.call(call.method, call.path, key=key, json=call.body, params=call.params or None, headers=headers)


def snapshot(api: Api, tenant: Tenant) -> Any:
    """Everything of B's that A could have changed, as B's funder and holder read it."""
    funder, holder = tenant.council.funder_key, tenant.council.holder_key
    reads = [
        api.get("/v1/wallets", funder), api.get(f"/v1/pools/{tenant.pool}", holder),
        api.get(f"/v1/period-closes/{tenant.close}", funder), api.get("/v1/alerts", funder),
        api.get("/v1/audit-grants", funder), api.get(f"/v1/wallets/{tenant.wallet}/schedules", funder),
        api.get(f"/v1/pools/{tenant.pool}/contribution-schedules", holder),
        api.get(f"/v1/policies/{tenant.policy}", funder), api.get("/v1/accreditations", funder),
        *(api.get(f"/v1/wallets/{w}/transactions", funder) for w in (tenant.wallet, tenant.other_wallet)),
        api.get("/v1/webhook-endpoints", funder),
        api.get(f"/v1/webhook-endpoints/{tenant.webhook_endpoint}/deliveries", funder),
    ]
    assert all(r.status == 200 for r in reads), [r.body for r in reads if r.status != 200]
    return [r.body for r in reads]


def leaks(api: Api, own: Tenant, other: Tenant) -> list[str]:
    """Every (role, operation) of ``own`` that reached ``other``: succeeded against its objects, or
    showed any of its ids or person references."""
    keys = {"funder": own.council.funder_key, "holder": own.council.holder_key, "auditor": own.auditor_key,
            "person": own.person_key}
    found = []
    for method, template in operations(api):
        for call in calls_for(method, template, own, other):
            asked = json.dumps([call.path, call.params, call.body])
            for role, key in keys.items():
                response = send(api, key, call)
                where = f"{role} {method} {template} {call.params or ''} {call.body or ''} -> {response.status}"
                if response.status >= 500:
                    found.append(f"{where}: server error {response.body}")
                allowed = {403, 404, 422} if call.body and not template.count("{") else {403, 404}
                if call.targets_other_tenant and response.status not in allowed:
                    found.append(f"{where}: reached the other tenant's object")
                text = response.body if isinstance(response.body, str) else json.dumps(response.body)
                shown = sorted(s for s in other.secrets if s in text and s not in asked)
                if shown:
                    found.append(f"{where}: showed the other tenant's {shown}")
    return found


@pytest.fixture
def tenants(api: Api) -> tuple[Tenant, Tenant]:
    return build_tenant(api, "A"), build_tenant(api, "B")


def test_no_route_lets_one_tenant_reach_another(api: Api, tenants: tuple[Tenant, Tenant]) -> None:
    own, other = tenants
    before = snapshot(api, other)
    found = leaks(api, own, other)
    assert found == [], "\n".join(found)
    assert snapshot(api, other) == before


def test_the_matrix_catches_a_route_that_forgets_its_scope(api: Api, tenants: tuple[Tenant, Tenant],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    own, other = tenants
    monkeypatch.setattr(visibility, "can_see_wallet", lambda principal, wallet: True)
    found = leaks(api, own, other)
    assert any("GET /v1/wallets/{wallet_id} " in line and "reached" in line for line in found), found


def test_the_matrix_catches_a_list_that_forgets_its_scope(api: Api, tenants: tuple[Tenant, Tenant],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The SQL side of the same rule: with it letting every wallet through, listing leaks.
    own, other = tenants
    monkeypatch.setattr(visibility_sql, "wallet_scope", lambda principal: WalletScope(every_wallet=True))
    found = leaks(api, own, other)
    assert any("GET /v1/wallets " in line and "showed" in line for line in found), found

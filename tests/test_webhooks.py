"""Webhooks end to end, on both databases: an organisation registers a receiver, money moves through
the API, and the worker delivers the organisation's event feed to a real HTTP server on 127.0.0.1,
signed, in feed order, at least once; a receiver that fails is retried with backoff and then
disabled; a worker that dies mid-delivery loses nothing."""

from __future__ import annotations

import dataclasses
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import MIGRATIONS
from tests.scenario import Council
from tests.support import Api
from wallet.config import Settings
from wallet.domain.webhooks import address_allowed, retry_delay_seconds, verify_signature, wants
from wallet.persistence.db import Database
from wallet.webhooks import worker as worker_module
from wallet.webhooks.worker import WebhookWorker

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


@dataclass
class Receiver:
    """A receiver on a free port of 127.0.0.1: records every request, and answers with the codes
    queued in ``answers`` (then 200)."""

    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hooks") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def fail_next(self, times: int, status: int = 500) -> None:
        with self.lock:
            self.answers.extend([status] * times)

    def answer(self, request: Received) -> int:
        with self.lock:
            self.received.append(request)
            return self.answers.pop(0) if self.answers else 200

    def event_ids(self) -> list[str]:
        return [r.headers["Wallet-Event-Id"] for r in self.received]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    holder: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = holder["receiver"].answer(Received(self.path, dict(self.headers.items()), body))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["receiver"] = Receiver(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder["receiver"]
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    # The tests' receivers are on loopback; retries are milliseconds apart.
    return Settings(database_url=database_url, migrations_dir=MIGRATIONS, webhook_allow_private=True,
                    webhook_retry_first_seconds=0.02, webhook_retry_max_seconds=0.08,
                    webhook_retry_window_seconds=60, webhook_timeout_seconds=3)


def worker(database: Database, settings: Settings, **overrides: Any) -> WebhookWorker:
    lease = overrides.pop("lease_seconds", None)
    return WebhookWorker(database, dataclasses.replace(settings, **overrides), lease_seconds=lease)


def register(api: Api, key: str, url: str, **body: Any) -> dict[str, Any]:
    response = api.post("/v1/webhook-endpoints", key, {"url": url, **body})
    assert response.status == 201, response.body
    return response.body  # type: ignore[no-any-return]


def feed(api: Api, key: str, after: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while True:
        page = api.get("/v1/events", key, params={"after": after, "limit": 500}).body
        events += page["items"]
        if not page["items"]:
            return events
        after = page["next_after"]


def activity(council: Council) -> str:
    """A wallet opened, funded (with its fee) and paid from: a handful of events for both keys."""
    wallet = council.wallet(council.policy("webhooks", management_fee={"percent_bp": 500}))
    council.fund(wallet, 50000)
    assert council.pay(wallet, 1200).status == 201
    return wallet


def endpoint(api: Api, key: str, endpoint_id: str) -> dict[str, Any]:
    response = api.get(f"/v1/webhook-endpoints/{endpoint_id}", key)
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def deliveries(api: Api, key: str, endpoint_id: str) -> list[dict[str, Any]]:
    response = api.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries", key, params={"limit": 500})
    assert response.status == 200, response.body
    return response.body["items"]  # type: ignore[no-any-return]


def run_until(work: WebhookWorker, done, *, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        work.run_once()
        time.sleep(0.01)


def test_every_event_arrives_once_in_feed_order_signed(api: Api, database: Database, settings: Settings,
                                                       receiver: Receiver) -> None:
    council = Council.create(api)
    registered = register(api, council.funder_key, receiver.url(), description="finance system")
    secret = registered["secret"]
    assert secret.startswith("whsec_") and registered["status"] == "enabled"
    assert "secret" not in endpoint(api, council.funder_key, registered["id"])
    assert all("secret" not in e for e in api.get("/v1/webhook-endpoints", council.funder_key).body["items"])
    activity(council)

    attempted = worker(database, settings).run_once()

    expected = feed(api, council.funder_key, registered["delivered_seq"])
    assert len(expected) >= 3 and attempted == len(expected)
    assert [r.event for r in receiver.received] == expected  # each once, in feed order, as the feed lists it
    for request in receiver.received:
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["Wallet-Event-Id"] == request.event["id"]
        assert request.headers["Wallet-Event-Type"] == request.event["type"]
        signed = request.headers["Wallet-Signature"]
        assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", signed)
        assert verify_signature(secret, signed, request.body, now=int(time.time()))
        assert not verify_signature(secret + "x", signed, request.body, now=int(time.time()))
        assert not verify_signature(secret, signed, request.body + b" ", now=int(time.time()))
        assert not verify_signature(secret, signed, request.body, now=int(time.time()) + 3600)  # a replay
    log = deliveries(api, council.funder_key, registered["id"])
    assert [d["event_seq"] for d in reversed(log)] == [e["seq"] for e in expected]
    assert {(d["status"], d["status_code"], d["attempt"], d["redelivery"]) for d in log} \
        == {("succeeded", 200, 1, False)}
    assert {d["id"] for d in log} == {r.headers["Wallet-Delivery-Id"] for r in receiver.received}
    assert endpoint(api, council.funder_key, registered["id"])["delivered_seq"] == expected[-1]["seq"]
    assert worker(database, settings).run_once() == 0  # nothing is sent twice


def test_the_readme_verification_snippet_verifies_a_delivery(api: Api, database: Database, settings: Settings,
                                                             receiver: Receiver) -> None:
    readme = (ROOT / "README.md").read_text()
    snippet = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "def verify(" in block)
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)  # noqa: S102 - the README's own code, run as a receiver would
    council = Council.create(api)
    registered = register(api, council.holder_key, receiver.url())
    activity(council)
    worker(database, settings).run_once()
    request = receiver.received[0]
    assert namespace["verify"](registered["secret"], request.headers["Wallet-Signature"], request.body)
    assert not namespace["verify"]("whsec_wrong", request.headers["Wallet-Signature"], request.body)


def test_another_tenants_events_never_arrive_and_its_endpoints_are_not_found(
        api: Api, database: Database, settings: Settings, receiver: Receiver) -> None:
    ours, theirs = Council.create(api, "Our Council"), Council.create(api, "Their Council")
    mine = register(api, ours.holder_key, receiver.url("/ours"))
    other = register(api, theirs.funder_key, receiver.url("/theirs"))
    our_wallet, their_wallet = activity(ours), activity(theirs)
    worker(database, settings).run_once()

    arrived = {path: [r.event for r in receiver.received if r.path == path] for path in ("/ours", "/theirs")}
    assert arrived["/ours"] == feed(api, ours.holder_key, mine["delivered_seq"])
    assert arrived["/theirs"] == feed(api, theirs.funder_key, other["delivered_seq"])
    assert their_wallet not in json.dumps(arrived["/ours"]) and our_wallet not in json.dumps(arrived["/theirs"])

    delivery = deliveries(api, theirs.funder_key, other["id"])[0]["id"]
    base = f"/v1/webhook-endpoints/{other['id']}"
    for key in (ours.funder_key, ours.holder_key):
        assert api.get(base, key).status == 404
        assert api.get(f"{base}/deliveries", key).status == 404
        assert api.post(f"{base}/disable", key).status == 404
        assert api.post(f"{base}/deliveries/{delivery}/redeliver", key).status == 404
        assert api.call("DELETE", base, key=key).status == 404
        assert other["id"] not in json.dumps(api.get("/v1/webhook-endpoints", key).body)
    # Nor may one's own endpoint redeliver another's delivery.
    foreign = f"/v1/webhook-endpoints/{mine['id']}/deliveries/{delivery}/redeliver"
    assert api.post(foreign, ours.holder_key).status == 404
    assert endpoint(api, theirs.funder_key, other["id"])["status"] == "enabled"
    person = api.key_for(ours.funder_id, "person", wallet_id=our_wallet, issuer=ours.funder_key)
    for key in (api.admin_key, person):
        assert api.post("/v1/webhook-endpoints", key, {"url": receiver.url()}).status == 403


def test_a_failing_receiver_is_retried_with_backoff_then_gets_every_event_in_order(
        api: Api, database: Database, settings: Settings, receiver: Receiver) -> None:
    council = Council.create(api)
    registered = register(api, council.funder_key, receiver.url())
    activity(council)
    expected = feed(api, council.funder_key, registered["delivered_seq"])
    receiver.fail_next(3, status=500)
    # Long enough that a loaded machine still sees each attempt fall due in order.
    work = worker(database, settings, webhook_retry_first_seconds=0.25, webhook_retry_max_seconds=1.0)

    gaps = []
    for failures in (1, 2, 3):
        work.run_once()
        state = endpoint(api, council.funder_key, registered["id"])
        assert state["failed_attempts"] == failures and state["status"] == "enabled"
        # The first event is tried again and again; nothing behind it is sent meanwhile.
        assert set(receiver.event_ids()) == {expected[0]["id"]}
        last = deliveries(api, council.funder_key, registered["id"])[0]
        assert (last["status"], last["status_code"], last["attempt"]) == ("failed", 500, failures)
        gaps.append(_seconds(state["next_attempt_at"]) - _seconds(last["attempted_at"]))
        time.sleep(max(0.0, _seconds(state["next_attempt_at"]) - time.time()) + 0.05)
    assert 0.25 <= gaps[0] < gaps[1] < gaps[2] and gaps[1] >= 0.5 and gaps[2] >= 1.0  # 250 ms, doubling, to the cap

    work.run_once()  # recovered
    assert receiver.event_ids() == [expected[0]["id"]] * 4 + [e["id"] for e in expected[1:]]
    state = endpoint(api, council.funder_key, registered["id"])
    assert (state["failed_attempts"], state["failing_since"], state["next_attempt_at"]) == (0, None, None)
    assert state["delivered_seq"] == expected[-1]["seq"]


def test_a_backoff_holds_until_due_and_a_redelivery_is_sent_at_once(
        api: Api, database: Database, settings: Settings, receiver: Receiver) -> None:
    council = Council.create(api)
    registered = register(api, council.funder_key, receiver.url())
    activity(council)
    expected = feed(api, council.funder_key, registered["delivered_seq"])
    work = worker(database, settings, webhook_retry_first_seconds=600, webhook_retry_max_seconds=600)
    receiver.fail_next(1, status=503)
    work.run_once()
    assert work.run_once() == 0 and len(receiver.received) == 1  # ten minutes to wait

    failed = deliveries(api, council.funder_key, registered["id"])[0]
    queued = api.post(f"/v1/webhook-endpoints/{registered['id']}/deliveries/{failed['id']}/redeliver",
                      council.funder_key)
    assert queued.status == 202, queued.body
    assert (queued.body["status"], queued.body["redelivery"], queued.body["attempt"]) == ("pending", True, 2)
    work.run_once()
    # The redelivery first, then the feed, no longer waiting: the first event twice, then the rest.
    assert receiver.event_ids() == [expected[0]["id"]] * 3 + [e["id"] for e in expected[1:]]
    assert receiver.received[1].headers["Wallet-Delivery-Id"] == queued.body["id"]
    log = {d["id"]: d for d in deliveries(api, council.funder_key, registered["id"])}
    assert (log[queued.body["id"]]["status"], log[queued.body["id"]]["status_code"]) == ("succeeded", 200)

    first_success = next(d for d in log.values() if d["status"] == "succeeded" and not d["redelivery"])
    again = api.post(f"/v1/webhook-endpoints/{registered['id']}/deliveries/{first_success['id']}/redeliver",
                     council.funder_key)
    assert again.status == 202
    work.run_once()
    assert receiver.event_ids()[-1] == first_success["event_id"]
    assert api.post(f"/v1/webhook-endpoints/{registered['id']}/disable", council.funder_key).status == 200
    refused = api.post(f"/v1/webhook-endpoints/{registered['id']}/deliveries/{first_success['id']}/redeliver",
                       council.funder_key)
    assert (refused.status, refused.body["type"]) == (409, "webhook-endpoint-disabled")


def test_after_the_retry_window_the_endpoint_is_disabled_and_its_feed_says_so(
        api: Api, database: Database, settings: Settings, receiver: Receiver) -> None:
    council = Council.create(api)
    registered = register(api, council.funder_key, receiver.url())
    activity(council)
    expected = feed(api, council.funder_key, registered["delivered_seq"])
    receiver.fail_next(1000, status=500)
    work = worker(database, settings, webhook_retry_window_seconds=0.15)
    run_until(work, lambda: endpoint(api, council.funder_key, registered["id"])["status"] == "disabled")

    state = endpoint(api, council.funder_key, registered["id"])
    assert state["disabled_reason"] == "failing" and state["failed_attempts"] >= 2
    assert state["delivered_seq"] == registered["delivered_seq"]  # nothing was delivered, nothing lost
    assert set(receiver.event_ids()) == {expected[0]["id"]}
    tried = len(receiver.received)
    assert work.run_once() == 0 and len(receiver.received) == tried  # disabled: nothing more is sent
    disabled = [e for e in feed(api, council.funder_key, registered["delivered_seq"])
                if e["type"] == "webhook_endpoint.disabled"]
    assert len(disabled) == 1 and disabled[0]["data"]["endpoint_id"] == registered["id"]
    assert disabled[0]["data"]["event_id"] == expected[0]["id"]
    assert not any(e["type"] == "webhook_endpoint.disabled" for e in feed(api, council.holder_key, 0))
    audit = api.get("/v1/audit/log", council.funder_key, params={"action": "webhook_endpoint.disabled"}).body
    assert [entry["object_id"] for entry in audit["items"]] == [registered["id"]]

    with receiver.lock:
        receiver.answers.clear()  # the receiver is mended
    assert api.post(f"/v1/webhook-endpoints/{registered['id']}/enable", council.funder_key).status == 200
    work.run_once()
    delivered = [r.event for r in receiver.received[tried:]]
    assert delivered == feed(api, council.funder_key, registered["delivered_seq"])  # all, the notice too, in order


def test_a_worker_that_dies_after_sending_loses_nothing(api: Api, database: Database, settings: Settings,
                                                        receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    council = Council.create(api)
    registered = register(api, council.funder_key, receiver.url())
    activity(council)
    expected = feed(api, council.funder_key, registered["delivered_seq"])

    class Died(BaseException):
        """Stands for the process dying: nothing in the worker catches it."""

    recorded = worker_module.record_outcome
    calls = {"n": 0}

    def die_on_second(*args: Any, **kwargs: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 2:
            raise Died
        return recorded(*args, **kwargs)

    monkeypatch.setattr(worker_module, "record_outcome", die_on_second)
    with pytest.raises(Died):
        worker(database, settings, lease_seconds=1.0).run_once()
    monkeypatch.setattr(worker_module, "record_outcome", recorded)
    assert receiver.event_ids() == [expected[0]["id"], expected[1]["id"]]  # the second was sent, not recorded
    state = endpoint(api, council.funder_key, registered["id"])
    assert state["delivered_seq"] == expected[0]["seq"]

    successor = worker(database, settings)
    assert successor.run_once() == 0  # the dead worker's lease still holds the endpoint
    time.sleep(1.05)
    successor.run_once()
    # The second event sent again, then the rest: at least once, never lost, still in order.
    assert receiver.event_ids() == [expected[0]["id"], expected[1]["id"]] + [e["id"] for e in expected[1:]]
    assert endpoint(api, council.funder_key, registered["id"])["delivered_seq"] == expected[-1]["seq"]


def test_workers_running_at_once_send_each_event_to_each_endpoint_once(
        api: Api, database: Database, settings: Settings, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "CLAIM_BATCH", 1)  # so the workers claim one endpoint at a time, in turn
    council = Council.create(api)
    endpoints = [register(api, council.funder_key, receiver.url(f"/e{n}")) for n in range(4)]
    activity(council)
    expected = [e["id"] for e in feed(api, council.funder_key, endpoints[0]["delivered_seq"])]
    workers = [worker(database, settings) for _ in range(3)]
    threads = [threading.Thread(target=w.run_once) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for n in range(4):
        assert [r.headers["Wallet-Event-Id"] for r in receiver.received if r.path == f"/e{n}"] == expected


def test_event_types_choose_what_is_sent(api: Api, database: Database, settings: Settings,
                                         receiver: Receiver) -> None:
    council = Council.create(api)
    postings = register(api, council.funder_key, receiver.url("/money"), event_types=["transaction.*"])
    opened = register(api, council.funder_key, receiver.url("/opened"), event_types=["wallet.opened", "alert.*"])
    activity(council)
    worker(database, settings).run_once()
    events = feed(api, council.funder_key, postings["delivered_seq"])
    money = [e for e in events if e["type"] == "transaction.posted"]
    assert [r.event for r in receiver.received if r.path == "/money"] == money and money
    assert [r.event["type"] for r in receiver.received if r.path == "/opened"] == ["wallet.opened"]
    # Each endpoint's place moved past what it does not want, to the end of the feed.
    places = {endpoint(api, council.funder_key, e["id"])["delivered_seq"] for e in (postings, opened)}
    assert places == {events[-1]["seq"]}
    for wrong in ([], ["Transaction.Posted"], ["transaction.posted; drop"], ["*.posted"]):
        response = api.post("/v1/webhook-endpoints", council.funder_key, {"url": receiver.url(), "event_types": wrong})
        assert response.status == 422, (wrong, response.body)


def test_private_addresses_are_refused_unless_allowed(settings: Settings, database: Database, api: Api,
                                                      receiver: Receiver) -> None:
    council = Council.create(api)
    strict = create_strict_client(settings, database)
    refused = ["http://127.0.0.1:9/hooks", "http://localhost/hooks", "http://[::1]/hooks", "http://10.1.2.3/",
               "http://192.168.0.10/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/",
               "http://[fe80::1]/", "http://[fc00::1]/", "http://0.0.0.0/", "http://224.0.0.1/",
               "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "ftp://93.184.215.14/",
               "https://user:secret@93.184.215.14/", "https://93.184.215.14/#top", "hooks.example", "https://"]
    for url in refused:
        response = strict.post("/v1/webhook-endpoints", json={"url": url},
                               headers={"Authorization": f"Bearer {council.funder_key}", "Idempotency-Key": url})
        assert response.status_code == 422, (url, response.text)
        assert response.json()["type"] == "webhook-url-refused", (url, response.json())
    # A public address is accepted (nothing is sent to it here: no worker runs in this test).
    accepted = strict.post("/v1/webhook-endpoints", json={"url": "https://93.184.215.14/hooks"},
                           headers={"Authorization": f"Bearer {council.funder_key}", "Idempotency-Key": "public"})
    assert accepted.status_code == 201, accepted.text
    strict.close()

    # Allowed when registered (the tests' setting), refused again when it is time to deliver.
    registered = register(api, council.funder_key, receiver.url())
    api.post(f"/v1/webhook-endpoints/{accepted.json()['id']}/disable", council.funder_key)
    activity(council)
    worker(database, settings, webhook_allow_private=False).run_once()
    assert receiver.received == []
    failed = deliveries(api, council.funder_key, registered["id"])[0]
    assert failed["status"] == "failed" and failed["status_code"] is None and "not public" in failed["error"]


def create_strict_client(settings: Settings, database: Database) -> TestClient:
    from wallet.http.app import create_app

    return TestClient(create_app(dataclasses.replace(settings, webhook_allow_private=False), database),
                      raise_server_exceptions=False)


def test_registering_is_idempotent_and_deleting_stops_everything(api: Api, database: Database, settings: Settings,
                                                                receiver: Receiver) -> None:
    council = Council.create(api)
    first = api.post("/v1/webhook-endpoints", council.funder_key, {"url": receiver.url()}, idempotency_key="one")
    again = api.post("/v1/webhook-endpoints", council.funder_key, {"url": receiver.url()}, idempotency_key="one")
    assert first.status == again.status == 201 and first.body["id"] == again.body["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    listed = api.get("/v1/webhook-endpoints", council.funder_key).body["items"]
    assert [e["id"] for e in listed] == [first.body["id"]]
    assert api.call("DELETE", f"/v1/webhook-endpoints/{first.body['id']}", key=council.funder_key).status == 204
    assert api.get(f"/v1/webhook-endpoints/{first.body['id']}", council.funder_key).status == 404
    assert api.get("/v1/webhook-endpoints", council.funder_key).body["items"] == []
    activity(council)
    assert worker(database, settings).run_once() == 0 and receiver.received == []


def test_wallet_deliver_webhooks_once_delivers(api: Api, database_url: str, database: Database,
                                               receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    from wallet.cli import app

    council = Council.create(api)
    registered = register(api, council.funder_key, receiver.url())
    activity(council)
    monkeypatch.setenv("WALLET_DATABASE_URL", database_url)
    monkeypatch.setenv("WALLET_WEBHOOK_ALLOW_PRIVATE", "1")
    result = CliRunner().invoke(app, ["deliver-webhooks", "--once"])
    assert result.exit_code == 0, result.output
    expected = feed(api, council.funder_key, registered["delivered_seq"])
    assert f"attempted {len(expected)} deliveries" in result.output
    assert [r.event for r in receiver.received] == expected


def test_the_serving_process_runs_a_worker(settings: Settings, database: Database, receiver: Receiver) -> None:
    from wallet.http.app import create_app

    with TestClient(create_app(dataclasses.replace(settings, webhooks=True), database)) as client:
        api = Api(client, database)
        council = Council.create(api)
        registered = register(api, council.funder_key, receiver.url())
        activity(council)
        expected = feed(api, council.funder_key, registered["delivered_seq"])
        deadline = time.monotonic() + 10
        while len(receiver.received) < len(expected):
            assert time.monotonic() < deadline, "the serving process's worker delivered nothing"
            time.sleep(0.05)
    assert [r.event for r in receiver.received] == expected


def test_the_rules() -> None:
    import ipaddress

    assert [retry_delay_seconds(n, first=30, cap=3600) for n in (1, 2, 3, 7, 8, 100)] == [30, 60, 120, 1920, 3600, 3600]
    public = ["93.184.215.14", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"]
    private = ["127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.1.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1"]
    never = ["0.0.0.0", "::", "224.0.0.1", "ff02::1"]
    assert all(address_allowed(ipaddress.ip_address(a), allow_private=False) for a in public)
    assert not any(address_allowed(ipaddress.ip_address(a), allow_private=False) for a in private + never)
    assert all(address_allowed(ipaddress.ip_address(a), allow_private=True) for a in private)
    assert not any(address_allowed(ipaddress.ip_address(a), allow_private=True) for a in never)
    assert wants(["*"], "pool.created") and wants(["alert.*"], "alert.raised") and not wants(["alert.*"], "alerts.x")
    assert not wants(["transaction.posted"], "transaction.posted.extra")


def _seconds(moment: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp()

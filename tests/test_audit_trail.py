"""The audit trail of every change that is not a posting, and the events that are not transactions.

One realistic stretch of work goes through the HTTP API, each change sent with its own
``X-Request-ID``: a council registered and its provider accredited, a policy and its revision,
wallets opened, a schedule and its new amount, a payment that waits and is approved, a pool made
and left, a period close proposed and confirmed (raising an alert, then acknowledged), a wallet
ended and another moved to a new provider. Then we read it back as each kind of key would.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from tests.scenario import Council
from tests.support import Api, Response

OPENED_ON = "2026-04-06"


@dataclass
class Change:
    """One change we made, as the audit log should show it."""

    action: str
    object_id: str
    request_id: str
    organisation_id: str | None  # None: the service itself (an alert it raised)
    role: str | None
    wallet_id: str | None = None


@dataclass
class Story:
    api: Api
    funder_id: str
    funder_key: str
    funder_key_id: str
    holder_id: str
    holder_key: str
    new_holder_id: str
    new_holder_key: str
    auditor_id: str
    wallets: dict[str, str]  # name -> wallet id
    person_refs: dict[str, str]  # name -> the person's reference
    moved_to: str
    approval_id: str
    close_id: str
    other: Council
    other_wallet: str
    changes: list[Change] = field(default_factory=list)


def send(api: Api, method: str, path: str, key: str, request_id: str, *, json: Any = None,
         params: Any = None, expect: int = 201) -> Response:
    if method == "POST" and json is None:
        json = {}
    response = api.call(method, path, key=key, json=json, params=params, headers={"X-Request-ID": request_id})
    assert response.status == expect, response.body
    assert response.headers["X-Request-ID"] == request_id
    return response


def read_all(api: Api, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following the cursor."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        response = api.get(path, key, params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})})
        assert response.status == 200, response.body
        items += response.body["items"]
        cursor = response.body["next_cursor"]
        if cursor is None:
            return items


def feed(api: Api, key: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    after = 0
    while True:
        page = api.get("/v1/events", key, params={"after": after, "limit": 500})
        assert page.status == 200, page.body
        if not page.body["items"]:
            return events
        events += page.body["items"]
        after = page.body["next_after"]


def audit_log(api: Api, key: str, **params: Any) -> list[dict[str, Any]]:
    return read_all(api, "/v1/audit/log", key, **params)


@pytest.fixture
def story(api: Api) -> Story:
    admin = api.admin_key
    changes: list[Change] = []

    def rid(name: str) -> str:
        return f"req-{name}-{uuid.uuid4().hex[:8]}"

    def org(kind: str, name: str) -> tuple[str, str]:
        request_id = rid(f"org-{kind}")
        created = send(api, "POST", "/v1/organisations", admin, request_id, json={"name": name, "kind": kind})
        return created.body["id"], request_id

    funder_id, funder_rid = org("funder", "Northshire Council")
    holder_id, _ = org("holder", "Brightside Care")
    new_holder_id, _ = org("holder", "Harbour Support")
    auditor_id, _ = org("auditor", "County Audit LLP")
    changes.append(Change("organisation.created", funder_id, funder_rid, None, "admin"))
    issued = api.post("/v1/api-keys", admin, {"organisation_id": funder_id, "role": "funder"})
    funder_key, funder_key_id = issued.body["key"], issued.body["id"]
    holder_key, new_holder_key = api.key_for(holder_id, "holder"), api.key_for(new_holder_id, "holder")

    def by_funder(action: str, method: str, path: str, body: Any = None, *, name: str, object_id: str | None = None,
                  wallet: str | None = None, expect: int = 201, params: Any = None) -> Response:
        request_id = rid(name)
        response = send(api, method, path, funder_key, request_id, json=body, params=params, expect=expect)
        changes.append(Change(action, object_id or response.body["id"], request_id, funder_id, "funder", wallet))
        return response

    def by_holder(action: str, method: str, path: str, body: Any = None, *, name: str, object_id: str,
                  wallets: tuple[str, ...], expect: int = 201, params: Any = None) -> Response:
        request_id = rid(name)
        response = send(api, method, path, holder_key, request_id, json=body, params=params, expect=expect)
        changes.extend(Change(action, object_id, request_id, holder_id, "holder", w) for w in wallets)
        return response

    for holder in (holder_id, new_holder_id):
        by_funder("accreditation.set", "POST", "/v1/accreditations", {"holder_id": holder, "status": "accredited"},
                  name="accredit", object_id=holder, expect=200)
    policy = by_funder("policy.created", "POST", "/v1/policies", name="policy", body={
        "name": "ISF", "rules": {"approval_threshold": 50000, "contingency_weeks": 1, "surplus_action": "recover"}})
    policy_id = policy.body["id"]
    by_funder("policy.versioned", "POST", f"/v1/policies/{policy_id}/versions", name="policy-v2", object_id=policy_id,
              body={"rules": {"approval_threshold": 50000, "contingency_weeks": 1, "surplus_action": "recover",
                              "blocked_categories": ["gambling"]}})

    person_refs = {name: f"PERSON-{uuid.uuid4().hex[:12].upper()}" for name in ("ann", "bob", "cat")}
    wallets = {}
    for name, ref in person_refs.items():
        opened = by_funder("wallet.opened", "POST", "/v1/wallets", name=f"open-{name}", body={
            "person_ref": ref, "holder_id": holder_id, "arrangement": "isf", "policy_id": policy_id,
            "opened_on": OPENED_ON})
        wallets[name] = opened.body["id"]
        changes[-1].wallet_id = wallets[name]
    ann, bob, cat = wallets["ann"], wallets["bob"], wallets["cat"]

    schedule = by_funder("schedule.created", "POST", f"/v1/wallets/{ann}/schedules", name="schedule", wallet=ann,
                         body={"amount": 10000, "source": "funder", "every": "1w", "in_advance": True,
                               "starts_on": OPENED_ON})
    by_funder("schedule.amount_changed", "POST", f"/v1/wallets/{ann}/schedules/{schedule.body['id']}/changes",
              {"amount": 12000, "effective_from": "2026-04-20"}, name="schedule-change",
              object_id=schedule.body["id"], wallet=ann)
    for wallet, amount in ((ann, 100000), (bob, 20000), (cat, 5000)):
        funded = api.post(f"/v1/wallets/{wallet}/fundings", funder_key, {
            "amount": amount, "source": "funder", "effective_date": OPENED_ON, "reference": "initial"})
        assert funded.status == 201, funded.body

    # A payment over the approval threshold waits, and the council approves it.
    request_id = rid("pay")
    waiting = send(api, "POST", f"/v1/wallets/{ann}/payments", holder_key, request_id, expect=202, json={
        "amount": 60000, "category": "equipment", "payee": "Mobility Shop", "effective_date": "2026-04-09"})
    approval_id = waiting.body["approval"]["id"]
    changes.append(Change("approval.requested", approval_id, request_id, holder_id, "holder", ann))
    by_funder("approval.approved", "POST", f"/v1/approvals/{approval_id}/approve", {"reason": "quote checked"},
              name="approve", object_id=approval_id, wallet=ann, expect=200)

    # Ann and Bob share a pool; Bob leaves it.
    request_id = rid("pool")
    pool = send(api, "POST", "/v1/pools", holder_key, request_id, json={
        "name": "Shared driver", "split": "equal", "joined_on": OPENED_ON,
        "members": [{"wallet_id": ann}, {"wallet_id": bob}]})
    pool_id = pool.body["id"]
    changes += [Change("pool.created", pool_id, request_id, holder_id, "holder", w) for w in (ann, bob)]
    by_holder("pool.member_left", "DELETE", f"/v1/pools/{pool_id}/members/{bob}", name="leave", object_id=pool_id,
              wallets=(bob,), params={"effective_date": "2026-04-08"}, expect=200)

    # A period close for Ann: £400 left against a £100 contingency raises an alert, which is seen.
    proposal = by_funder("period_close.proposed", "POST", "/v1/period-closes",
                         {"period_end": "2026-04-30", "wallet_ids": [ann]}, name="propose", wallet=ann)
    close_id = proposal.body["id"]
    alert = read_all(api, "/v1/alerts", funder_key, kind="surplus_over_cap", wallet_id=ann)
    assert len(alert) == 1
    changes.append(Change("alert.raised", alert[0]["id"], changes[-1].request_id, None, None, ann))
    by_funder("period_close.confirmed", "POST", f"/v1/period-closes/{close_id}/confirm", name="confirm",
              object_id=close_id, wallet=ann, expect=200)
    by_funder("alert.acknowledged", "POST", f"/v1/alerts/{alert[0]['id']}/acknowledge", name="acknowledge",
              object_id=alert[0]["id"], wallet=ann, expect=200)

    # Bob's support ends; Cat moves to another provider.
    by_funder("wallet.closed", "POST", f"/v1/wallets/{bob}/closure", {"reason": "ended", "effective_date": "2026-05-15"},
              name="closure", object_id=bob, wallet=bob, expect=200)
    moved = by_funder("wallet.moved", "POST", f"/v1/wallets/{cat}/moves",
                      {"new_holder_id": new_holder_id, "effective_date": "2026-04-15"}, name="move", object_id=cat,
                      wallet=cat)
    moved_to = moved.body["new_wallet_id"]
    changes.append(Change("wallet.opened", moved_to, changes[-1].request_id, funder_id, "funder", moved_to))

    other = Council.create(api, "Southshire Council")
    other_wallet = other.wallet(other.policy(approval_threshold=100), person_ref="OTHER-PERSON")
    other.fund(other_wallet, 5000)
    assert other.pay(other_wallet, 1000).status == 202
    return Story(api, funder_id, funder_key, funder_key_id, holder_id, holder_key, new_holder_id, new_holder_key,
                 auditor_id, wallets, person_refs, moved_to, approval_id, close_id, other, other_wallet, changes)


def auditor_key_for(story: Story, wallet_ids: list[str]) -> str:
    grant = story.api.post("/v1/audit-grants", story.funder_key, {"auditor_id": story.auditor_id,
                                                                   "wallet_ids": wallet_ids})
    assert grant.status == 201, grant.body
    return story.api.key_for(story.auditor_id, "auditor", issuer=story.funder_key)


def test_every_change_is_in_the_funders_audit_log_with_who_did_it_and_in_which_request(story: Story) -> None:
    entries = audit_log(story.api, story.funder_key)
    for change in story.changes:
        found = [e for e in entries if e["request_id"] == change.request_id and e["action"] == change.action
                 and e["object_id"] == change.object_id and e["wallet_id"] == change.wallet_id]
        assert len(found) == 1, (change, [e for e in entries if e["request_id"] == change.request_id])
        entry = found[0]
        assert (entry["role"], entry["funder_id"]) == (change.role, story.funder_id), entry
        if change.role == "admin":
            assert entry["organisation_id"] and entry["key_id"]
        else:
            assert entry["organisation_id"] == change.organisation_id, entry
        if change.role == "funder":
            assert entry["key_id"] == story.funder_key_id
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)

    def details(action: str, **where: Any) -> dict[str, Any]:
        [entry] = [e for e in entries if e["action"] == action and all(e[k] == v for k, v in where.items())]
        return entry["details"]  # type: ignore[no-any-return]

    ann, bob, cat = story.wallets["ann"], story.wallets["bob"], story.wallets["cat"]
    assert details("policy.versioned")["version"] == 2 and details("policy.versioned")["previous_version"] == 1
    assert details("schedule.amount_changed") == {"amount": 12000, "previous_amount": 10000,
                                                  "effective_from": "2026-04-20"}
    requested = details("approval.requested")
    assert (requested["amount"], requested["category"], requested["effective_date"]) == (60000, "equipment",
                                                                                         "2026-04-09")
    assert requested["why"] and requested["pending_transaction_id"]
    assert "payee" not in requested  # free text that may name a person
    assert details("approval.approved")["reason"] == "quote checked"
    assert details("pool.member_left", wallet_id=bob)["left_on"] == "2026-04-08"
    assert details("period_close.confirmed", wallet_id=ann)["status"] == "confirmed"
    assert details("period_close.confirmed", wallet_id=ann)["recovered"] > 0
    assert details("wallet.closed") == {"reason": "ended", "effective_date": "2026-05-15"}
    assert details("wallet.moved")["new_wallet_id"] == story.moved_to
    assert details("wallet.opened", object_id=story.moved_to)["moved_from_wallet_id"] == cat


def test_the_audit_log_filters_by_action_and_by_wallet(story: Story) -> None:
    api, key = story.api, story.funder_key
    bob = story.wallets["bob"]
    approved = audit_log(api, key, action="approval.approved")
    assert [e["object_id"] for e in approved] == [story.approval_id]
    opened = audit_log(api, key, action="wallet.opened")
    assert {e["object_id"] for e in opened} == {*story.wallets.values(), story.moved_to}
    of_bob = audit_log(api, key, wallet_id=bob)
    assert {e["wallet_id"] for e in of_bob} == {bob}
    assert [e["action"] for e in of_bob] == ["wallet.opened", "pool.created", "pool.member_left", "wallet.closed"]
    assert audit_log(api, key, action="wallet.closed", wallet_id=story.wallets["ann"]) == []


def test_only_the_funder_and_the_auditors_it_granted_read_the_trail(story: Story) -> None:
    api = story.api
    ours = {c.request_id for c in story.changes}
    our_wallets = {*story.wallets.values(), story.moved_to}
    theirs = audit_log(api, story.other.funder_key)
    assert theirs, "the other council sees its own changes"
    assert not [e for e in theirs if e["request_id"] in ours or e["wallet_id"] in our_wallets
                or e["funder_id"] == story.funder_id]

    ann = story.wallets["ann"]
    audited = audit_log(api, auditor_key_for(story, [ann]))
    assert {e["wallet_id"] for e in audited} == {ann}
    assert {"wallet.opened", "schedule.created", "schedule.amount_changed", "approval.requested",
            "approval.approved", "pool.created", "period_close.proposed", "alert.raised",
            "period_close.confirmed", "alert.acknowledged"} <= {e["action"] for e in audited}

    person_key = api.key_for(story.funder_id, "person", wallet_id=ann, issuer=story.funder_key)
    for key in (story.holder_key, person_key):
        refused = api.get("/v1/audit/log", key)
        assert refused.status == 403, refused.body


def test_the_audit_log_cannot_be_altered_or_deleted_even_with_raw_sql(story: Story) -> None:
    before = audit_log(story.api, story.funder_key)
    target = before[0]["id"]
    for statement in ("UPDATE audit_log SET action = 'tampered' WHERE id = :id",
                      "UPDATE audit_log SET details = '{}' WHERE id = :id",
                      "DELETE FROM audit_log WHERE id = :id",
                      "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError):
            with story.api.database.writer.begin() as session:
                session.execute(text(statement), {"id": target})
    assert audit_log(story.api, story.funder_key) == before


def test_the_event_feed_announces_approvals_and_closes_in_order_to_their_own_readers(story: Story) -> None:
    api, ann = story.api, story.wallets["ann"]
    for key in (story.funder_key, story.holder_key):
        events = feed(api, key)
        seqs = [e["seq"] for e in events]
        assert seqs == sorted(set(seqs)), "strictly increasing"
        first = {}
        for event in events:
            first.setdefault(event["type"], event)
        requested, decided, confirmed = (first[t] for t in ("approval.requested", "approval.decided",
                                                            "period_close.confirmed"))
        assert requested["seq"] < decided["seq"] < confirmed["seq"]
        assert requested["data"]["approval_id"] == decided["data"]["approval_id"] == story.approval_id
        assert requested["data"]["wallet_ids"] == decided["data"]["wallet_ids"] == [ann]
        assert (requested["data"]["amount"], decided["data"]["decision"]) == (60000, "approved")
        assert confirmed["data"]["close_id"] == story.close_id
        assert {"wallet.opened", "pool.created", "pool.member_left", "alert.raised", "wallet.closed",
                "wallet.moved"} <= {e["type"] for e in events}

    # The provider the person moved to hears of the move, and only of its own wallet.
    moves = [e for e in feed(api, story.new_holder_key) if e["type"] in ("wallet.moved", "wallet.opened")]
    assert {e["type"] for e in moves} == {"wallet.moved", "wallet.opened"}
    assert all(e["data"]["wallet_ids"] == [story.moved_to] for e in moves)

    ours = {*story.wallets.values(), story.moved_to, story.approval_id, story.close_id}
    theirs = feed(api, story.other.funder_key)
    assert "approval.requested" in {e["type"] for e in theirs}, "the other council's own payment waits"
    assert not [e for e in theirs if ours & ({str(v) for v in e["data"].values()} | set(e["data"].get("wallet_ids", [])))]
    assert not [e for e in theirs if e["type"] in ("approval.decided", "period_close.confirmed")]


def test_no_table_but_wallets_holds_the_person_reference(story: Story) -> None:
    """The person reference is the only personal data the service keeps, and it keeps it once."""
    refs = set(story.person_refs.values())
    found: dict[str, set[str]] = {}
    engine = story.api.database.engine
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    seen = {ref for ref in refs if ref in str(value)}
                    if seen:
                        found.setdefault(table, set()).update(seen)
    assert found == {"wallets": refs}


def test_a_replayed_response_still_shows_the_person_reference_it_no_longer_stores(story: Story) -> None:
    api, other = story.api, story.other
    path, key = f"/v1/wallets/{story.other_wallet}/closure", "closure-1"
    body = {"reason": "death", "effective_date": "2026-05-01"}
    first = api.post(path, other.funder_key, body, idempotency_key=key)
    again = api.post(path, other.funder_key, body, idempotency_key=key)
    assert (first.status, again.status, again.headers.get("Idempotent-Replayed")) == (200, 200, "true")
    assert again.body == first.body and first.body["person_ref"] == "OTHER-PERSON"
    with api.database.reader() as session:
        stored = session.execute(text("SELECT response_body FROM idempotency_records")).scalars().all()
    assert stored and not [b for b in stored if "OTHER-PERSON" in str(b)]

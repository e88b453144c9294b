"""What an auditor checks remotely: the journal's head and hash chain, the trial balance, the
holder's reconciliation to its bank, and the event feed a council system polls."""

from __future__ import annotations

import base64
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.scenario import Council
from tests.support import Api
from wallet.config import Settings
from wallet.http.app import create_app
from wallet.persistence.db import Database
from wallet.persistence.journal_chain import chain_existing, hash_at
from wallet.usecases.head_signing import new_signing_key


def auditor_of(council: Council, wallet_ids: list[str] | None = None) -> str:
    api = council.api
    auditor = api.organisation("auditor")
    grant = api.post("/v1/audit-grants", council.funder_key,
                     {"auditor_id": auditor, **({"wallet_ids": wallet_ids} if wallet_ids else {})})
    assert grant.status == 201, grant.body
    return api.key_for(auditor, "auditor", issuer=council.funder_key)


def activity(council: Council, wallet: str, times: int = 3) -> None:
    for n in range(times):
        council.fund(wallet, 10000)
        assert council.pay(wallet, 1000 + n).status == 201


def verify(api: Api, key: str, **params: Any) -> dict[str, Any]:
    response = api.get("/v1/audit/verify", key, params={k.rstrip("_"): v for k, v in params.items()})
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def around_the_ledger(database: Database, *statements: tuple[str, dict[str, Any]]) -> None:
    """Raw SQL with the database's own guards switched off: what someone with the server's
    credentials could do, and what tamper evidence exists to catch."""
    with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for (name,) in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all():
                connection.execute(text(f'DROP TRIGGER "{name}"'))
        for sql, params in statements:
            connection.execute(text(sql), params)


def position_of(database: Database, transaction_id: str) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT h.position FROM transaction_hashes h JOIN transactions t ON t.seq = h.seq WHERE t.id = :id"),
            {"id": transaction_id}).scalar_one())


def alter_payment(database: Database, transaction_id: str, by: int) -> None:
    """Make a payment bigger by ``by`` pence on both sides, so it still balances."""
    around_the_ledger(database, (
        "UPDATE postings SET amount = amount + :by WHERE transaction_seq = "
        "(SELECT seq FROM transactions WHERE id = :id)", {"by": by, "id": transaction_id}))


def payment_between_fundings(council: Council) -> tuple[str, str]:
    """Three transactions, the payment second; returns its id and an auditor's key."""
    wallet = council.wallet()
    council.fund(wallet, 50000)
    payment = council.pay(wallet, 2000).body["transaction"]["id"]
    council.fund(wallet, 50000)
    return payment, auditor_of(council)


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def test_a_head_kept_earlier_still_verifies_after_later_transactions(council: Council) -> None:
    api = council.api
    wallet = council.wallet()
    activity(council, wallet)
    key = auditor_of(council)
    kept = api.get("/v1/audit/head", key).body
    assert kept["count"] == 6 and len(kept["hash"]) == 64 and kept["signature"] is None
    activity(council, wallet)

    later = verify(api, key, to=kept["count"], expected_hash=kept["hash"])
    assert later["ok"] and later["matches_expected"] and later["hash_at_to"] == kept["hash"]
    everything = verify(api, key)
    assert everything["ok"] and everything["head_count"] == 12 and everything["first_broken"] is None
    assert everything["unchained_transactions"] == 0 and everything["accounts_agree"]
    assert everything["hash_at_to"] == api.get("/v1/audit/head", key).body["hash"]


@pytest.mark.tampers
def test_an_altered_posting_is_caught_and_its_transaction_named(council: Council) -> None:
    api, database = council.api, council.api.database
    payment, key = payment_between_fundings(council)
    assert verify(api, key)["ok"]

    alter_payment(database, payment, by=100_00)
    found = verify(api, key)
    assert not found["ok"]
    broken = found["first_broken"]
    assert broken["position"] == position_of(database, payment) == 2
    assert broken["transaction_id"] == payment and "differ from what was sealed" in broken["reason"]
    # The account totals no longer match their postings either.
    assert not found["accounts_agree"]
    # Links after the altered one still hold among themselves: the break is local and named.
    assert verify(api, key, from_=3)["first_broken"] is None


@pytest.mark.tampers
def test_a_chain_rewritten_to_hide_a_change_contradicts_the_head_an_auditor_kept(council: Council) -> None:
    api, database = council.api, council.api.database
    payment, key = payment_between_fundings(council)
    kept = api.get("/v1/audit/head", key).body

    # Alter the payment, then recompute every hash from it on, as a careful forger would.
    alter_payment(database, payment, by=1)
    position = position_of(database, payment)
    with database.engine.connect() as connection:
        previous = hash_at(connection, position - 1)
    around_the_ledger(
        database,
        ("DELETE FROM transaction_hashes WHERE position >= :p", {"p": position}),
        ("UPDATE journal_head SET transaction_count = :c, head_hash = :h", {"c": position - 1, "h": previous}),
    )
    with database.engine.begin() as connection:
        chain_existing(connection)

    rewritten = verify(api, key)
    assert rewritten["first_broken"] is None  # consistent with itself...
    against_kept = verify(api, key, to=kept["count"], expected_hash=kept["hash"])
    assert against_kept["matches_expected"] is False and not against_kept["ok"]  # ...but not with the kept head


@pytest.mark.tampers
def test_a_transaction_written_around_the_ledger_is_reported(council: Council) -> None:
    api, database = council.api, council.api.database
    wallet = council.wallet()
    council.fund(wallet, 50000)
    key = auditor_of(council)
    around_the_ledger(database, (
        "INSERT INTO transactions (id, kind, effective_date, recorded_at, details) "
        "VALUES ('forged', 'funding', '2026-04-07', '2026-04-07 10:00:00', '{}')", {}))
    found = verify(api, key)
    assert found["unchained_transactions"] == 1 and not found["ok"]


def test_heads_are_signed_with_the_deployments_key(settings: Settings, database: Database, council: Council) -> None:
    council.fund(council.wallet(), 10000)
    key = auditor_of(council)
    signed_settings = replace(settings, audit_signing_key=new_signing_key())
    with TestClient(create_app(signed_settings, database)) as client:
        head = client.get("/v1/audit/head", headers={"Authorization": f"Bearer {key}"}).json()
    assert head["algorithm"] == "Ed25519" and head["count"] == 1
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(head["public_key"]))
    public.verify(base64.b64decode(head["signature"]), head["message"].encode())  # raises if forged
    assert head["message"].startswith(f"wallet-journal-head-v1|1|{head['hash']}|")
    with pytest.raises(Exception):
        public.verify(base64.b64decode(head["signature"]), head["message"].replace("|1|", "|2|").encode())


def test_tamper_evidence_is_for_auditors(council: Council) -> None:
    for key in (council.funder_key, council.holder_key):
        assert council.api.get("/v1/audit/head", key).status == 403
        assert council.api.get("/v1/audit/verify", key).body["type"].endswith("forbidden")


def test_the_trial_balance_balances_and_an_auditor_sees_only_its_grant(council: Council) -> None:
    api = council.api
    policy = council.policy("fees", management_fee={"percent_bp": 500}, approval_threshold=50000)
    first, second = council.wallet(policy, person_ref="T-1"), council.wallet(policy, person_ref="T-2")
    council.fund(first, 100000, on="2026-04-06")
    council.fund(second, 40000, on="2026-04-20")
    council.pay(first, 2500)
    council.pay(first, 60000, "equipment")  # waits for approval: pending postings
    report = api.get("/v1/reports/trial-balance", api.admin_key, params={"limit": 500}).body
    assert report["ledger_balanced"] and all(total["balanced"] for total in report["totals"])
    debit = sum(line["debit"] for line in report["lines"])
    assert debit == sum(line["credit"] for line in report["lines"]) == report["totals"][0]["debit"] > 0
    client_bank = next(line for line in report["lines"] if line["account"].endswith(":client_bank"))
    assert client_bank["debit"] == 140000 - 2500

    earlier = api.get("/v1/reports/trial-balance", api.admin_key, params={"on": "2026-04-08", "limit": 500}).body
    assert next(line for line in earlier["lines"] if line["account"].endswith(":client_bank"))["debit"] == 100000

    partial = api.get("/v1/reports/trial-balance", auditor_of(council, [second]), params={"limit": 500}).body
    assert {line["account"].split(":")[1] for line in partial["lines"]} == {second}
    assert partial["totals"][0]["balanced"] and len(partial["outside_your_grants"]) == 1
    assert api.get("/v1/reports/trial-balance", council.funder_key).status == 403


def test_the_reconciliation_shows_a_difference_exactly_when_the_bank_differs(api: Api) -> None:
    anytown = Council.create(api, "Anytown")
    other = Council.create(api, "Otherby")
    other.accredit(anytown.holder_id)
    mine = anytown.wallet()
    theirs = other.wallet(holder_id=anytown.holder_id)
    anytown.fund(mine, 100000, on="2026-04-06")
    other.fund(theirs, 30000, on="2026-04-13")
    anytown.pay(mine, 2500)
    api.post(f"/v1/wallets/{mine}/holds", anytown.holder_key, {"amount": 1000, "category": "invoice"})
    held = 100000 - 2500 + 30000

    def reconcile(key: str, bank: int, **params: Any) -> dict[str, Any]:
        response = api.get("/v1/reports/reconciliation", key,
                           params={"holder_id": anytown.holder_id, "bank_balance": bank, **params})
        assert response.status == 200, response.body
        return response.body  # type: ignore[no-any-return]

    exact = reconcile(anytown.holder_key, held)
    assert exact["held_for_people"] == held and exact["difference"] == 0 and exact["reconciled"]
    assert {line["funder_id"]: line["total"] for line in exact["by_funder"]} == {
        anytown.funder_id: 97500, other.funder_id: 30000}
    assert exact["holder_position"]["expected_bank_balance"] == held
    short = reconcile(anytown.holder_key, held - 1)
    assert short["difference"] == -1 and short["shortfall"] == 1 and not short["reconciled"]
    over = reconcile(anytown.holder_key, held + 250)
    assert over["difference"] == 250 and over["shortfall"] == 0 and not over["reconciled"]

    # As of a day before the other council's money arrived.
    assert reconcile(anytown.holder_key, 97500, on="2026-04-12")["reconciled"]
    # Each funder sees its own line only, and no view of the holder's own books.
    own = reconcile(other.funder_key, 30000)
    assert [line["funder_id"] for line in own["by_funder"]] == [other.funder_id]
    assert own["reconciled"] and own["holder_position"] is None
    assert api.get("/v1/reports/reconciliation", other.holder_key,
                   params={"holder_id": anytown.holder_id, "bank_balance": 0}).status == 404


def test_a_poller_reading_while_others_write_sees_every_event_once_in_order(council: Council) -> None:
    api = council.api
    wallets = [council.wallet(person_ref=f"E-{n}") for n in range(4)]
    writers, each = 4, 8
    done = threading.Event()
    start = threading.Barrier(writers + 1)

    def write(n: int) -> list[str]:
        start.wait()
        made = []
        for i in range(each):
            made.append(council.fund(wallets[n], 100 + i)["id"])
        return made

    def poll() -> list[dict[str, Any]]:
        start.wait()
        seen: list[dict[str, Any]] = []
        after, finished = 0, False
        while not finished:
            finished = done.is_set()  # one more full read after the writers stop
            while True:
                page = api.get("/v1/events", council.funder_key, params={"after": after, "limit": 7}).body
                seen.extend(page["items"])
                if not page["items"]:
                    break
                after = page["next_after"]
        return seen

    with ThreadPoolExecutor(writers + 1) as pool:
        poller = pool.submit(poll)
        try:
            made = [t for future in [pool.submit(write, n) for n in range(writers)] for t in future.result(timeout=300)]
        finally:
            done.set()  # a failed writer must not leave the poller polling for ever
        seen = poller.result(timeout=300)

    seqs = [event["seq"] for event in seen]
    assert seqs == sorted(set(seqs)), "events repeated or out of order"
    posted = [event["data"]["transaction_id"] for event in seen if event["type"] == "transaction.posted"]
    assert sorted(posted) == sorted(made) and len(made) == writers * each
    # The holder's feed tells it the same transactions, under its own numbering.
    holder_seen = api.get("/v1/events", council.holder_key, params={"limit": 500}).body["items"]
    assert {e["data"]["transaction_id"] for e in holder_seen if e["type"] == "transaction.posted"} == set(made)

"""A holder's journal export for its accounting system: every posting in a period, as a CSV file
an accountant can import and tie out, or as JSON pages."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api
from tests.test_trust_journal import auditor_of
from wallet.usecases import journal_export

APRIL = {"from": "2026-04-01", "to": "2026-04-30"}
SECRETS = ("JX-SECRET-ANNE", "JX-SECRET-BILL", "JX-SECRET-CARA")


@dataclass
class Month:
    council: Council
    other: Council  # another council whose person the same holder also holds
    anne: str
    bill: str
    cara: str  # the other council's wallet
    april: list[str]  # every transaction dated in April, in the order made
    fee_funding: str


def a_month(api: Api) -> Month:
    council = Council.create(api, "Anytown")
    other = Council.create(api, "Otherby")
    other.accredit(council.holder_id)
    policy = council.policy("fees", management_fee={"percent_bp": 500}, approval_threshold=50000)
    anne = council.wallet(policy, person_ref=SECRETS[0])
    bill = council.wallet(policy, person_ref=SECRETS[1])
    cara = other.wallet(person_ref=SECRETS[2], holder_id=council.holder_id)
    made = [council.fund(anne, 100000, on="2026-04-06")["id"], council.fund(bill, 60000, on="2026-04-06")["id"],
            other.fund(cara, 30000, on="2026-04-08")["id"]]
    paid = council.pay(anne, 2500, on="2026-04-10")
    assert paid.status == 201, paid.body
    made.append(paid.body["transaction"]["id"])
    hold = api.post(f"/v1/wallets/{anne}/holds", council.holder_key, {"amount": 10000, "category": "invoice"})
    assert hold.status == 201, hold.body
    captured = api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key,
                        {"amount": 6000, "effective_date": "2026-04-15"})
    assert captured.status == 200, captured.body
    made.append(captured.body["payment"]["transaction"]["id"])
    pool = api.post("/v1/pools", council.holder_key, {"name": "driver", "split": "equal", "joined_on": "2026-04-06",
                                                      "members": [{"wallet_id": anne}, {"wallet_id": bill}]})
    assert pool.status == 201, pool.body
    contribution = api.post(f"/v1/pools/{pool.body['id']}/contributions", council.holder_key,
                            {"effective_date": "2026-04-07", "amount": 8000})
    assert contribution.status == 201, contribution.body
    made.append(contribution.body["id"])
    pool_paid = api.post(f"/v1/pools/{pool.body['id']}/payments", council.holder_key,
                         {"amount": 5000, "category": "transport", "effective_date": "2026-04-12"})
    assert pool_paid.status == 201, pool_paid.body
    made.append(pool_paid.body["transaction"]["id"])
    reversal = api.post(f"/v1/transactions/{paid.body['transaction']['id']}/reversals", council.holder_key,
                        {"effective_date": "2026-04-11", "reason": "paid twice"})
    assert reversal.status == 201, reversal.body
    made.append(reversal.body["id"])
    council.fund(anne, 20000, on="2026-05-04")  # outside April
    return Month(council, other, anne, bill, cara, made, made[0])


@pytest.fixture
def month(api: Api) -> Month:
    return a_month(api)


def export_csv(api: Api, key: str, holder_id: str, **params: Any) -> list[dict[str, str]]:
    return csv_export(api, key, holder_id, **params)[0]


def csv_export(api: Api, key: str, holder_id: str, **params: Any) -> tuple[list[dict[str, str]], Any]:
    """The file's rows, and the response headers that carry its totals."""
    response = api.client.get("/v1/reports/journal", headers={"Authorization": f"Bearer {key}"},
                              params={"holder_id": holder_id, "format": "csv", **APRIL, **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    first, last = params.get("from", APRIL["from"]), params.get("to", APRIL["to"])
    assert response.headers["content-disposition"] == f'attachment; filename="journal-{holder_id}-{first}-{last}.csv"'
    text = response.content.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert not any(secret in text for secret in SECRETS)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # Every row is a posting: nothing an importer would read as a journal line that is not one.
    assert all(r["kind"] != "summary" and r["posting_id"].isdigit() for r in rows)
    return rows, response.headers


def export_json(api: Api, key: str, holder_id: str, **params: Any) -> dict[str, Any]:
    response = api.get("/v1/reports/journal", key, params={"holder_id": holder_id, **APRIL, **params})
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def posted_postings(api: Api, key: str, transaction_ids: list[str]) -> list[tuple[str, str, int, int]]:
    """(transaction, account, debit, credit) of every posted posting, as GET /v1/transactions reads them."""
    found = []
    for transaction_id in transaction_ids:
        body = api.get(f"/v1/transactions/{transaction_id}", key).body
        for p in body["postings"]:
            if p["phase"] == "posted":
                debit = p["amount"] if p["side"] == "debit" else 0
                found.append((transaction_id, p["account"], debit, p["amount"] - debit))
    return found


def as_tuples(rows: list[dict[str, str]]) -> list[tuple[str, str, int, int]]:
    return [(r["transaction_id"], r["account"], int(r["debit_minor_units"]), int(r["credit_minor_units"]))
            for r in rows]


def test_the_holders_csv_has_every_posted_posting_and_ties_out(month: Month) -> None:
    api, council = month.council.api, month.council
    rows, headers = csv_export(api, council.holder_key, council.holder_id)
    assert rows
    assert (headers["x-journal-balanced"], headers["x-journal-whole-book"], headers["x-journal-net"]) == (
        "true", "true", "0")
    assert int(headers["x-journal-debit"]) == sum(int(r["debit_minor_units"]) for r in rows)
    assert {r["kind_label"] for r in rows if r["kind"] == "payment"} == {"Payment for support"}
    assert sorted(as_tuples(rows)) == sorted(posted_postings(api, api.admin_key, month.april))
    assert {r["transaction_id"] for r in rows} == set(month.april)
    debit = sum(int(r["debit_minor_units"]) for r in rows)
    assert debit == sum(int(r["credit_minor_units"]) for r in rows) > 0
    for r in rows:
        assert r["debit"] == f"{int(r['debit_minor_units']) / 100:.2f}" and r["currency"] == "GBP"
        assert r["phase"] == "posted" and "2026-04-01" <= r["effective_date"] <= "2026-04-30"

    fee = [r for r in rows if r["transaction_id"] == month.fee_funding and r["memo"] == "management_fee"]
    assert any(r["account"].startswith(f"holder:{council.holder_id}:fee_income:wallet:") for r in fee)
    assert sum(int(r["credit_minor_units"]) for r in fee if ":fee_income:" in r["account"]) == 5000
    shares = [r for r in rows if r["account"].startswith("pool:")]
    assert shares and all(r["pool_id"] and r["wallet_id"] in (month.anne, month.bill) for r in shares)
    available = [r for r in rows if ":available:" in r["account"]]
    assert available and all(r["source"] == "funder" and r["wallet_id"] for r in available)
    # Journal order, then posting id.
    order = [(r["recorded_at"], int(r["posting_id"])) for r in rows]
    assert [p for _, p in order] == sorted(p for _, p in order)

    assert export_csv(api, api.admin_key, council.holder_id) == rows


def test_the_csv_reads_in_batches_without_losing_or_repeating_a_row(month: Month,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    api, council = month.council.api, month.council
    whole = export_csv(api, council.holder_key, council.holder_id)
    monkeypatch.setattr(journal_export, "BATCH_SIZE", 3)
    assert len(whole) > 3  # several batches
    assert export_csv(api, council.holder_key, council.holder_id) == whole


def test_the_period_filters_by_value_date(month: Month) -> None:
    api, council = month.council.api, month.council
    early = export_csv(api, council.holder_key, council.holder_id, to="2026-04-07")
    assert {r["transaction_id"] for r in early} == set(month.april[:2]) | {month.april[-3]}  # fundings, contribution
    may = export_csv(api, council.holder_key, council.holder_id, **{"from": "2026-05-01", "to": "2026-05-31"})
    assert {r["effective_date"] for r in may} == {"2026-05-04"} and len({r["transaction_id"] for r in may}) == 1
    assert export_csv(api, council.holder_key, council.holder_id, **{"from": "2026-06-01", "to": "2026-06-30"}) == []


def test_json_pages_join_up_to_the_csv_rows(month: Month) -> None:
    api, council = month.council.api, month.council
    rows = as_tuples(export_csv(api, council.holder_key, council.holder_id))
    joined: list[tuple[str, str, int, int]] = []
    cursor = None
    while True:
        page = export_json(api, council.holder_key, council.holder_id, limit=4, **({"cursor": cursor} if cursor else {}))
        assert page["holder_id"] == council.holder_id and (page["from"], page["to"]) == (APRIL["from"], APRIL["to"])
        assert page["whole_book"] and page["balanced"] and page["totals"]["net"] == 0
        joined += [(r["transaction_id"], r["account"], r["debit"], r["credit"]) for r in page["rows"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert joined == rows
    assert page["totals"]["debit"] == page["totals"]["credit"] == sum(debit for _, _, debit, _ in rows)


def test_pending_rows_come_only_when_asked(month: Month) -> None:
    api, council = month.council.api, month.council
    waiting = council.pay(month.bill, 51000, "equipment", on="2026-04-20")
    assert waiting.status == 202, waiting.body
    posted = export_json(api, council.holder_key, council.holder_id, limit=500)["rows"]
    everything = export_json(api, council.holder_key, council.holder_id, limit=500, include_pending="true")
    pending = [r for r in everything["rows"] if r["phase"] != "posted"]
    assert pending and {r["phase"] for r in pending} <= {"pending", "release"}
    assert len(everything["rows"]) == len(posted) + len(pending) and everything["balanced"]


def test_a_funder_sees_only_the_wallets_it_funds_there(month: Month) -> None:
    api, council, other = month.council.api, month.council, month.other
    lines, headers = csv_export(api, other.funder_key, council.holder_id)
    assert lines and {r["wallet_id"] for r in lines} == {month.cara}
    # Part of the book need not balance: the headers say so, and give the totals to tie it out.
    assert (headers["x-journal-balanced"], headers["x-journal-whole-book"]) == ("false", "false")
    assert int(headers["x-journal-credit"]) == sum(int(r["credit_minor_units"]) for r in lines) == 30000
    assert int(headers["x-journal-net"]) == -30000
    body = export_json(api, other.funder_key, council.holder_id)
    assert not body["whole_book"] and not body["balanced"] and body["totals"]["net"] == -30000
    mine = export_json(api, council.funder_key, council.holder_id, limit=500)["rows"]
    assert {r["wallet_id"] for r in mine} == {month.anne, month.bill}


def test_an_auditor_with_a_one_wallet_grant_sees_only_that_wallet(month: Month) -> None:
    api, council = month.council.api, month.council
    key = auditor_of(council, [month.bill])
    rows, headers = csv_export(api, key, council.holder_id)
    assert headers["x-journal-whole-book"] == "false"
    assert {r["wallet_id"] for r in rows} == {month.bill}
    assert {r["wallet_id"] for r in export_json(api, key, council.holder_id, limit=500)["rows"]} == {month.bill}


@pytest.mark.parametrize("period, reason", [
    ({"from": "2026-04-30", "to": "2026-04-01"}, "before it starts"),
    ({"from": "2026-01-01", "to": "2027-01-02"}, "367 days"),
])
def test_bad_periods_are_refused(month: Month, period: dict[str, str], reason: str) -> None:
    council = month.council
    response = council.api.get("/v1/reports/journal", council.holder_key,
                               params={"holder_id": council.holder_id, **period})
    assert response.status == 422 and response.body["type"].endswith("invalid-export-period")
    assert reason in response.body["detail"]
    missing = council.api.get("/v1/reports/journal", council.holder_key,
                              params={"holder_id": council.holder_id, "from": "2026-04-01"})
    assert missing.status == 422


def test_a_leap_year_fits_in_one_export(month: Month) -> None:
    council = month.council
    assert export_json(council.api, council.holder_key, council.holder_id,
                       **{"from": "2028-01-01", "to": "2028-12-31"})["rows"] == []


def test_others_are_refused(month: Month) -> None:
    api, council = month.council.api, month.council
    stranger = Council.create(api, "Elsewhere")
    for key in (stranger.holder_key, stranger.funder_key, auditor_of(stranger)):
        response = api.get("/v1/reports/journal", key, params={"holder_id": council.holder_id, **APRIL})
        assert response.status == 404 and response.body["type"].endswith("holder-not-found"), response.body
    person = api.key_for(council.funder_id, "person", wallet_id=month.anne, issuer=council.funder_key)
    assert api.get("/v1/reports/journal", person, params={"holder_id": council.holder_id, **APRIL}).status == 403
    assert api.get("/v1/reports/journal", api.admin_key,
                   params={"holder_id": council.funder_id, **APRIL}).status == 404
    unknown = api.get("/v1/reports/journal", council.holder_key,
                      params={"holder_id": council.holder_id, "format": "xlsx", **APRIL})
    assert unknown.status == 406

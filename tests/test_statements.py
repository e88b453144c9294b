"""A wallet's journal, its statement for a period, and its balances at past moments, through HTTP.

Every figure the service shows is checked against a recomputation from the raw postings here.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.scenario import Council
from tests.support import Api
from wallet.domain.labels import day_month_year
from wallet.persistence.tables import accounts, postings, transactions

TODAY = date.today()
# A month around today, because holds are always dated the day they are placed; it ends
# tomorrow so a run that crosses midnight still finds them inside.
FIRST = TODAY - timedelta(days=27)
END = TODAY + timedelta(days=1)
OPENED = FIRST - timedelta(days=14)


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def day(offset: int) -> str:
    return (FIRST + timedelta(days=offset)).isoformat()


def statement(council: Council, wallet: str, first: str, last: str, key: str | None = None, **params: Any):  # type: ignore[no-untyped-def]
    return council.api.get(f"/v1/wallets/{wallet}/statement", key or council.funder_key,
                           params={"from": first, "to": last, **params})


def ok_statement(council: Council, wallet: str, first: str, last: str, key: str | None = None) -> dict[str, Any]:
    response = statement(council, wallet, first, last, key)
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def held_through(api: Api, wallet: str, last: date) -> int:
    """Everything held for the person from the raw postings dated on or before ``last``."""
    signed = {"credit": 1, "debit": -1}
    with api.database.reader() as session:
        rows = session.execute(
            select(postings.c.side, postings.c.amount)
            .join(accounts, accounts.c.id == postings.c.account_id)
            .join(transactions, transactions.c.seq == postings.c.transaction_seq)
            .where(accounts.c.wallet_id == wallet, accounts.c.normal_side == "credit",
                   postings.c.phase == "posted", transactions.c.effective_date <= last)
        ).all()
    return sum(signed[side] * amount for side, amount in rows)


def lines_of(body: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    return [(line["section"], line["code"], line["pot"], line["amount"]) for line in body["lines"]]


def assert_adds_up(body: dict[str, Any]) -> None:
    assert body["reconciled"] is True
    assert body["opening"]["total"] + sum(line["amount"] for line in body["lines"]) == body["closing"]["total"]
    assert body["movement"] == body["closing"]["total"] - body["opening"]["total"]
    assert sum(t["amount"] for t in body["totals"]) == body["movement"]
    for edge in (body["opening"], body["closing"]):
        assert edge["total"] == edge["available"] + edge["savings"] + edge["in_pools"]
        assert edge["available"] == sum(edge["by_source"].values())


def realistic_month(council: Council) -> str:
    """Two sources, several categories, a 5% fee, a hold part-captured, an approval, a reversal."""
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}, approval_threshold=50000),
                            opened_on=OPENED.isoformat())
    council.fund(wallet, 50000, on=OPENED.isoformat())  # before the month: the opening balance
    council.fund(wallet, 140000, on=day(0))
    council.fund(wallet, 20000, "person_contribution", on=day(1))
    assert council.pay(wallet, 30000, "personal_assistant", on=day(3)).status == 201
    transport = council.pay(wallet, 4550, "transport", on=day(5))
    assert council.pay(wallet, 12000, "activities", on=day(7)).status == 201
    assert council.pay(wallet, 25000, "personal_assistant", on=day(10)).status == 201
    waiting = council.pay(wallet, 60000, "equipment", on=day(12))
    assert waiting.status == 202
    approved = council.api.post(f"/v1/approvals/{waiting.body['approval']['id']}/approve", council.funder_key)
    assert approved.status == 200
    reversal = council.api.post(f"/v1/transactions/{transport.body['transaction']['id']}/reversals",
                                council.holder_key, {"effective_date": day(6), "reason": "paid twice"})
    assert reversal.status == 201
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                            {"amount": 30000, "category": "invoice", "reference": "INV-88"})
    assert hold.status == 201
    capture = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key,
                               {"amount": 18000, "effective_date": TODAY.isoformat()})
    assert capture.status == 200, capture.body
    return wallet


# --- the statement ------------------------------------------------------------------------------


def test_a_realistic_month_to_the_penny(council: Council) -> None:
    wallet = realistic_month(council)
    body = ok_statement(council, wallet, day(0), END.isoformat())
    assert body["period"] == {"from": day(0), "to": END.isoformat()}
    assert body["opening"]["total"] == 47500 and body["opening"]["display"]["total"] == "£475.00"
    assert body["opening"]["by_source"] == {"funder": 47500, "person_contribution": 0, "nhs": 0, "top_up": 0}
    assert (body["funder_name"], body["holder_name"]) == ("Southwark Council", "Thrive Support Ltd")
    assert lines_of(body) == [
        ("money_in", "funder", "available", 140000),
        ("money_in", "person_contribution", "available", 20000),
        ("money_out", "activities", "available", -12000),
        ("money_out", "equipment", "available", -60000),
        ("money_out", "invoice", "available", -18000),
        ("money_out", "personal_assistant", "available", -55000),
        ("money_out", "transport", "available", 0),  # paid and reversed: nets out where it happened
        ("fees", "management_fee", "available", -7000),
    ]
    # Plain words beside each code, for the person and their family.
    assert [line["label"] for line in body["lines"]] == [
        "Council funding", "Your contribution", "Activities", "Equipment", "Invoice", "Personal assistant",
        "Transport", "Management fee"]
    assert {t["section"]: t["amount"] for t in body["totals"]} == {
        "money_in": 160000, "money_out": -145000, "fees": -7000}
    # Every payment on its own line, by value date; the reversal is its own entry, so they add up
    # to the money out lines.
    assert [(p["effective_date"], p["kind"], p["category_label"], p["amount"]) for p in body["payments"]] == [
        (day(3), "payment", "Personal assistant", -30000),
        (day(5), "payment", "Transport", -4550),
        (day(6), "reversal", "Transport", 4550),
        (day(7), "payment", "Activities", -12000),
        (day(10), "payment", "Personal assistant", -25000),
        (day(12), "payment", "Equipment", -60000),
        (TODAY.isoformat(), "hold_capture", "Invoice", -18000),
    ]
    assert sum(p["amount"] for p in body["payments"]) == -145000
    assert body["payments"][0]["payee"] == "PA-17" and body["payments"][0]["kind_label"] == "Payment for support"
    assert body["hours"] is None  # the policy sets no hourly rate
    assert body["closing"]["total"] == 55500 and body["closing"]["display"]["total"] == "£555.00"
    assert body["holds"] == {"committed_at_start": 0, "placed": 30000, "captured": 18000, "sent_for_approval": 0,
                             "released": 12000, "committed_at_end": 0}
    assert body["awaiting_approval"] == {"at_start": 0, "requested": 60000, "approved": 60000, "rejected": 0,
                                         "at_end": 0}
    assert_adds_up(body)
    # The closing is what the raw postings say, and what the wallet holds now.
    assert body["closing"]["total"] == held_through(council.api, wallet, END)
    balances = council.balances(wallet)
    assert body["closing"]["total"] == balances["available"] + balances["savings"] + balances["in_pools"]
    assert body["closing"]["by_source"] == balances["by_source"]


def test_the_csv_is_for_an_accountant_and_adds_up(council: Council) -> None:
    wallet = realistic_month(council)
    response = statement(council, wallet, day(0), END.isoformat(), format="csv")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="statement-{wallet}-{day(0)}-{END.isoformat()}.csv"')
    rows = list(csv.DictReader(io.StringIO(response.body)))
    assert list(rows[0]) == ["section", "code", "label", "amount_minor_units", "amount"]
    opening = next(r for r in rows if r["section"] == "opening")
    closing = next(r for r in rows if r["section"] == "closing")
    moves = [r for r in rows if r["section"] not in ("opening", "closing") and not r["section"].startswith("pending:")]
    assert (int(opening["amount_minor_units"]), int(closing["amount_minor_units"])) == (47500, 55500)
    assert int(opening["amount_minor_units"]) + sum(int(r["amount_minor_units"]) for r in moves) == 55500
    for row in rows:  # the plain amount is the same money, readable as a number
        assert round(float(row["amount"]) * 100) == int(row["amount_minor_units"])
    assert {(r["code"], r["label"], r["amount"]) for r in moves if r["section"] == "money_out"} >= {
        ("personal_assistant", "Personal assistant", "-550.00"), ("invoice", "Invoice", "-180.00")}
    assert {(r["code"], r["label"]) for r in moves if r["section"] == "money_in"} == {
        ("funder", "Council funding"), ("person_contribution", "Your contribution")}
    assert opening["label"] == f"Held at the end of {day_month_year(FIRST - timedelta(days=1))}"
    pending = {(r["section"], r["code"]): int(r["amount_minor_units"]) for r in rows if r["section"].startswith("pending:")}
    assert pending[("pending:holds", "captured")] == 18000
    assert next(r["label"] for r in rows if r["code"] == "captured") == "Paid from money set aside"


def test_a_period_that_starts_mid_history_opens_with_what_was_held(council: Council) -> None:
    wallet = realistic_month(council)
    live = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 5000, "category": "wages"})
    assert live.status == 201
    body = ok_statement(council, wallet, day(8), END.isoformat())
    assert body["opening"]["total"] == held_through(council.api, wallet, FIRST + timedelta(days=7)) == 158500
    assert_adds_up(body)
    # A live hold is set aside, not spent: it is still held (posted) and shown as committed.
    assert body["holds"]["committed_at_end"] == 5000
    balances = council.balances(wallet)
    assert body["closing"]["total"] == balances["available"] + balances["committed"] == 55500
    # A period that ends before the latest posting closes on the postings dated up to its end.
    earlier = ok_statement(council, wallet, day(2), day(11))
    assert earlier["closing"]["total"] == held_through(council.api, wallet, FIRST + timedelta(days=11))
    assert earlier["awaiting_approval"]["at_end"] == 0 and earlier["holds"]["placed"] == 0
    assert_adds_up(earlier)
    # An empty period: nothing moved, opening equals closing.
    quiet = ok_statement(council, wallet, (OPENED + timedelta(days=1)).isoformat(), (OPENED + timedelta(days=2)).isoformat())
    assert quiet["lines"] == [] and quiet["opening"]["total"] == quiet["closing"]["total"] == 47500


def test_an_overspend_shows_the_full_cost_and_what_the_holders_reserve_covered(council: Council) -> None:
    wallet = council.wallet(council.policy(overspend="holder_reserve", overspend_limit=5000), opened_on=OPENED.isoformat())
    council.fund(wallet, 10000, on=day(0))
    assert council.pay(wallet, 13000, "personal_assistant", on=day(1)).status == 201
    body = ok_statement(council, wallet, day(0), day(2))
    assert lines_of(body) == [
        ("money_in", "funder", "available", 10000),
        ("money_out", "personal_assistant", "available", -13000),
        ("holder_reserve", "covered_by_holder_reserve", "available", 3000),
    ]
    assert body["closing"]["total"] == 0
    assert_adds_up(body)


def test_pool_money_is_still_the_persons_and_its_spending_is_shown(council: Council) -> None:
    policy = council.policy()
    mine = council.wallet(policy, person_ref="P-A", opened_on=OPENED.isoformat())
    theirs = council.wallet(policy, person_ref="P-B", opened_on=OPENED.isoformat())
    for wallet in (mine, theirs):
        council.fund(wallet, 20000, on=day(0))
    pool = council.api.post("/v1/pools", council.holder_key, {
        "name": "Cooking", "split": "equal", "joined_on": day(0),
        "members": [{"wallet_id": mine}, {"wallet_id": theirs}]})
    assert pool.status == 201, pool.body
    pool_id = pool.body["id"]
    assert council.api.post(f"/v1/pools/{pool_id}/contributions", council.holder_key,
                            {"amount": 10000, "effective_date": day(1)}).status == 201
    assert council.api.post(f"/v1/pools/{pool_id}/payments", council.holder_key,
                            {"amount": 5000, "category": "activities", "effective_date": day(2)}).status == 201
    body = ok_statement(council, mine, day(0), day(2))
    assert lines_of(body) == [
        ("money_in", "funder", "available", 20000),
        ("pools", "contributions", "available", -5000),
        ("pools", "contributions", "pools", 5000),
        ("pools", "payments", "pools", -2500),
    ]
    assert (body["closing"]["available"], body["closing"]["in_pools"], body["closing"]["total"]) == (15000, 2500, 17500)
    assert_adds_up(body)
    balances = council.balances(mine)
    assert body["closing"]["total"] == balances["available"] + balances["savings"] + balances["in_pools"]
    # The journal of one member never shows the other's lines to a person.
    person = council.api.key_for(council.funder_id, "person", wallet_id=mine, issuer=council.funder_key)
    journal = council.api.get(f"/v1/wallets/{mine}/transactions", person).body["items"]
    assert journal and not any(theirs in p["account"] for t in journal for p in t["postings"])


def test_a_statement_that_would_not_add_up_is_refused_not_printed(council: Council, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wallet.persistence.statement_repository import StatementRepository

    wallet = realistic_month(council)
    honest = StatementRepository.line_postings
    monkeypatch.setattr(StatementRepository, "line_postings",
                        lambda self, *args, **kw: honest(self, *args, **kw)[1:])  # lose one line's postings
    response = statement(council, wallet, day(0), END.isoformat())
    assert response.status == 500 and response.body["type"] == "internal-error"
    assert "reconciled" not in response.body


def test_statement_requests_are_checked(council: Council) -> None:
    wallet = council.wallet()
    backwards = statement(council, wallet, "2026-05-01", "2026-04-30")
    assert backwards.status == 422 and backwards.body["type"] == "invalid-statement-period"
    missing = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key, params={"from": "2026-04-01"})
    assert missing.status == 422 and missing.body["type"] == "validation-error"
    unknown = statement(council, wallet, "2026-04-01", "2026-04-30", format="xml")
    assert unknown.status == 406 and unknown.headers["content-type"] == "application/problem+json"
    assert unknown.body["supported_formats"] == ["json", "csv", "pdf"]
    one_day = ok_statement(council, wallet, "2026-04-06", "2026-04-06")
    assert one_day["opening"]["total"] == one_day["closing"]["total"] == 0 and one_day["reconciled"]


# --- who may see it -----------------------------------------------------------------------------


def test_only_those_who_may_see_the_wallet_see_its_statement_and_journal(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10000)
    other = Council.create(council.api, "Another Council")
    elsewhere = other.wallet()
    own_person = council.api.key_for(council.funder_id, "person", wallet_id=wallet, issuer=council.funder_key)
    other_person = council.api.key_for(council.funder_id, "person", wallet_id=council.wallet(person_ref="P-2"),
                                       issuer=council.funder_key)
    for key in (council.funder_key, council.holder_key, own_person, council.api.admin_key):
        assert statement(council, wallet, "2026-04-01", "2026-04-30", key).status == 200
        assert council.api.get(f"/v1/wallets/{wallet}/transactions", key).status == 200
    for key in (other.funder_key, other.holder_key, other_person):
        for response in (statement(council, wallet, "2026-04-01", "2026-04-30", key),
                         statement(council, wallet, "2026-04-01", "2026-04-30", key, format="csv"),
                         council.api.get(f"/v1/wallets/{wallet}/transactions", key)):
            assert response.status == 404 and response.body["type"] == "wallet-not-found"
    assert statement(council, elsewhere, "2026-04-01", "2026-04-30").status == 404
    assert statement(council, "no-such-wallet", "2026-04-01", "2026-04-30").status == 404


# --- the journal --------------------------------------------------------------------------------


def test_the_journal_pages_newest_last_without_repeats(council: Council) -> None:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}))
    made = [council.fund(wallet, 10000, on="2026-04-06")["id"], council.fund(wallet, 5000, on="2026-04-07")["id"],
            council.pay(wallet, 1000, on="2026-04-08").body["transaction"]["id"],
            council.fund(wallet, 2000, "top_up", on="2026-04-09")["id"],
            council.pay(wallet, 500, "transport", on="2026-04-10").body["transaction"]["id"]]
    council.fund(council.wallet(person_ref="P-other"), 9999)  # another wallet's money is not in this journal
    seen: list[dict[str, Any]] = []
    pages, cursor = 0, None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = council.api.get(f"/v1/wallets/{wallet}/transactions", council.holder_key, params=params)
        assert response.status == 200, response.body
        seen += response.body["items"]
        pages += 1
        cursor = response.body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert [t["id"] for t in seen] == made
    recorded = [t["recorded_at"] for t in seen]
    assert recorded == sorted(recorded)
    # Each transaction comes whole: the funding's fee and the holder's side are there too.
    first = seen[0]
    assert {(p["account"].split(":")[0], p["side"], p["amount"]) for p in first["postings"]} == {
        ("holder", "debit", 10000), ("wallet", "credit", 10000), ("wallet", "debit", 500), ("holder", "credit", 500)}
    dated = council.api.get(f"/v1/wallets/{wallet}/transactions", council.funder_key,
                            params={"from": "2026-04-07", "to": "2026-04-09"}).body
    assert [t["id"] for t in dated["items"]] == made[1:4] and dated["next_cursor"] is None
    bad = council.api.get(f"/v1/wallets/{wallet}/transactions", council.funder_key, params={"cursor": "eyJzZXEiOiJ4In0"})
    assert bad.status == 400 and bad.body["type"].endswith("invalid-cursor")


# --- balances at past moments -------------------------------------------------------------------


def recomputed_at(api: Api, wallet: str, moment: datetime) -> dict[str, Any]:
    """Balances from every posting recorded up to ``moment``, summed from scratch."""
    with api.database.reader() as session:
        rows = session.execute(
            select(accounts.c.code, postings.c.side, postings.c.phase, postings.c.amount)
            .join(accounts, accounts.c.id == postings.c.account_id)
            .where(accounts.c.wallet_id == wallet, postings.c.recorded_at <= moment)
        ).all()
    posted: dict[str, int] = {}
    pending: dict[tuple[str, str], int] = {}
    for code, side, phase, amount in rows:
        if phase == "posted":
            posted[code] = posted.get(code, 0) + (amount if side == "credit" else -amount)
        else:
            pending[(code, side)] = pending.get((code, side), 0) + (amount if phase == "pending" else -amount)
    prefix = f"wallet:{wallet}:"
    by_source = {s: posted.get(f"{prefix}available:{s}", 0) - pending.get((f"{prefix}available:{s}", "debit"), 0)
                 for s in ("funder", "person_contribution", "nhs", "top_up")}
    return {"available": sum(by_source.values()), "by_source": by_source,
            "committed": pending.get((f"{prefix}committed", "credit"), 0),
            "awaiting_approval": pending.get((f"{prefix}awaiting_approval", "credit"), 0),
            "savings": posted.get(f"{prefix}savings", 0)}


def test_balances_at_past_moments_equal_a_recomputation_from_postings(council: Council) -> None:
    wallet = council.wallet(council.policy(approval_threshold=20000, management_fee={"percent_bp": 1000}))
    moments: list[datetime] = []

    def step(response_body: dict[str, Any]) -> None:
        transaction = response_body.get("transaction", response_body)
        recorded = datetime.fromisoformat(transaction["recorded_at"])
        moments.extend([recorded - timedelta(microseconds=1), recorded])

    step(council.fund(wallet, 60000))
    step(council.fund(wallet, 8000, "person_contribution"))
    step(council.pay(wallet, 3000).body)
    waiting = council.pay(wallet, 25000, "equipment")
    step(waiting.body)
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 7000, "category": "invoice"})
    step(hold.body)
    step(council.api.post(f"/v1/approvals/{waiting.body['approval']['id']}/approve", council.funder_key).body)
    step(council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 4000}).body["payment"])
    second = council.pay(wallet, 21000, "holiday")
    step(second.body)
    step(council.api.post(f"/v1/approvals/{second.body['approval']['id']}/reject", council.funder_key).body)
    moments.append(datetime.now(timezone.utc))
    interesting = {"awaiting": False, "committed": False}
    for moment in moments:
        response = council.api.get(f"/v1/wallets/{wallet}/balance", council.funder_key,
                                   params={"as_of": moment.isoformat()})
        assert response.status == 200, response.body
        expected = recomputed_at(council.api, wallet, moment)
        got = response.body["balances"]
        assert {k: got[k] for k in expected} == expected, moment
        interesting["awaiting"] |= got["awaiting_approval"] > 0
        interesting["committed"] |= got["committed"] > 0
    assert interesting == {"awaiting": True, "committed": True}
    assert recomputed_at(council.api, wallet, moments[-1])["available"] == council.balances(wallet)["available"]


# --- any period of any history adds up ----------------------------------------------------------

operations = st.lists(
    st.tuples(st.sampled_from(["fund", "fund", "pay", "reverse"]), st.integers(1, 50000),
              st.sampled_from(["funder", "person_contribution", "nhs"]), st.integers(0, 40)),
    min_size=1, max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=operations, period=st.tuples(st.integers(0, 45), st.integers(0, 45)))
def test_any_period_of_any_history_reconciles(api: Api, history: list[tuple[str, int, str, int]],
                                              period: tuple[int, int]) -> None:
    council = Council.create(api)
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 750}), opened_on="2026-04-01")
    start = date(2026, 4, 1)
    posted: list[tuple[str, str]] = []  # (transaction id, who may reverse it)
    for action, amount, source, offset in history:
        on = (start + timedelta(days=offset)).isoformat()
        if action == "fund":
            posted.append((council.fund(wallet, amount, source, on=on)["id"], council.funder_key))
        elif action == "pay":
            response = council.pay(wallet, amount, "personal_assistant" if amount % 2 else "transport", on=on)
            if response.status == 201:
                posted.append((response.body["transaction"]["id"], council.holder_key))
        elif posted:
            transaction_id, key = posted.pop(amount % len(posted))
            # Refused if it would overdraw the wallet; either way the statement must add up.
            api.post(f"/v1/transactions/{transaction_id}/reversals", key, {"effective_date": on})
    first, last = sorted(start + timedelta(days=d) for d in period)
    body = ok_statement(council, wallet, first.isoformat(), last.isoformat())
    assert_adds_up(body)
    assert body["opening"]["total"] == held_through(api, wallet, first - timedelta(days=1))
    assert body["closing"]["total"] == held_through(api, wallet, last)
    whole = ok_statement(council, wallet, "2026-04-01", "2026-06-30")
    balances = council.balances(wallet)
    assert whole["closing"]["total"] == balances["available"] == held_through(api, wallet, date(2026, 6, 30))

"""Balances by value date against balances as recorded, through HTTP on both databases.

The auditor's case (issue 15.1): a funding run in December back-fills January. Asked "what did this
person have on 9 January?", the value date answers the funded amount; "as recorded by" a moment
before the run answers £0; both together answer "on 9 January, as known then".
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from tests.scenario import Council
from tests.support import Api
from wallet.persistence.tables import accounts, postings

WEEKLY = 10_000  # £100 a week, paid in advance on each Monday from 5 January 2026


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


def moment() -> str:
    """Now, as the server records it; a pause either side so no posting shares the microsecond."""
    time.sleep(0.01)
    now = datetime.now(timezone.utc).isoformat()
    time.sleep(0.01)
    return now


def available(council: Council, wallet: str, **params: str) -> int:
    response = council.api.get(f"/v1/wallets/{wallet}/balance", council.funder_key, params=params)
    assert response.status == 200, response.body
    assert response.body["on"] == params.get("on")
    return int(response.body["balances"]["available"])


def backfilled_january(council: Council) -> tuple[str, str, str]:
    """A wallet whose January is paid by a funding run made today, then a correction dated 7 January
    recorded after that. Returns the wallet and two moments: before the run, between run and correction."""
    wallet = council.wallet(opened_on="2026-01-05")
    response = council.api.post(f"/v1/wallets/{wallet}/schedules", council.funder_key, {
        "amount": WEEKLY, "source": "funder", "every": "1w", "in_advance": True, "starts_on": "2026-01-05"})
    assert response.status == 201, response.body
    before_run = moment()
    run = council.api.post("/v1/funding-runs", council.funder_key, {"as_of": "2026-01-26"})
    assert run.status == 200, run.body
    # Periods from 5, 12, 19 and 26 January, each dated its first day.
    assert len(run.body["periods_paid"]) == 4
    after_run = moment()
    council.fund(wallet, 500, on="2026-01-07")
    return wallet, before_run, after_run


def test_a_balance_on_a_value_date_counts_what_was_backfilled(council: Council) -> None:
    wallet, before_run, after_run = backfilled_january(council)
    # On 9 January: the period paid on 5 January (10,000) and the correction dated 7 January (500).
    assert available(council, wallet, on="2026-01-09") == 10_500
    # As recorded by a moment before the run: nothing had been recorded, whatever the value date.
    assert available(council, wallet, as_of=before_run) == 0
    assert available(council, wallet, on="2026-01-09", as_of=before_run) == 0
    # On 9 January as known after the run but before the correction: the run's 5 January period only.
    assert available(council, wallet, on="2026-01-09", as_of=after_run) == 10_000
    # As recorded after the run, any value date: the four periods, 4 x 10,000.
    assert available(council, wallet, as_of=after_run) == 40_000
    # On a day before the wallet's first posting; and on the last period's day, everything now.
    assert available(council, wallet, on="2026-01-04") == 0
    assert available(council, wallet, on="2026-01-26") == 40_500
    assert available(council, wallet) == 40_500


def test_statements_and_reports_say_which_and_reconcile(council: Council) -> None:
    wallet, before_run, after_run = backfilled_january(council)
    api = council.api

    def statement(**params: str) -> dict[str, Any]:
        response = api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                           params={"from": "2026-01-01", "to": "2026-01-09", **params})
        assert response.status == 200, response.body
        body = response.body
        assert body["reconciled"] is True
        assert body["opening"]["total"] + sum(line["amount"] for line in body["lines"]) == body["closing"]["total"]
        return body  # type: ignore[no-any-return]

    now = statement()
    assert (now["as_of"], now["opening"]["total"], now["closing"]["total"]) == (None, 0, 10_500)
    then = statement(as_of=after_run)
    assert then["as_of"] is not None and then["closing"]["total"] == 10_000
    assert statement(as_of=before_run)["closing"]["total"] == 0
    # The next week opens where the first closed, as known at the same moment.
    later = api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                    params={"from": "2026-01-10", "to": "2026-01-31", "as_of": after_run}).body
    assert (later["opening"]["total"], later["closing"]["total"]) == (10_000, 40_000)

    def held(**params: str) -> dict[str, Any]:
        response = api.get("/v1/reports/reconciliation", council.holder_key,
                           params={"holder_id": council.holder_id, "bank_balance": 10_500, **params})
        assert response.status == 200, response.body
        return response.body  # type: ignore[no-any-return]

    on_ninth = held(on="2026-01-09")
    assert (on_ninth["on"], on_ninth["as_of"], on_ninth["held_for_people"]) == ("2026-01-09", None, 10_500)
    assert on_ninth["reconciled"]
    assert held(on="2026-01-09", as_of=after_run)["held_for_people"] == 10_000
    assert held(as_of=before_run)["held_for_people"] == 0

    def trial(**params: str) -> dict[str, Any]:
        response = api.get("/v1/reports/trial-balance", api.admin_key, params={"limit": 500, **params})
        assert response.status == 200, response.body
        body = response.body
        assert all(total["balanced"] for total in body["totals"]) and body["ledger_balanced"]
        return body  # type: ignore[no-any-return]

    def wallet_net(body: dict[str, Any]) -> int:
        return sum(line["debit"] - line["credit"] for line in body["lines"] if wallet in line["account"])

    # The wallet's own accounts (its parts of the holder's accounts are on the holder's lines) net,
    # debits minus credits, to minus what the person holds.
    assert wallet_net(trial(on="2026-01-09")) == -10_500
    assert wallet_net(trial(on="2026-01-09", as_of=after_run)) == -10_000
    assert wallet_net(trial(as_of=before_run)) == 0
    assert trial(on="2026-01-09", as_of=after_run)["as_of"] is not None


def test_a_balance_on_any_day_equals_a_recomputation_from_the_postings(council: Council) -> None:
    """Payments, holds captured in part and released, and fundings, dated out of order: on every
    day, as known at every moment, the maintained totals by day agree with the raw postings."""
    api = council.api
    wallet = council.wallet(opened_on="2026-03-01")
    rng = random.Random(15)
    moments: list[str] = []
    for _ in range(12):
        on = (date(2026, 3, 1) + timedelta(days=rng.randrange(40))).isoformat()
        choice = rng.random()
        if choice < 0.4:
            council.fund(wallet, rng.randrange(1_000, 9_000), on=on)
        elif choice < 0.7:
            council.pay(wallet, rng.randrange(100, 900), on=on)
        else:
            hold = api.post(f"/v1/wallets/{wallet}/holds", council.holder_key,
                            {"amount": rng.randrange(100, 500), "category": "invoice"})
            if hold.status == 201:
                api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 50})
        moments.append(moment())
    with api.database.reader() as session:
        rows = session.execute(
            select(postings.c.side, postings.c.phase, postings.c.amount, postings.c.effective_date,
                   postings.c.recorded_at, accounts.c.code)
            .join(accounts, accounts.c.id == postings.c.account_id).where(accounts.c.wallet_id == wallet)).all()

    def recomputed_total(on: date, as_of: datetime) -> int:
        # Everything held for the person: credit-normal accounts, posted money, credits less debits.
        return sum((row.amount if row.side == "credit" else -row.amount) for row in rows
                   if row.phase == "posted" and row.effective_date <= on and row.recorded_at <= as_of
                   and not row.code.startswith("holder:"))

    for as_of in rng.sample(moments, 4):
        for offset in range(0, 45, 4):
            on = date(2026, 3, 1) + timedelta(days=offset)
            response = api.get(f"/v1/wallets/{wallet}/balance", council.funder_key,
                               params={"on": on.isoformat(), "as_of": as_of})
            assert response.status == 200, response.body
            assert response.body["balances"]["total"] == recomputed_total(on, datetime.fromisoformat(as_of)), (on, as_of)


def test_a_value_date_must_be_a_date(council: Council) -> None:
    wallet = council.wallet()
    response = council.api.get(f"/v1/wallets/{wallet}/balance", council.funder_key,
                               params={"on": "2026-01-09T10:00:00Z"})
    assert response.status == 422, response.body

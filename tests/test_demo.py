"""`wallet demo`: the four joint-funding case studies load through the use cases, add up to the
penny, and the keys it prints see what they should and nothing more."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.support import Api
from wallet.cli import app
from wallet.demo import DemoResult, load_demo
from wallet.persistence.db import Database
from wallet.persistence.tables import accounts, organisations

AS_OF = date(2026, 6, 3)  # any day loads the same amounts; a fixed one keeps failures reproducible
WEEKS_FUNDED, FULL_WEEKS = 6, 5


def funded(weekly: int, fee: int) -> int:
    """Six weeks paid in advance, less the management fee on each."""
    return WEEKS_FUNDED * (weekly - fee)


# Northshire charges 5% of each funding; Southvale £5 a week. Every pool takes six weekly
# contributions and pays five weeks of sessions, so one week's contributions stay in each pool.
EXPECTED = {  # name: (available, in_pools, awaiting_approval)
    "David": (funded(18000, 900) - 6 * 4000 - 1850, 4000, 0),        # and a £18.50 taxi
    "Richard": (funded(16000, 500) - 6 * 4000, 4000, 0),
    "Lauren": (funded(15000, 500) - 6 * 6000 - 18000, 6000, 18000),  # the day trip waits, reserved
    "Priya": (funded(15000, 500) - 6 * 6000 - 3500, 6000, 0),         # and a £35 pottery class
    "Andrew": (funded(12000, 600) - 6 * 5000 - 4799, 5000, 0),       # a £60 hold captured at £47.99
    "Mark": (funded(12000, 600) - 6 * 5000, 5000, 0),
    "Ben": (funded(10000, 500) - 6 * 6000, 6000, 0),
    "Maria": (funded(10000, 500) - 6 * 6000, 6000, 0),
    "Lucy": (funded(10000, 500) - 6 * 6000, 6000, 0),
    "Kai": (funded(10000, 500) - 6 * 6000, 6000, 0),
}
POOL_BALANCES = {"shared_driver": 8000, "shared_personal_assistant": 12000, "cooking_sessions": 10000,
                 "personal_trainer": 24000}


@pytest.fixture
def demo(database: Database) -> DemoResult:
    return load_demo(database, AS_OF)


def _ledger_totals(database: Database) -> tuple[int, int]:
    """(posted, pending) debits minus credits over every account: both zero in a balanced ledger."""
    with database.reader() as session:
        posted, pending = session.execute(select(
            func.coalesce(func.sum(accounts.c.debits_posted - accounts.c.credits_posted), 0),
            func.coalesce(func.sum(accounts.c.debits_pending - accounts.c.credits_pending), 0),
        )).one()
        return int(posted), int(pending)


def test_every_members_balance_is_right_to_the_penny(api: Api, demo: DemoResult) -> None:
    for name, (available, in_pools, awaiting) in EXPECTED.items():
        wallet = demo.wallets[name]
        body = api.get(f"/v1/wallets/{wallet.id}", demo.holders[wallet.holder].key).body
        balances = body["balances"]
        assert (balances["available"], balances["in_pools"], balances["awaiting_approval"], balances["committed"]) \
            == (available, in_pools, awaiting, 0), name
        assert body["hours"] is not None, "every demo policy sets an hourly rate"


def test_every_pool_balance_is_the_sum_of_its_members_shares(api: Api, demo: DemoResult) -> None:
    for case, pool in demo.pools.items():
        body = api.get(f"/v1/pools/{pool.id}", demo.holders[pool.holder].key).body
        shares = [m["share"] for m in body["members"]]
        assert body["balance"] == sum(shares) == POOL_BALANCES[case], case
        assert len(set(shares)) == 1, "every case study splits equally between its members"
        for member in body["members"]:
            assert member["contributed"] == WEEKS_FUNDED * member["share"]
            assert member["spent"] == FULL_WEEKS * member["share"]


def test_the_driver_pool_mixes_funders_and_each_sees_only_its_own_member(api: Api, demo: DemoResult) -> None:
    pool = demo.pools["shared_driver"]
    for funder, name in (("northshire", "David"), ("southvale", "Richard")):
        body = api.get(f"/v1/pools/{pool.id}", demo.funders[funder].key).body
        assert [m["wallet_id"] for m in body["members"]] == [demo.wallets[name].id]
        assert body["member_count"] == 2


def test_the_person_key_sees_only_their_own_member_and_wallet(api: Api, demo: DemoResult) -> None:
    lauren = demo.wallets[demo.person_name]
    pool = demo.pools["shared_personal_assistant"]
    view = api.get(f"/v1/pools/{pool.id}", demo.person_key).body
    assert [m["person_ref"] for m in view["members"]] == [lauren.person_ref]
    assert (view["balance"], view["member_count"]) == (12000, 2)
    assert all(set(p["parts"]) == {lauren.id} for p in view["payments"])
    assert api.get(f"/v1/pools/{demo.pools['shared_driver'].id}", demo.person_key).status == 404
    assert api.get(f"/v1/wallets/{demo.wallets['Priya'].id}", demo.person_key).status == 404
    own = api.get(f"/v1/wallets/{lauren.id}", demo.person_key)
    assert own.status == 200 and "hours of support" in own.body["summary"]
    listed = api.get("/v1/wallets", demo.person_key).body["items"]
    assert [w["id"] for w in listed] == [lauren.id]


def test_the_printed_curl_commands_answer(api: Api, demo: DemoResult) -> None:
    lauren = demo.wallets["Lauren"]
    open_door = demo.holders["open_door"].key
    listed = api.get("/v1/wallets", open_door).body["items"]
    held = ("Lauren", "Priya", "Ben", "Maria", "Lucy", "Kai")
    assert {w["person_ref"] for w in listed} == {f"DEMO-{n.upper()}" for n in held}
    assert api.get(f"/v1/pools/{demo.pools['shared_driver'].id}", demo.holders["brightways"].key).status == 200
    statement = api.get(f"/v1/wallets/{lauren.id}/statement", open_door,
                        params={"from": demo.opened_on.isoformat(), "to": demo.as_of.isoformat()})
    assert statement.status == 200, statement.body
    totals = {t["section"]: t["amount"] for t in statement.body["totals"]}
    assert (totals["money_in"], totals["fees"]) == (WEEKS_FUNDED * 15000, -WEEKS_FUNDED * 500)
    assert api.get(f"/v1/wallets/{lauren.id}", demo.person_key).status == 200


def test_the_ledger_sums_to_zero(database: Database, demo: DemoResult) -> None:
    assert _ledger_totals(database) == (0, 0)


def test_a_second_load_adds_a_separate_set(api: Api, database: Database, demo: DemoResult) -> None:
    second = load_demo(database, AS_OF)
    assert (demo.set_number, second.set_number) == (1, 2)
    assert second.funders["northshire"].name == "Northshire County Council (demo 2)"
    assert not {o.id for o in second.funders.values()} & {o.id for o in demo.funders.values()}
    assert second.wallets["David"].person_ref == "DEMO2-DAVID"
    # The first set's keys still see only the first set, and its balances are untouched.
    first = api.get("/v1/wallets", demo.holders["brightways"].key).body["items"]
    assert {w["id"] for w in first} == {demo.wallets[n].id for n in ("David", "Richard", "Andrew", "Mark")}
    david = api.get(f"/v1/wallets/{demo.wallets['David'].id}", demo.holders["brightways"].key).body
    assert david["balances"]["available"] == EXPECTED["David"][0]
    assert _ledger_totals(database) == (0, 0)


def test_wallet_demo_prints_keys_and_curls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLET_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    result = CliRunner().invoke(app, ["demo"])  # dated today, on a database not yet migrated
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    roles = ("admin", "funder", "holder", "person")
    keys = [line.split()[1] for line in lines
            if line.strip().split(" ")[0] in roles and not line.startswith("person page: ")]
    assert len(keys) == 6 and all(k.startswith("wk_") for k in keys)
    assert sum(line.strip().startswith("curl") for line in lines) == 4
    [page] = [line.removeprefix("person page: ") for line in lines if line.startswith("person page: ")]
    assert page.startswith("http://127.0.0.1:8000/me/sign-in/pl_")
    _signs_lauren_in(f"sqlite:///{tmp_path / 'demo.db'}", page)
    again = CliRunner().invoke(app, ["demo", "--as-of", "2026-06-03"])
    assert again.exit_code == 0 and "Loaded demo set 2" in again.output


def _signs_lauren_in(url: str, link: str) -> None:
    """The printed link is a real one: it opens Lauren's own page, once."""
    from fastapi.testclient import TestClient

    from wallet.config import Settings
    from wallet.http.app import create_app

    token = link.rsplit("/", 1)[1]
    database = Database.connect(url)
    try:
        with TestClient(create_app(Settings(database_url=url), database)) as client:
            signed_in = client.post("/me/sign-in", data={"token": token})
            assert signed_in.status_code == 200 and "DEMO-LAUREN" in signed_in.text
            assert client.post("/me/sign-in", data={"token": token}).status_code == 410
    finally:
        database.dispose()


def test_a_refused_load_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("WALLET_DATABASE_URL", url)
    # Funding runs may not look more than a year ahead, so this fails after much has been made.
    result = CliRunner().invoke(app, ["demo", "--as-of", "2099-01-05"])
    assert result.exit_code == 1
    assert "nothing was stored" in result.output
    database = Database.connect(url)
    try:
        with database.reader() as session:
            assert session.execute(select(func.count()).select_from(organisations)).scalar_one() == 0
    finally:
        database.dispose()

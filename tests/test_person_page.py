"""The person's own page, over HTTP: who may issue a sign-in link, what the link and the session
cookie allow and for how long, that nothing of anyone else shows, and that the page's figures are
the API's. The wording's rules are tested at the end, without a database."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, timedelta
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from tests.scenario import Council
from tests.support import Api
from wallet.demo import DemoResult, load_demo
from wallet.domain.person_page import (
    Names,
    NextMoney,
    PersonLinkNotUsable,
    hours_sentence,
    in_and_out,
    long_date,
    next_money,
    recent_weeks,
)
from wallet.domain.schedules import Every, ScheduleTerms
from wallet.domain.statements import Pot, Section, StatementLine
from wallet.persistence.db import Database
from wallet.persistence.person_tables import person_links
from wallet.persistence.types import utc_now
from wallet.usecases.person_links import start_person_session

LINK_MINUTES = 15


# --- helpers -------------------------------------------------------------------------------------


def issue(api: Api, wallet_id: str, key: str, idempotency_key: str | None = None) -> Any:
    return api.post(f"/v1/wallets/{wallet_id}/person-links", key, idempotency_key=idempotency_key)


def token_of(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[1]


def sign_in(client: TestClient, url: str, **headers: str) -> Any:
    """What the sign-in page's button does: post the link's token back."""
    page = client.get(urlsplit(url).path)
    assert (page.status_code, 'action="/me/sign-in"' in page.text) in ((200, True), (410, False))
    return client.post("/me/sign-in", data={"token": token_of(url)}, headers=headers, follow_redirects=False)


def form_token_of(html: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f]+)"', html)
    assert found, "the page has a sign-out form"
    return found.group(1)


def figures(html: str) -> dict[str, str]:
    return {name: unescape(value).strip()
            for name, value in re.findall(r'data-figure="(\w+)">([^<]*)<', html)}


def pool_shares(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-pool="([\w-]+)">([^<]*)<', html))


def table_rows(html: str, name: str) -> list[tuple[str, str]]:
    table = re.search(rf'data-table="{name}">(.*?)</table>', html, re.S)
    assert table, f"no table {name}"
    return [(unescape(label), unescape(amount))
            for label, amount in re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">([^<]*)</td></tr>", table.group(1))]


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


@pytest.fixture
def wallet(council: Council) -> str:
    today = utc_now().date()
    wallet_id = council.wallet(council.policy("hours", hourly_rate=1750), opened_on=str(today - timedelta(days=40)))
    council.fund(wallet_id, 50000, on=str(today - timedelta(days=10)))
    assert council.pay(wallet_id, 12000, on=str(today - timedelta(days=3))).status == 201
    return wallet_id


@pytest.fixture
def demo(database: Database) -> DemoResult:
    return load_demo(database, utc_now().date())


# --- issuing links ---------------------------------------------------------------------------


def test_the_wallets_funder_and_holder_issue_links_and_no_one_else(api: Api, council: Council, wallet: str) -> None:
    for key in (council.funder_key, council.holder_key):
        issued = issue(api, wallet, key)
        assert issued.status == 201, issued.body
        assert issued.body["wallet_id"] == wallet
        assert issued.body["url"].startswith("http://testserver/me/sign-in/pl_")
        assert issued.headers["cache-control"] == "no-store"
        lifetime = (_moment(issued.body["expires_at"]) - _moment(issued.body["created_at"]))
        assert lifetime == timedelta(minutes=LINK_MINUTES)
    person = api.key_for(council.funder_id, "person", wallet_id=wallet, issuer=council.funder_key)
    auditor_id = api.organisation("auditor")
    assert api.post("/v1/audit-grants", council.funder_key, {"auditor_id": auditor_id}).status == 201
    auditor = api.key_for(auditor_id, "auditor", issuer=council.funder_key)
    for key in (person, auditor, api.admin_key):
        assert issue(api, wallet, key).status == 403
    other = Council.create(api, "Another Council")
    assert issue(api, wallet, other.funder_key).status == 404
    assert issue(api, wallet, other.holder_key).status == 404
    no_key = api.client.post(f"/v1/wallets/{wallet}/person-links",
                             headers={"Authorization": f"Bearer {council.funder_key}"})
    assert no_key.status_code == 422


def _moment(value: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_the_audit_trail_records_the_issue_and_no_table_holds_the_token(api: Api, council: Council, wallet: str,
                                                                        database: Database) -> None:
    issued = issue(api, wallet, council.holder_key)
    token = token_of(issued.body["url"])
    log = api.get("/v1/audit/log", council.funder_key, params={"action": "person_link.issued"})
    assert log.status == 200
    [entry] = log.body["items"]
    assert (entry["object_id"], entry["wallet_id"], entry["role"]) == (issued.body["id"], wallet, "holder")
    signed_in = sign_in(api.client, issued.body["url"])
    assert signed_in.status_code == 303
    session_token = signed_in.cookies.get("wallet_person") or api.client.cookies.get("wallet_person")
    assert session_token
    with database.engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            if database.dialect == "postgresql" else "SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
        everything = json.dumps([[list(map(str, row)) for row in connection.execute(text(f'SELECT * FROM "{name}"'))]
                                 for name in tables])
    assert token not in everything and session_token not in everything
    actions = [e["action"] for e in api.get("/v1/audit/log", council.funder_key).body["items"]]
    assert "person_session.started" in actions
    assert token not in json.dumps(api.get("/v1/audit/log", council.funder_key).body)


def test_a_retry_with_the_same_key_gets_a_fresh_url_and_the_first_stops_working(api: Api, council: Council,
                                                                                wallet: str) -> None:
    first = issue(api, wallet, council.funder_key, idempotency_key="link-1")
    again = issue(api, wallet, council.funder_key, idempotency_key="link-1")
    assert again.status == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.body["id"] == first.body["id"] and again.body["expires_at"] == first.body["expires_at"]
    assert again.body["url"] != first.body["url"]
    assert sign_in(api.client, first.body["url"]).status_code == 410
    assert sign_in(api.client, again.body["url"]).status_code == 303
    spent = issue(api, wallet, council.funder_key, idempotency_key="link-1")
    assert spent.status == 409 and spent.body["type"] == "person-link-not-usable"


# --- signing in and out ----------------------------------------------------------------------


def test_the_link_signs_in_once_with_a_strict_http_only_cookie(api: Api, app, council: Council,  # type: ignore[no-untyped-def]
                                                               wallet: str) -> None:
    url = issue(api, wallet, council.funder_key).body["url"]
    signed_in = sign_in(api.client, url)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == f"/me/wallets/{wallet}"
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith("wallet_person=ps_")
    assert {"HttpOnly", "Path=/me", "SameSite=strict"} <= {part.strip() for part in cookie.split(";")}
    assert "Secure" not in cookie  # served over plain HTTP here
    assert api.client.get(f"/me/wallets/{wallet}").status_code == 200
    replayed = sign_in(TestClient(app), url)
    assert replayed.status_code == 410 and "set-cookie" not in replayed.headers
    assert "cannot be used" in replayed.text
    assert api.client.get(urlsplit(url).path).status_code == 410, "the sign-in page says so before any click"

    with TestClient(app, base_url="https://testserver") as over_tls:
        secure = sign_in(over_tls, issue(api, wallet, council.funder_key).body["url"])
        assert secure.status_code == 303
        assert "Secure" in {part.strip() for part in secure.headers["set-cookie"].split(";")}
        assert over_tls.get(f"/me/wallets/{wallet}").status_code == 200


def test_opening_the_sign_in_page_does_not_spend_the_link(api: Api, council: Council, wallet: str) -> None:
    url = issue(api, wallet, council.funder_key).body["url"]
    for _ in range(3):  # a mail scanner, a preview, the person
        page = api.client.get(urlsplit(url).path)
        assert page.status_code == 200 and "Sign in" in page.text
    assert sign_in(api.client, url).status_code == 303


def test_an_expired_link_fails(api: Api, app, council: Council, wallet: str,  # type: ignore[no-untyped-def]
                               database: Database) -> None:
    issued = issue(api, wallet, council.funder_key).body
    with database.writer.begin() as session:
        session.execute(update(person_links).where(person_links.c.id == issued["id"])
                        .values(created_at=utc_now() - timedelta(minutes=20), expires_at=utc_now() - timedelta(seconds=1)))
    assert sign_in(api.client, issued["url"]).status_code == 410
    assert api.client.get(f"/me/wallets/{wallet}").status_code == 401


def test_of_two_exchanges_of_one_link_at_the_same_moment_exactly_one_wins(api: Api, council: Council, wallet: str,
                                                                          database: Database) -> None:
    token = token_of(issue(api, wallet, council.funder_key).body["url"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def exchange() -> None:
        barrier.wait()
        try:
            with database.writer.begin() as session:
                start_person_session(session, token, lifetime=timedelta(hours=1))
            outcomes.append("signed in")
        except PersonLinkNotUsable:
            outcomes.append("refused")

    threads = [threading.Thread(target=exchange) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "signed in"]
    with database.reader() as session:
        assert session.execute(select(person_links.c.used_at)).scalar_one() is not None


def test_a_forged_sign_in_from_another_site_is_refused_and_leaves_the_link_usable(api: Api, council: Council,
                                                                                  wallet: str) -> None:
    url = issue(api, wallet, council.funder_key).body["url"]
    assert sign_in(api.client, url, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert sign_in(api.client, url, origin="https://evil.example").status_code == 403
    assert sign_in(api.client, url, **{"Sec-Fetch-Site": "same-origin", "Origin": "null"}).status_code == 303


def test_sign_out_ends_the_session_on_the_server(api: Api, council: Council, wallet: str) -> None:
    sign_in(api.client, issue(api, wallet, council.funder_key).body["url"])
    session_token = api.client.cookies.get("wallet_person")
    page = api.client.get(f"/me/wallets/{wallet}")
    assert page.status_code == 200
    assert api.client.post("/me/sign-out", data={"form_token": "0" * 64}).status_code == 403
    assert api.client.get(f"/me/wallets/{wallet}").status_code == 200, "a refused sign-out changes nothing"
    signed_out = api.client.post("/me/sign-out", data={"form_token": form_token_of(page.text)},
                                 follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/me/signed-out"
    assert 'wallet_person=""' in signed_out.headers["set-cookie"] or "Max-Age=0" in signed_out.headers["set-cookie"]
    # The old cookie, copied before sign-out, is worthless now.
    api.client.cookies.set("wallet_person", session_token, path="/me")
    assert api.client.get(f"/me/wallets/{wallet}").status_code == 401
    assert api.client.get("/me").status_code == 401
    actions = [e["action"] for e in api.get("/v1/audit/log", council.funder_key).body["items"]]
    assert "person_session.ended" in actions


def test_without_a_session_the_pages_say_how_to_sign_in(api: Api, wallet: str) -> None:
    for path in ("/me", f"/me/wallets/{wallet}", f"/me/wallets/{wallet}/statement.pdf?from=2026-01-01&to=2026-01-31"):
        response = api.client.get(path)
        assert response.status_code == 401, path
        assert "sign-in link" in response.text
    api.client.cookies.set("wallet_person", "ps_made-up", path="/me")
    assert api.client.get(f"/me/wallets/{wallet}").status_code == 401


# --- what the page shows ---------------------------------------------------------------------


def test_another_wallets_page_answers_404(api: Api, council: Council, wallet: str) -> None:
    other = council.wallet(council.policies["hours"], person_ref="P-0002")
    sign_in(api.client, issue(api, wallet, council.funder_key).body["url"])
    assert api.client.get("/me", follow_redirects=False).headers["location"] == f"/me/wallets/{wallet}"
    period = "from=2026-01-01&to=2026-01-31"
    for path in (f"/me/wallets/{other}", f"/me/wallets/{other}/statement.pdf?{period}",
                 "/me/wallets/00000000-0000-0000-0000-000000000000"):
        response = api.client.get(path)
        assert response.status_code == 404, path
        assert other not in response.text and "P-0002" not in response.text
    statement = api.client.get(f"/me/wallets/{wallet}/statement.pdf?{period}")
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF")


def test_every_page_carries_the_security_headers(api: Api, council: Council, wallet: str) -> None:
    url = issue(api, wallet, council.funder_key).body["url"]
    responses = [api.client.get(urlsplit(url).path), sign_in(api.client, url), api.client.get(f"/me/wallets/{wallet}"),
                 api.client.get("/me/wallets/nope")]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
    page = responses[2].text
    assert "<script" not in page and 'lang="en-GB"' in page
    assert page.count("<h1>") == 1 and "<main" in page and "<header" in page and "<footer" in page
    assert api.client.get("/me/style.css").headers["content-type"].startswith("text/css")


def test_the_pages_figures_are_the_apis(api: Api, demo: DemoResult) -> None:
    lauren = demo.wallets["Lauren"]
    funder_key = demo.funders[lauren.funder].key
    sign_in(api.client, issue(api, lauren.id, funder_key).body["url"])
    html = api.client.get(f"/me/wallets/{lauren.id}").text
    shown = figures(html)
    wallet = api.get(f"/v1/wallets/{lauren.id}", demo.person_key).body
    assert shown["available"] == wallet["display"]["available"]
    assert shown["awaiting_approval"] == wallet["display"]["awaiting_approval"] == "£180.00"
    assert "committed" not in shown and wallet["balances"]["committed"] == 0
    assert shown["hours"] == f"That pays for about {int(wallet['hours']['available'])} hours of support, at £15.00 an hour."
    pools = api.get("/v1/pools", demo.person_key).body["items"]
    expected_shares = {}
    for pool in pools:
        [member] = api.get(f"/v1/pools/{pool['id']}", demo.person_key).body["members"]
        expected_shares[pool["id"]] = f"£{member['share'] / 100:,.2f}"
    assert pool_shares(html) == expected_shares and expected_shares

    today = utc_now().date()
    first, last = today - timedelta(days=27), today
    statement = api.get(f"/v1/wallets/{lauren.id}/statement", demo.person_key,
                        params={"from": str(first), "to": str(last)}).body
    money_in = sum(line["amount"] for line in statement["lines"] if line["section"] == "money_in")
    assert shown["came_in"] == f"£{money_in / 100:,.2f}"
    assert shown["went_out"] == f"£{(money_in - statement['movement']) / 100:,.2f}"
    fees = -sum(line["amount"] for line in statement["lines"] if line["section"] == "fees")
    assert ("Management fee", f"£{fees / 100:,.2f}") in table_rows(html, "went_out")
    assert table_rows(html, "came_in") == [(f"From {statement['funder_name']}", shown["came_in"])]

    schedules = api.get(f"/v1/wallets/{lauren.id}/schedules", demo.person_key).body["items"]
    [schedule] = schedules
    assert shown["next_amount"] == f"£{schedule['amount'] / 100:,.2f}"
    monday = today + timedelta(days=7 - today.weekday())
    assert shown["next_due"] == f"It is due on {long_date(monday)}."


def test_nothing_of_another_person_appears(api: Api, demo: DemoResult) -> None:
    lauren = demo.wallets["Lauren"]
    sign_in(api.client, issue(api, lauren.id, demo.holders[lauren.holder].key).body["url"])
    html = api.client.get(f"/me/wallets/{lauren.id}").text
    assert lauren.person_ref in html
    for name, other in demo.wallets.items():
        if name != "Lauren":
            assert other.id not in html and other.person_ref not in html, name
    for case, pool in demo.pools.items():
        assert (pool.name in html) == ("Lauren" in pool.members), case
    for organisation in [*demo.funders.values(), *demo.holders.values()]:
        assert organisation.key not in html


# --- the wording, without a database ---------------------------------------------------------


def test_hours_are_rounded_down_and_said_plainly() -> None:
    assert hours_sentence(33000, 1500) == "That pays for about 22 hours of support, at £15.00 an hour."
    assert hours_sentence(2999, 1500) == "That pays for about 1 hour of support, at £15.00 an hour."
    assert hours_sentence(1000, 1500) == "That is less than one hour of support, at £15.00 an hour."
    assert hours_sentence(0, 1500) == "That is less than one hour of support, at £15.00 an hour."
    assert hours_sentence(33000, None) is None


def test_the_four_weeks_end_today_and_do_not_overlap() -> None:
    weeks = recent_weeks(date(2026, 6, 3))
    assert weeks[0] == (date(2026, 5, 7), date(2026, 5, 13)) and weeks[-1] == (date(2026, 5, 28), date(2026, 6, 3))
    assert all(later[0] - earlier[1] == timedelta(days=1) for earlier, later in zip(weeks, weeks[1:]))
    assert long_date(date(2026, 6, 8)) == "Monday 8 June 2026"


def test_money_moved_between_the_persons_own_pots_is_neither_in_nor_out() -> None:
    names = Names(funder="Southvale City Council", holder="Open Door")
    lines = [
        StatementLine(Section.MONEY_IN, "funder", Pot.AVAILABLE, 15000),
        StatementLine(Section.MONEY_IN, "person_contribution", Pot.AVAILABLE, 2000),
        StatementLine(Section.FEES, "management_fee", Pot.AVAILABLE, -500),
        StatementLine(Section.MONEY_OUT, "personal_assistant", Pot.AVAILABLE, -4500),
        StatementLine(Section.MONEY_OUT, "uncategorised", Pot.AVAILABLE, -100),
        StatementLine(Section.POOLS, "contributions", Pot.AVAILABLE, -6000),
        StatementLine(Section.POOLS, "contributions", Pot.POOLS, 6000),
        StatementLine(Section.POOLS, "payments", Pot.POOLS, -6000),
    ]
    found = in_and_out(lines, names)
    assert [(m.name, m.amount) for m in found.came_in] == [("From Southvale City Council", 15000),
                                                           ("Your own contribution", 2000)]
    assert [(m.name, m.amount) for m in found.went_out] == [
        ("Spent from shared support", 6000), ("Personal assistant", 4500), ("Management fee", 500),
        ("Other spending", 100)]
    assert found.total_in - found.total_out == sum(line.amount for line in lines)


def test_the_next_money_is_the_earliest_unpaid_funding() -> None:
    weekly = ScheduleTerms(amount=15000, every=Every.WEEK, in_advance=True, starts_on=date(2026, 5, 4))
    monthly = ScheduleTerms(amount=4000, every=Every.MONTH, in_advance=True, starts_on=date(2026, 5, 11))

    def paid_through(day: date):  # type: ignore[no-untyped-def]
        return lambda funding: funding.due_on <= day

    today = date(2026, 6, 3)
    assert next_money([(weekly, paid_through(date(2026, 6, 1)))], today) == NextMoney(date(2026, 6, 8), 15000)
    assert next_money([(weekly, paid_through(date(2026, 6, 1))), (monthly, paid_through(date(2026, 5, 11)))],
                      today) == NextMoney(date(2026, 6, 8), 15000)
    both = ScheduleTerms(amount=2500, every=Every.WEEK, in_advance=True, starts_on=date(2026, 6, 8))
    assert next_money([(weekly, paid_through(date(2026, 6, 1))), (both, paid_through(date(2026, 6, 1)))],
                      today) == NextMoney(date(2026, 6, 8), 17500)
    # A period the funding run has not paid yet is due now.
    assert next_money([(weekly, paid_through(date(2026, 5, 25)))], today) == NextMoney(date(2026, 6, 1), 15000)
    ended = ScheduleTerms(amount=15000, every=Every.WEEK, in_advance=True, starts_on=date(2026, 5, 4),
                          ends_on=date(2026, 6, 7))
    assert next_money([(ended, paid_through(date(2026, 6, 1)))], today) is None
    assert NextMoney(date(2026, 6, 1), 1).due_words(today) == "It is due now."

"""A wallet's statement as a printable PDF, through HTTP, read back with a PDF library: names print
as written (Welsh included), in plain words and plain dates, every payment on its own line, no
empty sections, and page numbers on every page."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pypdf
import pytest

from tests.scenario import Council
from tests.support import Api
from wallet.domain.labels import day_month_year
from wallet.http.statement_pdf import FONTS

FIRST, LAST = "2026-04-01", "2026-04-30"
HOLDER_NAME = "Tŷ Cymorth Gŵyr"
FUNDER_NAME = "Cyngor Dinas a Sir Abertawe"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def council(api: Api) -> Council:
    funder_id = api.organisation("funder", FUNDER_NAME)
    holder_id = api.organisation("holder", HOLDER_NAME)
    council = Council(api, funder_id, api.key_for(funder_id, "funder"), holder_id, api.key_for(holder_id, "holder"))
    council.accredit(holder_id)
    return council


def get_pdf(council: Council, wallet: str, key: str | None = None, **params: Any):  # type: ignore[no-untyped-def]
    # The shared client decodes bodies as text; a PDF is bytes, so ask the HTTP client directly.
    return council.api.client.get(f"/v1/wallets/{wallet}/statement",
                                  params={"from": FIRST, "to": LAST, "format": "pdf", **params},
                                  headers={"Authorization": f"Bearer {key or council.funder_key}"})


def json_statement(council: Council, wallet: str) -> dict[str, Any]:
    response = council.api.get(f"/v1/wallets/{wallet}/statement", council.funder_key,
                               params={"from": FIRST, "to": LAST})
    assert response.status == 200, response.body
    return response.body  # type: ignore[no-any-return]


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text as a PDF reader extracts it, whitespace made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def a_month(council: Council) -> str:
    policy = council.policy(management_fee={"percent_bp": 500}, hourly_rate=1750)
    wallet = council.wallet(policy, person_ref="SWA-0042", opened_on="2026-03-01")
    council.fund(wallet, 50000, on="2026-03-02")  # before the period: the opening balance
    council.fund(wallet, 140000, on="2026-04-02")
    council.fund(wallet, 20000, "person_contribution", on="2026-04-03")
    for amount, category, on in ((30000, "personal_assistant", "2026-04-05"), (4550, "transport", "2026-04-07"),
                                 (12000, "day centre (Mon) \\ trips, café", "2026-04-09"),
                                 (2500, "personal_assistant", "2026-04-21")):
        assert council.pay(wallet, amount, category, on=on).status == 201
    return wallet


def test_the_pdf_reads_in_plain_words_with_welsh_names_intact(council: Council) -> None:
    wallet = a_month(council)
    body = json_statement(council, wallet)
    response = get_pdf(council, wallet)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="statement-{wallet}-{FIRST}-{LAST}.pdf"'
    pages = pages_text(response.content)
    assert len(pages) == 1 and pages[0].endswith("Page 1 of 1")
    text = pages[0]

    assert f"Held by {HOLDER_NAME}" in text and f"Funded by {FUNDER_NAME}" in text
    assert "Person SWA-0042" in text
    heading = text[:text.index("Your money at a glance")]
    assert wallet not in heading  # the wallet's id is small print in the footer, for auditors
    assert f"wallet {wallet}" in text[text.index("Statement for"):]
    assert "1 April 2026 to 30 April 2026" in heading
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)
    assert " ".join(body["summary"].split()) in text  # wrapped over lines, every word in order

    # Plain labels, never the codes the ledger keeps.
    for words in ("Council funding £1,400.00", "Your contribution £200.00", "Management fee -£70.00",
                  "Personal assistant -£325.00", "Transport -£45.50", "Day centre (mon) \\ trips, café -£120.00"):
        assert words in text, words
    assert not any(code in text for code in ("person_contribution", "management_fee", "personal_assistant"))
    for line in body["lines"]:
        assert f"{line['label']} {line['display']}" in text, line
    assert f"Held at the end of 31 March 2026 {body['opening']['display']['total']}" in text
    assert f"Held at the end of 30 April 2026 {body['closing']['display']['total']}" in text

    # Every payment on its own line: its date, what for, who was paid and the amount.
    assert len(body["payments"]) == 4
    for payment in body["payments"]:
        assert f"{payment['category_label']} PA-17 {payment['display']}" in text, payment
    for day in ("5 April 2026", "7 April 2026", "9 April 2026", "21 April 2026"):
        assert day in text
    # Hours of support at the policy's rate; sections with nothing in them are left out.
    assert "at £17.50 an hour" in text and "hours of support" in text
    assert "Money set aside for known costs" not in text and "Payments waiting for approval" not in text
    assert "£0.00" not in text

    # The font is embedded, so the file prints the same anywhere.
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    fonts = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert all("DejaVuSans" in font for font in fonts) and len(fonts) == 2


def test_money_set_aside_is_listed_only_where_it_moved(council: Council) -> None:
    wallet = a_month(council)
    # Holds are placed today, so the statement runs to today.
    hold = council.api.post(f"/v1/wallets/{wallet}/holds", council.holder_key, {"amount": 6000, "category": "invoice"})
    assert hold.status == 201, hold.body
    captured = council.api.post(f"/v1/holds/{hold.body['hold']['id']}/capture", council.holder_key, {"amount": 4000})
    assert captured.status == 200, captured.body
    today = date.today()
    whole = " ".join(pages_text(get_pdf(council, wallet, to=(today + timedelta(days=1)).isoformat()).content))
    assert "Money set aside for known costs" in whole
    assert "Set aside during the period £60.00" in whole and "Paid from money set aside £40.00" in whole
    assert "Given back £20.00" in whole and "Still set aside at the end" not in whole
    assert f"{day_month_year(today)} Invoice PA-17 -£40.00" not in whole  # a hold's payee is its own
    assert f"{day_month_year(today)} Invoice -£40.00" in whole


def test_a_long_statement_flows_onto_more_pages_numbered(council: Council) -> None:
    wallet = council.wallet(opened_on="2026-03-01")
    council.fund(wallet, 1_000_000, on="2026-04-01")
    categories = [f"category {n:02d}" for n in range(60)]
    for n, category in enumerate(categories):
        assert council.pay(wallet, 1000 + n, category, on=f"2026-04-{2 + n % 28:02d}").status == 201
    pages = pages_text(get_pdf(council, wallet).content)
    assert len(pages) >= 2
    assert [page[page.rindex("Page "):] for page in pages] == [f"Page {n} of {len(pages)}"
                                                                for n in range(1, len(pages) + 1)]
    whole = " ".join(pages)
    for n, category in enumerate(categories):  # every line and every payment printed, none lost at a break
        amount = f"-£{(1000 + n) // 100}.{(1000 + n) % 100:02d}"
        label = f"Category {n:02d}"
        assert whole.count(f"{label} {amount}") == 1, label  # the line by category
        assert whole.count(f"{label} PA-17 {amount}") == 1, label  # the payment
    closing = json_statement(council, wallet)["closing"]["display"]["total"]
    assert f"Held at the end of 30 April 2026 {closing}" in whole


def test_only_those_who_may_see_the_wallet_get_its_pdf(council: Council) -> None:
    wallet = council.wallet()
    council.fund(wallet, 10000)
    own = council.api.key_for(council.funder_id, "person", wallet_id=wallet, issuer=council.funder_key)
    other = council.api.key_for(council.funder_id, "person", wallet_id=council.wallet(person_ref="P-2"),
                                issuer=council.funder_key)
    assert get_pdf(council, wallet, own).status_code == 200
    refused = get_pdf(council, wallet, other)
    assert refused.status_code == 404 and refused.json()["type"] == "wallet-not-found"


def test_an_unknown_format_is_refused_naming_pdf_among_those_produced(council: Council) -> None:
    wallet = council.wallet()
    response = get_pdf(council, wallet, format="docx")
    assert response.status_code == 406 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["supported_formats"] == ["json", "csv", "pdf"]


def test_a_statement_that_would_not_add_up_is_not_printed(council: Council, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wallet.persistence.statement_repository import StatementRepository

    wallet = a_month(council)
    honest = StatementRepository.line_postings
    monkeypatch.setattr(StatementRepository, "line_postings",
                        lambda self, *args, **kw: honest(self, *args, **kw)[1:])  # lose one line's postings
    response = get_pdf(council, wallet)
    assert response.status_code == 500 and not response.content.startswith(b"%PDF")


def test_the_fonts_ship_with_their_licence() -> None:
    assert {path.name for path in FONTS.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}
    licence = (FONTS / "LICENSE").read_text()
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence

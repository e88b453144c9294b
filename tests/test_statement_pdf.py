"""A wallet's statement as a printable PDF, through HTTP: the file is well formed to the byte, and
every figure the JSON statement shows is printed on the row it belongs to."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api
from wallet.http.statement_pdf import RIGHT, pdf_string, text_width

FIRST, LAST = "2026-04-01", "2026-04-30"
SHOWN = re.compile(rb"BT /F(\d) [\d.]+ Tf ([\d.]+) ([\d.]+) Td \(((?:[^()\\]|\\.)*)\) Tj ET")


@pytest.fixture
def council(api: Api) -> Council:
    return Council.create(api)


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


def checked_objects(pdf: bytes) -> dict[int, bytes]:
    """Every object by number, after checking the xref table points exactly at each one."""
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = pdf[xref:].split(b"\n")
    assert table[0] == b"xref"
    first, count = map(int, table[1].split())
    assert first == 0 and table[2] == b"0000000000 65535 f "
    assert re.search(rb"trailer\n<< /Size %d /Root 1 0 R >>" % count, pdf)
    found = {}
    for number, entry in enumerate(table[3:2 + count], 1):
        assert len(entry) == 19 and entry[10:] == b" 00000 n ", entry  # 20 bytes with the newline
        offset = int(entry[:10])
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number), (number, pdf[offset:offset + 20])
        found[number] = pdf[offset:pdf.index(b"\nendobj\n", offset)]
    return found


def pages_of(pdf: bytes) -> list[bytes]:
    """Each page's content stream, in the page tree's order, its /Length checked."""
    objects = checked_objects(pdf)
    assert objects[1].endswith(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = [int(n) for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", objects[2]).group(1))]
    assert b"/Count %d" % len(kids) in objects[2]
    streams = []
    for kid in kids:
        assert b"/Type /Page " in objects[kid] and b"/MediaBox [0 0 595 842]" in objects[kid]
        content = objects[int(re.search(rb"/Contents (\d+) 0 R", objects[kid]).group(1))]
        length = int(re.search(rb"/Length (\d+)", content).group(1))
        stream = content.split(b"stream\n", 1)[1]
        assert stream.endswith(b"\nendstream") and len(stream) == length + len(b"\nendstream")
        streams.append(stream[:length])
    return streams


def unescape(literal: bytes) -> str:
    return re.sub(rb"\\(.)", rb"\1", literal).decode("cp1252")


def printed_rows(pdf: bytes) -> list[list[str]]:
    """The text of each printed row, left to right, page after page."""
    rows = []
    for stream in pages_of(pdf):
        by_line: dict[float, list[tuple[float, str]]] = defaultdict(list)
        for _font, x, y, literal in SHOWN.findall(stream):
            by_line[float(y)].append((float(x), unescape(literal)))
        rows += [[text for _, text in sorted(by_line[y])] for y in sorted(by_line, reverse=True)]
    return rows


def a_month(council: Council) -> str:
    wallet = council.wallet(council.policy(management_fee={"percent_bp": 500}), opened_on="2026-03-01")
    council.fund(wallet, 50000, on="2026-03-02")  # before the period: the opening balance
    council.fund(wallet, 140000, on="2026-04-02")
    council.fund(wallet, 20000, "person_contribution", on="2026-04-03")
    for amount, category, on in ((30000, "personal_assistant", "2026-04-05"), (4550, "transport", "2026-04-07"),
                                 (12000, "day centre (Mon) \\ trips, café ☕", "2026-04-09")):
        assert council.pay(wallet, amount, category, on=on).status == 201
    return wallet


def test_the_pdf_prints_every_figure_of_the_statement(council: Council) -> None:
    wallet = a_month(council)
    body = json_statement(council, wallet)
    response = get_pdf(council, wallet)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="statement-{wallet}-{FIRST}-{LAST}.pdf"'
    pdf = response.content
    rows = printed_rows(pdf)
    assert len(pages_of(pdf)) == 1
    text = " ".join(" ".join(row) for row in rows)
    assert body["summary"] in text  # wrapped over rows, every word in order
    assert wallet in text and "P-0001" in text
    assert "Funded by Southwark Council, held by Thrive Support Ltd" in text
    assert ["Opening balance, held at the end of 2026-03-31", body["opening"]["display"]["total"]] in rows
    assert [f"Closing balance, held at the end of {LAST}", body["closing"]["display"]["total"]] in rows
    for line in body["lines"]:
        label = line["label"].replace("☕", "?")  # outside WinAnsi: printed as '?'
        assert [label, line["display"]] in rows, (label, line["display"])
    assert ["captured", "£0.00"] in rows and ["requested", "£0.00"] in rows
    # Pounds as Helvetica shows them: '£' is 0xA3 in WinAnsiEncoding, parentheses are escaped.
    assert b"(-\xa3300.00) Tj" in pdf and b"(\xa31,400.00) Tj" in pdf
    assert b"(day_centre_\\(mon\\)_\\\\_trips,_caf\xe9_?) Tj" in pdf  # the category as the service keeps it
    # Amounts are right-aligned: each ends at the right margin whatever its width.
    amounts = [(float(x), unescape(literal)) for _font, x, _y, literal in SHOWN.findall(pdf)
               if re.match(rb"-?\xa3", literal)]
    assert len(amounts) > len(body["lines"]) + 2
    assert all(abs(x + text_width(amount, 10) - RIGHT) < 0.01 for x, amount in amounts)


def test_a_long_statement_flows_onto_more_pages(council: Council) -> None:
    wallet = council.wallet(opened_on="2026-03-01")
    council.fund(wallet, 1_000_000, on="2026-04-01")
    categories = [f"category_{n:02d}" for n in range(60)]
    for n, category in enumerate(categories):
        assert council.pay(wallet, 1000 + n, category, on="2026-04-02").status == 201
    pdf = get_pdf(council, wallet).content
    streams = pages_of(pdf)
    assert len(streams) >= 2
    assert all(b"page %d of %d" % (n, len(streams)) in s for n, s in enumerate(streams, 1))
    rows = printed_rows(pdf)
    for n, category in enumerate(categories):  # every line printed once, none lost at a page break
        assert sum(row[:1] == [category] for row in rows) == 1
        assert [category, f"-£{(1000 + n) // 100}.{(1000 + n) % 100:02d}"] in rows
    assert ["Closing balance, held at the end of 2026-04-30", json_statement(council, wallet)["closing"]["display"]["total"]] in rows


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
    from wallet.persistence.journal_repository import JournalRepository

    wallet = a_month(council)
    honest = JournalRepository.postings_between
    monkeypatch.setattr(JournalRepository, "postings_between", lambda self, *args: honest(self, *args)[1:])
    response = get_pdf(council, wallet)
    assert response.status_code == 500 and not response.content.startswith(b"%PDF")


def test_text_is_escaped_for_pdf_strings_and_limited_to_winansi() -> None:
    assert pdf_string("a (b) \\ c") == b"a \\(b\\) \\\\ c"
    assert pdf_string("((\\))") == b"\\(\\(\\\\\\)\\)"
    assert pdf_string("£975.00 €5 café – ok") == b"\xa3975.00 \x805 caf\xe9 \x96 ok"
    assert pdf_string("日本 ☕ Ω") == b"?? ? ?"
    assert pdf_string("line\nbreak\ttab\x00\x85") == b"line?break?tab??"
    assert pdf_string("") == b""

"""A holder's journal in the layouts its accounting system imports (Xero's manual journal template,
Sage 50's audit trail import), each file re-read with the csv module: exact columns, UK dates,
every journal netting to zero, files within the importer's line limit, the holder's own nominal
codes, and never a person's reference."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.scenario import Council
from tests.support import Api
from tests.test_journal_export import APRIL, SECRETS, Month, a_month, export_csv
from tests.test_trust_journal import auditor_of
from wallet.domain.accounting_exports import sage_reference

XERO_COLUMNS = ["*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount",
                "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2"]
SAGE_COLUMNS = ["Type", "Account Reference", "Nominal A/C Ref", "Department Code", "Date", "Reference", "Details",
                "Net Amount", "Tax Code", "Tax Amount", "Exchange Rate", "Extra Reference", "User Name",
                "Project Refn", "Cost Code Refn"]
UK_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
MONEY = re.compile(r"-?\d+\.\d{2}")
LEDGER_ID = re.compile(r"\(ledger ([0-9a-f-]{36})\)$")


@dataclass
class Book(Month):
    recovered_close: str  # the close's transaction: money recovered by the funder, outside the holder's book
    notional: str  # a notional budget's wallet: its cash is the funder's
    new_holder_key: str  # the holder a person moved to, with their money
    new_holder_id: str


def a_book(api: Api) -> Book:
    month = a_month(api)
    council = month.council
    # Nothing scheduled, so no contingency is kept: the close recovers everything to the funder.
    dora = council.wallet(council.policy("recover", surplus_action="recover"), person_ref="JX-SECRET-DORA")
    council.fund(dora, 40000, on="2026-04-06")
    proposed = api.post("/v1/period-closes", council.funder_key, {"period_end": "2026-04-30", "wallet_ids": [dora]})
    assert proposed.status == 201, proposed.body
    confirmed = api.post(f"/v1/period-closes/{proposed.body['id']}/confirm", council.funder_key, {})
    assert confirmed.status == 200, confirmed.body
    notional = council.wallet(arrangement="notional", person_ref="JX-SECRET-ELLA")
    council.fund(notional, 15000, on="2026-04-09")
    assert council.pay(notional, 4000, "transport", on="2026-04-16").status == 201
    new_holder = api.organisation("holder", "Next Step Care")
    council.accredit(new_holder)
    finn = council.wallet(person_ref="JX-SECRET-FINN")
    council.fund(finn, 20000, on="2026-04-08")
    moved = api.post(f"/v1/wallets/{finn}/moves", council.funder_key,
                     {"new_holder_id": new_holder, "effective_date": "2026-04-20"})
    assert moved.status == 201, moved.body
    return Book(**vars(month), recovered_close=confirmed.body["items"][0]["transaction_id"], notional=notional,
                new_holder_key=api.key_for(new_holder, "holder"), new_holder_id=new_holder)


@pytest.fixture
def book(api: Api) -> Book:
    return a_book(api)


def export(api: Api, key: str, holder_id: str, vendor: str, **params: Any):  # type: ignore[no-untyped-def]
    return api.client.get("/v1/reports/journal", headers={"Authorization": f"Bearer {key}"},
                          params={"holder_id": holder_id, "format": vendor, **APRIL, **params})


def read(response: Any, columns: list[str]) -> list[dict[str, str]]:
    """The file re-read as an importer would: the exact header, then only journal lines."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert not any(secret in text for secret in (*SECRETS, "JX-SECRET-DORA", "JX-SECRET-ELLA", "JX-SECRET-FINN"))
    assert "wallet:" not in text and "holder:" not in text and "funder:" not in text  # no internal account names
    reader = csv.reader(io.StringIO(text, newline=""))
    assert next(reader) == columns
    rows = [dict(zip(columns, row, strict=True)) for row in reader]
    for row in rows:
        day, month, year = map(int, UK_DATE.fullmatch(row["*Date" if "*Date" in row else "Date"]).groups())  # type: ignore[union-attr]
        assert date(2026, 4, 1) <= date(year, month, day) <= date(2026, 4, 30)
    return rows


def minor(amount: str) -> int:
    assert MONEY.fullmatch(amount), amount
    whole, pence = amount.lstrip("-").split(".")
    return (-1 if amount.startswith("-") else 1) * (int(whole) * 100 + int(pence))


def xero_journals(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Xero makes one journal of every group of rows with the same narration and date."""
    journals: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        journals[(row["*Narration"], row["*Date"])].append(row)
    return journals


def booked_transactions(api: Api, book: Book) -> set[str]:
    """Every transaction with a posted posting in the holder's book, as the generic export lists them."""
    return {r["transaction_id"] for r in export_csv(api, book.council.holder_key, book.council.holder_id)}


def test_xero_gets_its_manual_journal_template_one_balanced_journal_per_transaction(book: Book) -> None:
    api, council = book.council.api, book.council
    rows = read(export(api, council.holder_key, council.holder_id, "xero"), XERO_COLUMNS)
    journals = xero_journals(rows)
    for (narration, _), lines in journals.items():
        assert sum(minor(line["*Amount"]) for line in lines) == 0, narration  # debits positive, credits negative
        assert all(line["*TaxRate"] == "No VAT" and line["*AccountCode"] for line in lines)
        assert all(line[column] == "" for line in lines for column in XERO_COLUMNS[6:])
    ids = {LEDGER_ID.search(narration).group(1) for narration, _ in journals}  # type: ignore[union-attr]
    assert ids == booked_transactions(api, book) and len(ids) == len(journals)
    assert book.recovered_close in ids and set(book.april) <= ids

    by_id = {LEDGER_ID.search(narration).group(1): lines for (narration, _), lines in journals.items()}  # type: ignore[union-attr]

    def lines_of(transaction_id: str) -> list[tuple[str, str, int]]:
        return sorted((line["*AccountCode"], line["Description"], minor(line["*Amount"])) for line in by_id[transaction_id])

    # The funding with its 5% fee, gross: the bank, the money held for the person, the fee.
    assert lines_of(book.fee_funding) == [
        ("1200", "Client bank account", 100000), ("2100", "Held for people: council funding", -100000),
        ("2100", "Management fee", 5000), ("4000", "Management fee", -5000)]
    assert by_id[book.fee_funding][0]["*Narration"].startswith("Money in: Council funding (ledger ")
    # Recovered money leaves the holder's book for the funder's: the holder now owes it back.
    assert lines_of(book.recovered_close) == [("2100", "Held for people: council funding", 40000),
                                              ("2200", "Due back to funders", -40000)]
    payment = book.april[3]
    assert by_id[payment][0]["*Narration"].startswith("Payment for support: Personal assistant (ledger ")
    assert lines_of(payment) == [("1200", "Client bank account", -2500), ("2100", "Held for people: council funding", 2500)]
    reversal = book.april[-1]
    assert by_id[reversal][0]["*Narration"].startswith("Correction of payment for support: Personal assistant")
    assert lines_of(reversal) == [("1200", "Client bank account", 2500), ("2100", "Held for people: council funding", -2500)]
    pool_payment = book.april[-2]
    assert lines_of(pool_payment) == [("1200", "Client bank account", -5000),
                                      ("2140", "Held for people: shares in pooled budgets", 5000)]
    # A notional budget's cash is the funder's: booked on the notional budgets code, never suspense.
    codes = {line["*AccountCode"] for line in rows}
    assert "1210" in codes and "9999" not in codes
    # A person who moved on: the money leaves this holder's bank and what it held for them...
    [move] = [lines for (narration, _), lines in journals.items() if narration.startswith("Moved between holders")]
    assert sorted((line["*AccountCode"], minor(line["*Amount"])) for line in move) == [("1200", -20000), ("2100", 20000)]
    # ...and arrives in the new holder's books, balanced there on its own.
    arrived = read(export(api, book.new_holder_key, book.new_holder_id, "xero"), XERO_COLUMNS)
    assert sorted((line["*AccountCode"], minor(line["*Amount"])) for line in arrived) == [("1200", 20000), ("2100", -20000)]
    assert arrived[0]["*Narration"] == move[0]["*Narration"] and arrived[0]["*Date"] == "20/04/2026"


def test_sage_gets_its_audit_trail_layout_with_balanced_journals(book: Book) -> None:
    api, council = book.council.api, book.council
    rows = read(export(api, council.holder_key, council.holder_id, "sage"), SAGE_COLUMNS)
    assert {row["Type"] for row in rows} == {"JD", "JC"}
    journals: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        amount = minor(row["Net Amount"])
        assert amount > 0 and row["Tax Code"] == "T9" and row["Tax Amount"] == "0.00"
        assert row["Account Reference"] == "" and row["Nominal A/C Ref"].isalnum()
        assert len(row["Reference"]) <= 30 and 0 < len(row["Details"]) <= 60
        journals[(row["Reference"], row["Date"])] += amount if row["Type"] == "JD" else -amount
    assert journals and all(net == 0 for net in journals.values())
    assert {reference for reference, _ in journals} == {sage_reference(t) for t in booked_transactions(api, book)}
    fee = [row for row in rows if row["Reference"] == sage_reference(book.fee_funding)]
    assert [(r["Type"], r["Nominal A/C Ref"], r["Net Amount"]) for r in fee] == [
        ("JD", "1200", "1000.00"), ("JC", "2100", "1000.00"), ("JD", "2100", "50.00"), ("JC", "4000", "50.00")]
    assert fee[2]["Details"] == "Management fee - Money in: Council funding"


@pytest.mark.parametrize("vendor, columns", [("xero", XERO_COLUMNS), ("sage", SAGE_COLUMNS)])
def test_files_stay_within_the_line_limit_and_never_split_a_journal(book: Book, vendor: str,
                                                                     columns: list[str]) -> None:
    api, council = book.council.api, book.council
    whole = export(api, council.holder_key, council.holder_id, vendor)
    assert (whole.headers["x-export-part"], whole.headers["x-export-parts"]) == ("1", "1")
    assert whole.headers["x-export-lines-per-file"] == ("300" if vendor == "xero" else "1000")
    every_row = read(whole, columns)
    first = export(api, council.holder_key, council.holder_id, vendor, lines_per_file=5)
    parts = int(first.headers["x-export-parts"])
    assert parts > 2
    joined: list[dict[str, str]] = []
    journals_seen: set[str] = set()
    for part in range(1, parts + 1):
        response = export(api, council.holder_key, council.holder_id, vendor, lines_per_file=5, part=part)
        assert response.headers["x-export-part"] == str(part)
        assert response.headers["x-export-fingerprint"] == first.headers["x-export-fingerprint"]
        assert response.headers["content-disposition"].endswith(f'-{vendor}-part-{part}-of-{parts}.csv"')
        rows = read(response, columns)
        assert 0 < len(rows) <= 5
        key = "*Narration" if vendor == "xero" else "Reference"
        journals = {row[key] for row in rows}
        assert not journals & journals_seen  # a journal is in one part only
        journals_seen |= journals
        joined += rows
    assert joined == every_row

    beyond = export(api, council.holder_key, council.holder_id, vendor, lines_per_file=5, part=parts + 1)
    assert beyond.status_code == 422 and beyond.json()["type"] == "no-such-export-part"
    assert beyond.json()["parts"] == parts
    too_short = export(api, council.holder_key, council.holder_id, vendor, lines_per_file=3)
    assert too_short.status_code == 422 and too_short.json()["type"] == "journal-too-long"
    too_long = export(api, council.holder_key, council.holder_id, vendor, lines_per_file=1001)
    assert too_long.status_code == 422 and too_long.json()["field"] == "lines_per_file"


def test_the_holders_own_codes_are_used_and_the_rest_keep_their_defaults(book: Book) -> None:
    api, council = book.council.api, book.council
    mapped = api.call("PUT", f"/v1/holders/{council.holder_id}/account-mapping", key=council.holder_key,
                      json={"codes": {"client_bank": "090", "held_for_people_funder": "CL2100", "fee_income": "200"}})
    assert mapped.status == 200, mapped.body
    rows = read(export(api, council.holder_key, council.holder_id, "xero"), XERO_COLUMNS)
    codes = {line["Description"]: line["*AccountCode"] for line in rows if line["Description"] != "Management fee"}
    assert codes["Client bank account"] == "090" and codes["Held for people: council funding"] == "CL2100"
    assert codes["Held for people: shares in pooled budgets"] == "2140" and codes["Due back to funders"] == "2200"
    fee_codes = {line["*AccountCode"] for line in rows if line["Description"] == "Management fee"}
    assert fee_codes == {"CL2100", "200"}
    sage = read(export(api, council.holder_key, council.holder_id, "sage"), SAGE_COLUMNS)
    assert {"090", "CL2100", "200", "2140"} <= {row["Nominal A/C Ref"] for row in sage}


def test_only_the_holder_and_the_operator_get_the_accounting_files(book: Book) -> None:
    api, council = book.council.api, book.council
    own = export(api, council.holder_key, council.holder_id, "xero")
    assert export(api, api.admin_key, council.holder_id, "xero").content == own.content
    for key in (council.funder_key, book.other.funder_key, auditor_of(council)):
        refused = export(api, key, council.holder_id, "xero")
        assert refused.status_code == 403, refused.text
    stranger = Council.create(api, "Elsewhere")
    assert export(api, stranger.holder_key, council.holder_id, "sage").status_code == 404
    assert export(api, api.admin_key, council.funder_id, "sage").status_code == 404
    pending = export(api, council.holder_key, council.holder_id, "xero", include_pending="true")
    assert pending.status_code == 422 and pending.json()["field"] == "include_pending"
    bad_period = export(api, council.holder_key, council.holder_id, "sage", **{"from": "2026-04-30", "to": "2026-04-01"})
    assert bad_period.status_code == 422 and bad_period.json()["type"].endswith("invalid-export-period")


def test_an_empty_period_is_one_file_with_only_the_header(book: Book) -> None:
    api, council = book.council.api, book.council
    response = export(api, council.holder_key, council.holder_id, "xero", **{"from": "2026-06-01", "to": "2026-06-30"})
    assert response.status_code == 200 and response.headers["x-export-parts"] == "1"
    assert response.content.decode() == ",".join(XERO_COLUMNS) + "\r\n"


# --- the pure rules --------------------------------------------------------------------------


def test_every_ledger_account_has_a_kind() -> None:
    from wallet.domain.accounting_exports import LedgerAccount as A
    from wallet.domain.accounting_exports import classify

    w, p, h, f = "w1", "p1", "h1", "f1"
    assert list({code: classify(code) for code in (
        f"holder:{h}:client_bank", f"holder:{h}:client_bank:wallet:{w}", f"holder:{h}:client_bank:pool:{p}",
        f"holder:{h}:fee_income", f"holder:{h}:fee_income:wallet:{w}", f"holder:{h}:efficiency_income",
        f"funder:{f}:recovered", f"funder:{f}:commissioning:wallet:{w}", f"wallet:{w}:available:funder",
        f"wallet:{w}:available:person_contribution", f"wallet:{w}:available:nhs", f"wallet:{w}:available:top_up",
        f"wallet:{w}:savings", f"wallet:{w}:reserve_draw", f"pool:{p}:share:{w}:nhs", f"wallet:{w}:committed",
        "bank")}.values()) == [
        A.CLIENT_BANK, A.CLIENT_BANK, A.CLIENT_BANK, A.FEE_INCOME, A.FEE_INCOME, A.EFFICIENCY_INCOME,
        A.DUE_TO_FUNDERS, A.NOTIONAL_BUDGETS, A.HELD_FUNDER, A.HELD_PERSON_CONTRIBUTION, A.HELD_NHS, A.HELD_TOP_UP,
        A.PROTECTED_SAVINGS, A.HOLDER_RESERVE, A.POOL_SHARES, A.SUSPENSE, A.SUSPENSE]


def test_parts_hold_whole_journals_within_the_limit() -> None:
    from wallet.domain.accounting_exports import JournalTooLong, NoSuchExportPart, pick_part, plan_parts

    assert plan_parts([], 5) == [range(0, 0)]
    assert plan_parts([2, 2, 2, 4, 1, 5], 5) == [range(0, 2), range(2, 3), range(3, 5), range(5, 6)]
    assert plan_parts([3, 2], 5) == [range(0, 2)]
    with pytest.raises(JournalTooLong):
        plan_parts([2, 6], 5)
    with pytest.raises(NoSuchExportPart):
        pick_part([range(0, 1)], 2)


def test_a_journal_that_cannot_balance_in_the_book_goes_to_suspense() -> None:
    from wallet.domain.accounting_exports import ExportPosting, LedgerAccount, fit, journal_of

    def posting(account: str, side: str, amount: int, in_book: bool = True) -> ExportPosting:
        return ExportPosting(7, "t-1", "payment", None, date(2026, 4, 3), account, None, in_book, side, amount,
                             "personal_care")

    journal = journal_of([posting("wallet:w:available:funder", "debit", 500),
                          posting("holder:other:client_bank", "credit", 500, in_book=False)])
    assert journal.net == 0 and journal.narration == "Payment for support: Personal care"
    assert [(line.account, line.amount) for line in journal.lines] == [
        (LedgerAccount.HELD_FUNDER, 500), (LedgerAccount.SUSPENSE, -500)]
    assert fit("Payment for support: Day centre and a very long description", 30) == "Payment for support: Day..."


def test_sage_references_tell_apart_transactions_made_in_the_same_moment() -> None:
    from wallet.persistence.repository import new_ids

    made = new_ids(1_000)  # one millisecond's worth, sharing their first twelve digits
    assert len({sage_reference(i) for i in made}) == 1_000 and all(len(sage_reference(i)) == 12 for i in made)
    older = "3f2a9c1e-77d4-4b0a-9e55-0c1d2e3f4a5b"  # version 4: as exported before
    assert sage_reference(older) == "3f2a9c1e"

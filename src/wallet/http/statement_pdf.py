"""A wallet's statement as an A4 PDF that a person, their family or an auditor can print.

Made with fpdf2 and DejaVu Sans (shipped in ``fonts/`` with its licence), embedded and subset, so
every name prints as it is written: "Tŷ Cymorth Gŵyr", not "T? Cymorth G?yr". The words come from
``wallet.domain.labels``; a section with nothing in it is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout

from wallet.domain.categories import category_label
from wallet.domain.kinds import Kind
from wallet.domain.labels import SECTION_TITLES, day_month_year, kind_label, pending_label
from wallet.domain.statements import ItemisedPayment, Section
from wallet.domain.wallets import format_pounds, hours_of_support
from wallet.http.schemas.statements import beside_the_figures, day_before, line_label, pending_money, summary
from wallet.usecases.wallet_statement import WalletStatement

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
INK, MUTED, RULE, SHADE = (20, 20, 20), (90, 90, 90), (190, 190, 190), (238, 241, 245)
# Room a heading needs below it for at least its first row, so it never ends a page alone.
HEADING_ROOM = 28  # millimetres
PENDING_TITLES = {"holds": "Money set aside for known costs", "awaiting_approval": "Payments waiting for approval"}


@dataclass(frozen=True, slots=True)
class Printed:
    """What the footer needs on every page."""

    wallet_id: str
    period: str


class StatementDocument(FPDF):
    def __init__(self, printed: Printed) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.printed = printed
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=22)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(*MUTED)
        # The wallet id is for auditors tracing a statement back to the ledger, so small print only.
        self.cell(self.epw * 0.7, 6, f"Statement for {self.printed.period} · wallet {self.printed.wallet_id}")
        self.cell(self.epw * 0.3, 6, f"Page {self.page_no()} of {{nb}}", align="R")


def statement_pdf(found: WalletStatement) -> bytes:
    wallet, statement = found.wallet, found.statement
    period = f"{day_month_year(statement.first_day)} to {day_month_year(statement.last_day)}"
    pdf = StatementDocument(Printed(wallet.id, period))
    pdf.set_title(f"Personal budget statement, {period}")
    pdf.set_author(found.holder_name)
    pdf.set_creator("wallet")
    pdf.set_lang("en-GB")
    pdf.add_page()
    _heading(pdf, found, period)
    _key_figures(pdf, found)
    for section, rows in _sections(found):
        _table_section(pdf, SECTION_TITLES[section], rows)
    _payments(pdf, found)
    _pending(pdf, found)
    beside = beside_the_figures(found)
    if beside:
        _table_section(pdf, "Also on this statement", [(label, _pounds(found, amount)) for _, label, amount in beside])
    return bytes(pdf.output())


def _pounds(found: WalletStatement, amount: int) -> str:
    return format_pounds(amount, found.wallet.currency)


def _heading(pdf: StatementDocument, found: WalletStatement, period: str) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 18)
    pdf.cell(0, 10, "Personal budget statement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(0, 7, period, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 10)
    for label, value in (("Person", found.wallet.person_ref), ("Funded by", found.funder_name),
                         ("Held by", found.holder_name)):
        pdf.set_text_color(*MUTED)
        pdf.cell(28, 6, label)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_fill_color(*SHADE)
    pdf.multi_cell(0, 6, summary(found.statement, found.wallet.currency, found.hourly_rate), fill=True,
                   padding=3, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _key_figures(pdf: StatementDocument, found: WalletStatement) -> None:
    statement = found.statement
    came_in = statement.came_in
    rows = [
        (f"Held at the end of {day_month_year(day_before(statement.first_day))}", _pounds(found, statement.opening.total)),
        ("Money in", _pounds(found, came_in)),
        ("Money out", _pounds(found, came_in - statement.movement)),
        (f"Held at the end of {day_month_year(statement.last_day)}", _pounds(found, statement.closing.total)),
    ]
    if found.hourly_rate:
        hours = hours_of_support(statement.closing.total, found.hourly_rate) or 0.0
        rows.append((f"In hours of support, at {_pounds(found, found.hourly_rate)} an hour", f"about {hours:g} hours"))
    _table_section(pdf, "Your money at a glance", rows, bold_rows=(0, 3))


def _sections(found: WalletStatement) -> list[tuple[Section, list[tuple[str, str]]]]:
    """Each section that has lines, with its lines in plain words."""
    grouped: dict[Section, list[tuple[str, str]]] = {}
    for line in found.statement.lines:
        grouped.setdefault(line.section, []).append((line_label(line), _pounds(found, line.amount)))
    return [(section, grouped[section]) for section in Section if section in grouped]


def _payments(pdf: StatementDocument, found: WalletStatement) -> None:
    items = found.statement.payments or ()
    if not items:
        return
    rows = [("Date", "What for", "Paid to", "Amount")]
    rows += [(day_month_year(item.effective_date), _what_for(found, item), item.payee or "",
              _pounds(found, item.amount)) for item in items]
    _room_for_heading(pdf)
    _title(pdf, "Every payment")
    with pdf.table(rows, col_widths=(23, 50, 16, 15), text_align=("LEFT", "LEFT", "LEFT", "RIGHT"),
                   borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=6, padding=(1, 1),
                   headings_style=FontFace(emphasis="BOLD", fill_color=SHADE)):
        pass
    pdf.ln(5)


def _what_for(found: WalletStatement, item: ItemisedPayment) -> str:
    words = category_label(item.category)
    if item.pool_id:
        words += f", the person's share of “{found.pool_names.get(item.pool_id, 'a shared pool')}”"
    if item.hours is not None and item.rate is not None:
        words += f", {item.hours} hours at {_pounds(found, item.rate)} an hour"
    if item.service_from is not None and item.service_to is not None:
        given = day_month_year(item.service_from)
        if item.service_to != item.service_from:
            given += f" to {day_month_year(item.service_to)}"
        words += f", support given {given}"
    if item.kind == Kind.REVERSAL:
        words = f"{kind_label(item.kind)}: {words} paid back"
    return words


def _pending(pdf: StatementDocument, found: WalletStatement) -> None:
    """Money set aside is still held (so it is in the figures above), listed only where it moved."""
    for group, amounts in pending_money(found.statement):
        rows = [(pending_label(code), _pounds(found, amount)) for code, amount in amounts if amount]
        if rows:
            _table_section(pdf, PENDING_TITLES[group], rows,
                           note="Still held for you, so counted in the balances above.")


def _table_section(pdf: StatementDocument, title: str, rows: Sequence[tuple[str, str]], *,
                   bold_rows: Sequence[int] = (), note: str | None = None) -> None:
    _room_for_heading(pdf)
    _title(pdf, title)
    if note:
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 10)
    with pdf.table(col_widths=(75, 25), text_align=("LEFT", "RIGHT"), first_row_as_headings=False,
                   borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=6, padding=(1, 1)) as table:
        for n, (label, amount) in enumerate(rows):
            row = table.row(style=FontFace(emphasis="BOLD") if n in bold_rows else None)
            row.cell(label)
            row.cell(amount)
    pdf.ln(5)


def _title(pdf: StatementDocument, title: str) -> None:
    pdf.set_font(FAMILY, "B", 12)
    pdf.set_text_color(*INK)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)


def _room_for_heading(pdf: StatementDocument) -> None:
    if pdf.get_y() + HEADING_ROOM > pdf.page_break_trigger:
        pdf.add_page()

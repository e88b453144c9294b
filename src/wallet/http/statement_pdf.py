"""A wallet's statement as a plain A4 PDF that a person, their family or an auditor can print.

Written by hand (PDF 1.4, uncompressed, the standard Helvetica fonts) so that the service takes
on no PDF library for one page layout, and so that the bytes stay easy to check in a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from wallet.domain.wallets import format_pounds
from wallet.http.schemas.statements import SECTION_TITLES, day_before, line_label, pending_money, summary
from wallet.usecases.wallet_statement import WalletStatement

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
LEFT, RIGHT, TOP, BOTTOM = 56, 539, 786, 72
AMOUNT_COLUMN = 100  # room kept at the right of a row for its amount
PENDING_TITLES = {"holds": "Holds for known costs", "awaiting_approval": "Payments waiting for approval"}
# Helvetica's advance widths for ASCII 32-126, in thousandths of the font size (Adobe's AFM).
# PDF has no right alignment or line wrapping: both need the width of the text.
ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)


class Row(NamedTuple):
    text: str
    amount: str = ""
    bold: bool = False
    size: float = 10
    indent: int = 0
    space_before: float = 0


def statement_pdf(found: WalletStatement) -> bytes:
    wallet, statement = found.wallet, found.statement
    footer = f"Statement of wallet {wallet.id}, {statement.first_day} to {statement.last_day}"
    pages = paginate(rows(found))
    return document([page_content(placed, f"{footer} - page {n} of {len(pages)}")
                     for n, placed in enumerate(pages, 1)])


def rows(found: WalletStatement) -> Iterator[Row]:
    wallet, statement = found.wallet, found.statement

    def pounds(amount: int) -> str:
        return format_pounds(amount, wallet.currency)

    yield Row("Personal budget statement", bold=True, size=16)
    yield Row(f"From {statement.first_day} to {statement.last_day}", space_before=6)
    yield Row(f"Person {wallet.person_ref}, wallet {wallet.id}")
    yield Row(f"Funded by {found.funder_name}, held by {found.holder_name}")
    for n, text in enumerate(wrap(summary(statement, wallet.currency), RIGHT - LEFT, 10)):
        yield Row(text, space_before=10 if n == 0 else 0)
    yield Row(f"Opening balance, held at the end of {day_before(statement.first_day)}",
              pounds(statement.opening.total), bold=True, space_before=14)
    section = None
    for line in statement.lines:
        if line.section is not section:
            section = line.section
            yield Row(SECTION_TITLES[section], bold=True, space_before=6)
        # Only the first part of a long label carries the amount, so each figure is printed once.
        for n, text in enumerate(wrap(line_label(line), RIGHT - LEFT - 12 - AMOUNT_COLUMN, 10)):
            yield Row(text, pounds(line.amount) if n == 0 else "", indent=12)
    yield Row(f"Closing balance, held at the end of {statement.last_day}",
              pounds(statement.closing.total), bold=True, space_before=14)
    yield Row("Set aside for known costs: still held above, not spent", bold=True, space_before=14)
    for group, amounts in pending_money(statement):
        yield Row(PENDING_TITLES[group], bold=True, space_before=6)
        for label, amount in amounts:
            yield Row(label, pounds(amount), indent=12)


def paginate(all_rows: Iterator[Row]) -> list[list[tuple[float, Row]]]:
    """Each row with its baseline, a page at a time; a row that would cross the bottom margin
    starts the next page."""
    pages: list[list[tuple[float, Row]]] = [[]]
    y: float = TOP
    for row in all_rows:
        y -= row.space_before + row.size * 1.4
        if y < BOTTOM and pages[-1]:
            pages.append([])
            y = TOP - row.size * 1.4
        pages[-1].append((y, row))
    return pages


def page_content(placed: list[tuple[float, Row]], footer: str) -> bytes:
    ops = []
    for y, row in [*placed, (BOTTOM - 32, Row(footer, size=8))]:
        font = b"/F2" if row.bold else b"/F1"
        ops.append(show(font, row.size, LEFT + row.indent, y, row.text))
        if row.amount:
            ops.append(show(font, row.size, RIGHT - text_width(row.amount, row.size), y, row.amount))
    return b"\n".join(ops)


def show(font: bytes, size: float, x: float, y: float, text: str) -> bytes:
    return b"BT %s %g Tf %.2f %.2f Td (%s) Tj ET" % (font, size, x, y, pdf_string(text))


def pdf_string(text: str) -> bytes:
    """The inside of a PDF literal string in WinAnsiEncoding, which cp1252 matches glyph for glyph.
    Control characters and anything else the font cannot show become '?'."""
    shown = "".join("?" if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)
    raw = shown.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_width(text: str, size: float) -> float:
    # Outside ASCII, 556 is right for '£', '€' and '?', the characters an amount can hold.
    # Bold differs from regular in letters, not in digits or punctuation.
    return sum(ASCII_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 556 for c in text) * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    lines = [""]
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines[-1] else word
        if lines[-1] and text_width(joined, size) > width:
            lines.append(word)
        else:
            lines[-1] = joined
    return lines


def document(contents: list[bytes]) -> bytes:
    """Catalog 1, pages tree 2, fonts 3 and 4, then each page and its content stream."""
    page_ids = [5 + 2 * n for n in range(len(contents))]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % i for i in page_ids), len(contents)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for page_id, content in zip(page_ids, contents, strict=True):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, page_id + 1))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    # The second line's high bytes tell transfer tools the file is binary (ISO 32000-1, 7.5.2).
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    # Every xref entry is exactly 20 bytes, its end of line included.
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)

"""A wallet's journal and its statement for a period."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from wallet.domain.errors import InvalidInput
from wallet.http.dependencies import CallerDep, ReadSessionDep, SessionDep
from wallet.http.pagination import (
    MAX_CURSOR_LENGTH,
    MAX_LIMIT,
    Page,
    PageParams,
    cursor_key,
    decode_cursor,
    encode_cursor,
    page_of,
    page_params,
)
from wallet.http.problems import PROBLEM_JSON, problem
from wallet.http.schemas.ledger import TransactionOut
from wallet.http.schemas.statements import StatementOut, statement_csv
from wallet.http.statement_pdf import statement_pdf
from wallet.http.strict import MomentOrDay, ValueDate, as_moment
from wallet.usecases.list_wallet_transactions import list_wallet_transactions
from wallet.usecases.wallet_statement import PAYMENTS_PAGE, wallet_statement

router = APIRouter(prefix="/v1", tags=["statements"])

STATEMENT_FORMATS = ("json", "csv", "pdf")


@router.get("/wallets/{wallet_id}/transactions", response_model=Page[TransactionOut], tags=["journal"],
            summary="The wallet's journal, newest last, each transaction with every posting")
def get_wallet_transactions(
    wallet_id: str, session: SessionDep, principal: CallerDep,
    page: Annotated[PageParams, Depends(page_params)],
    first_day: Annotated[ValueDate | None, Query(alias="from", description="first effective date")] = None,
    last_day: Annotated[ValueDate | None, Query(alias="to", description="last effective date")] = None,
) -> Page[TransactionOut]:
    after_seq = page.after("seq")
    if after_seq is not None and (isinstance(after_seq, bool) or not isinstance(after_seq, int)):
        raise InvalidInput("the cursor is not one this list issued", field="cursor")
    records = list_wallet_transactions(session, principal, wallet_id, after_seq=after_seq, limit=page.limit + 1,
                                       first_day=first_day, last_day=last_day)
    kept, cursor = page_of(records, page.limit, lambda record: {"seq": record.seq})
    return Page[TransactionOut](items=[TransactionOut.of(record) for record in kept], next_cursor=cursor)


@router.get(
    "/wallets/{wallet_id}/statement", response_model=StatementOut,
    summary="Opening, money in by source, money out by category, fees, pools, closing; always adds up",
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}},
                          "application/pdf": {"schema": {"type": "string", "format": "binary"}}},
              "description": "the statement; CSV when format=csv, a printable A4 PDF when format=pdf"},
        406: {"content": {PROBLEM_JSON: {}}, "description": "a format the service does not produce"},
    },
)
def get_statement(
    request: Request, wallet_id: str, session: ReadSessionDep, principal: CallerDep,
    first_day: Annotated[ValueDate, Query(alias="from", description="first effective date in the period")],
    last_day: Annotated[ValueDate, Query(alias="to", description="last effective date in the period")],
    statement_format: Annotated[str, Query(alias="format", max_length=10,
                                           description="json, csv or pdf (printable A4)")] = "json",
    as_of: Annotated[MomentOrDay | None, Query(
        description="a moment: the statement as known then, from only the postings recorded by then "
                    "(a date means the end of that day)")] = None,
    payments_limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="payments listed in `payments` (JSON)")]
    = PAYMENTS_PAGE,
    payments_cursor: Annotated[str | None, Query(
        max_length=MAX_CURSOR_LENGTH, description="`payments_next_cursor` from the previous answer: the "
                                                  "same statement, listing the next payments")] = None,
):  # type: ignore[no-untyped-def]
    statement_format = statement_format.lower()
    if statement_format not in STATEMENT_FORMATS:
        return problem(406, "not-acceptable", "Not acceptable",
                       f"statements are produced as {', '.join(STATEMENT_FORMATS[:-1])} or {STATEMENT_FORMATS[-1]}, "
                       f"not {statement_format}",
                       extensions={"supported_formats": list(STATEMENT_FORMATS)})
    settings = request.app.state.settings
    key = cursor_key(settings.cursor_key, settings.database_url)
    after = _payments_after(decode_cursor(payments_cursor, key))
    # The CSV lists no payments; the PDF prints every one; JSON lists a page and a cursor for the next.
    limit = {"csv": 0, "pdf": None}.get(statement_format, payments_limit)
    found = wallet_statement(session, principal, wallet_id, first_day=first_day, last_day=last_day,
                             as_of=as_moment(as_of), payments_after=after, payments_limit=limit)
    if statement_format == "csv":
        filename = f"statement-{wallet_id}-{first_day}-{last_day}.csv"
        return Response(statement_csv(found), media_type="text/csv; charset=utf-8",
                         headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    if statement_format == "pdf":
        filename = f"statement-{wallet_id}-{first_day}-{last_day}.pdf"
        return Response(statement_pdf(found), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    following = found.payments_next
    return StatementOut.of(found, payments_next_cursor=None if following is None else encode_cursor(
        {"payments_after": [following[0].isoformat(), following[1]]}, key))


def _payments_after(cursor: dict | None) -> tuple[date, int] | None:  # type: ignore[type-arg]
    if cursor is None:
        return None
    position = cursor.get("payments_after")
    try:
        day, seq = position  # type: ignore[misc]
        if isinstance(seq, bool) or not isinstance(seq, int) or not isinstance(day, str):
            raise ValueError
        return date.fromisoformat(day), seq
    except (TypeError, ValueError):
        raise InvalidInput("the cursor is not one this statement issued", field="payments_cursor") from None

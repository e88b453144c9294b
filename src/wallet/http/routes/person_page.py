"""The person's own page: server-rendered HTML under /me, signed in by a one-time link.

Not part of the integrators' contract (kept out of the OpenAPI document): these are pages for a
person and their family, in a browser. The flow:

- ``GET /me/sign-in/{token}`` shows a button (or says at once that the link will not work); it
  does not use the link, so a mail scanner that follows links cannot spend it.
- ``POST /me/sign-in`` uses the link (once) and sets the session cookie: HttpOnly, SameSite=Strict,
  Path=/me, Secure over TLS. Then ``303`` to the page.
- ``GET /me/wallets/{id}`` is the page; any wallet but the session's answers 404.
- ``GET /me/wallets/{id}/statement.pdf`` is the printable statement.
- ``POST /me/sign-out`` ends the session on the server; its form carries a token derived from
  the session's secret, besides the cookie's SameSite=Strict.

Every response carries a strict Content-Security-Policy (no script at all), ``no-store``,
``no-referrer`` (the sign-in address never leaks in a Referer) and ``X-Frame-Options: DENY``.
"""

from __future__ import annotations

import hmac
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from wallet.config import Settings
from wallet.domain.errors import WalletNotFound
from wallet.domain.person_page import (
    CHART_HEIGHT,
    CHART_WIDTH,
    PLOT_BOTTOM,
    PersonLinkNotUsable,
    PersonNotSignedIn,
    chart,
    hours_sentence,
    long_date,
    period_words,
)
from wallet.domain.principals import Principal
from wallet.domain.statements import check_period
from wallet.domain.wallets import format_pounds
from wallet.http.dependencies import SessionDep, read_session_for
from wallet.http.statement_pdf import statement_pdf
from wallet.usecases.person_links import (
    end_person_session,
    form_token,
    link_usable,
    person_principal,
    start_person_session,
)
from wallet.usecases.person_page import PersonView, person_page
from wallet.usecases.wallet_statement import wallet_statement

router = APIRouter(prefix="/me", include_in_schema=False)

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=jinja2.StrictUndefined))
templates.env.filters["pounds"] = format_pounds

COOKIE = "wallet_person"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def _secure(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return _secure(templates.TemplateResponse(request, name, context, status_code=status_code))


def _message(request: Request, status_code: int, heading: str, *sentences: str) -> Response:
    return _page(request, "message.html", status_code, heading=heading, sentences=sentences)


def _not_signed_in(request: Request) -> Response:
    return _message(request, 401, "You are not signed in",
                    "To see your money, use the sign-in link your council or provider gave you.",
                    "Each link works once and only for a short time. If yours has been used or is too old, "
                    "ask them for a new one.")


def _not_found(request: Request) -> Response:
    return _message(request, 404, "Page not found", "There is nothing to show at this address.")


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _same_origin(request: Request) -> bool:
    """A form posted from a page of ours, against sign-in forgery (sign-out also needs its form
    token). Browsers say where a request came from in Sec-Fetch-Site; with no-referrer pages they
    send ``Origin: null``, so Origin is only checked when it names a site."""
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    sent = urlsplit(origin)
    return (sent.scheme, sent.netloc) == (request.url.scheme, request.url.netloc)


async def _form(request: Request) -> dict[str, str]:
    """The fields of a small urlencoded form (a token or two), read without another dependency.
    A dependency, so the routes stay synchronous and their database work runs off the event loop."""
    try:
        fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    except ValueError:  # more fields than any of our forms has
        return {}
    return {name: values[0] for name, values in fields.items()}


FormDep = Annotated[dict[str, str], Depends(_form)]


def _signed_in(request: Request, session: SessionDep) -> Principal | None:
    try:
        return person_principal(session, request.cookies.get(COOKIE))
    except PersonNotSignedIn:
        return None


# --- signing in and out ------------------------------------------------------------------------


def _link_not_usable(request: Request) -> Response:
    return _message(request, 410, "This sign-in link cannot be used",
                    "Each sign-in link works once and only for a short time. This one has already been "
                    "used, is too old, or is not complete.",
                    "Ask your council or provider for a new link.")


@router.get("/sign-in/{token}")
def sign_in_page(request: Request, token: str, session: SessionDep) -> Response:
    if not link_usable(session, token):
        return _link_not_usable(request)
    return _page(request, "sign_in.html", token=token)


@router.post("/sign-in")
def sign_in(request: Request, session: SessionDep, form: FormDep) -> Response:
    if not _same_origin(request):
        return _message(request, 403, "Sign-in refused", "This sign-in did not come from this service.")
    token = form.get("token", "")
    lifetime = timedelta(hours=_settings(request).person_session_hours)
    try:
        started = start_person_session(session, token, lifetime=lifetime)
    except PersonLinkNotUsable:
        return _link_not_usable(request)
    response = _secure(RedirectResponse(f"/me/wallets/{started.record.wallet_id}", status_code=303))
    response.set_cookie(COOKIE, started.token, max_age=int(lifetime.total_seconds()), path="/me",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/sign-out")
def sign_out(request: Request, session: SessionDep, form: FormDep) -> Response:
    principal = _signed_in(request, session)
    cookie = request.cookies.get(COOKIE, "")
    sent = form.get("form_token", "")
    if principal is None:
        return _not_signed_in(request)
    if not _same_origin(request) or not hmac.compare_digest(sent, form_token(cookie)):
        return _message(request, 403, "Sign-out refused", "Use the Sign out button on your page.")
    try:
        end_person_session(session, principal)
    except PersonNotSignedIn:
        pass  # signed out by another tab a moment ago: the outcome is the same
    response = _secure(RedirectResponse("/me/signed-out", status_code=303))
    response.delete_cookie(COOKIE, path="/me", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


@router.get("/signed-out")
def signed_out(request: Request) -> Response:
    return _message(request, 200, "You have signed out",
                    "Nobody can see your money on this device now without a new sign-in link.")


# --- the page ----------------------------------------------------------------------------------


@router.get("")
def home(request: Request, session: SessionDep) -> Response:
    principal = _signed_in(request, session)
    if principal is None:
        return _not_signed_in(request)
    return _secure(RedirectResponse(f"/me/wallets/{principal.wallet_id}", status_code=303))


@router.get("/wallets/{wallet_id}")
def wallet_page(request: Request, wallet_id: str, session: SessionDep) -> Response:
    principal = _signed_in(request, session)
    if principal is None:
        return _not_signed_in(request)
    try:
        # Signed in on the primary (a session ended elsewhere is refused at once); the page itself
        # may come from the standby.
        with read_session_for(request, principal.organisation_id, session) as reader:
            view = person_page(reader, principal, wallet_id)
    except WalletNotFound:
        return _not_found(request)
    return _page(request, "person.html", **_context(view), form_token=form_token(request.cookies[COOKIE]))


@router.get("/wallets/{wallet_id}/statement.pdf")
def statement(request: Request, wallet_id: str, session: SessionDep,
              first_day: Annotated[date, Query(alias="from")],
              last_day: Annotated[date, Query(alias="to")]) -> Response:
    principal = _signed_in(request, session)
    if principal is None:
        return _not_signed_in(request)
    check_period(first_day, last_day)
    try:
        with read_session_for(request, principal.organisation_id, session) as reader:
            found = wallet_statement(reader, principal, wallet_id, first_day=first_day, last_day=last_day,
                                     payments_limit=None)  # printed: every payment
    except WalletNotFound:
        return _not_found(request)
    filename = f"statement-{first_day}-{last_day}.pdf"
    return _secure(Response(statement_pdf(found), media_type="application/pdf",
                            headers={"Content-Disposition": f'inline; filename="{filename}"'}))


@router.get("/style.css")
def stylesheet() -> Response:
    response = FileResponse(TEMPLATES_DIR / "person.css", media_type="text/css")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _context(view: PersonView) -> dict[str, Any]:
    balances, currency = view.balances, view.wallet.currency
    return {
        "view": view,
        "currency": currency,
        "today_words": long_date(view.today),
        "hours": hours_sentence(balances.available, view.hourly_rate, currency),
        "period": period_words(view.first_day, view.last_day),
        "chart": chart(list(view.weeks), currency),
        "chart_width": CHART_WIDTH, "chart_height": CHART_HEIGHT, "plot_bottom": PLOT_BOTTOM,
        "next_due": view.next_money.due_words(view.today) if view.next_money else None,
        "statement_url": f"/me/wallets/{view.wallet.id}/statement.pdf?from={view.first_day}&to={view.last_day}",
    }

"""The person's page in a real browser: Debian's headless Chromium, driven by Playwright, against
the app served over real HTTP on a free loopback port, on the test's own database.

Lauren (from the demo data) signs in with the link her council issued, at a phone's width and a
desktop's; the page must say what the API says, read in order with the keyboard, keep its text
readable against its background, and never scroll sideways at 320 px or at 200% zoom. Screenshots
are saved under the test's tmp dir (the path is printed) and copied to /tmp/person-page-390.png and
/tmp/person-page-1280.png.

Skipped, saying why, when /usr/bin/chromium is not installed (`.ci/run` installs it).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support import Api
from wallet.demo import DemoResult, load_demo
from wallet.domain.person_page import long_date
from wallet.persistence.db import Database
from wallet.persistence.types import utc_now

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=(
    "headless Chromium is not installed at /usr/bin/chromium: `apt-get install chromium` "
    "(Debian's package; .ci/run installs it) to run the person's page in a real browser"))
playwright_api = pytest.importorskip("playwright.sync_api", reason="the test extra's playwright is not installed")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = (390, 1280)

# Every element with text of its own, its colour and the first opaque background behind it.
TEXT_COLOURS = """() => {
  const opaque = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.display === 'none' || style.visibility === 'hidden' || el.closest('svg, .visually-hidden')) continue;
    found.push([el.tagName, el.textContent.trim().slice(0, 40), style.color, opaque(el)]);
  }
  return found;
}"""


def _channels(colour: str) -> tuple[float, float, float]:
    parts = colour[colour.index("(") + 1:colour.index(")")].split(",")
    return tuple(float(p) for p in parts[:3])  # type: ignore[return-value]


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in _channels(colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app over real HTTP, in a thread, until the test ends."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn-person-page", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def demo(database: Database) -> DemoResult:
    return load_demo(database, utc_now().date())


def sign_in_url(api: Api, served: str, demo: DemoResult) -> str:
    lauren = demo.wallets["Lauren"]
    issued = api.post(f"/v1/wallets/{lauren.id}/person-links", demo.funders[lauren.funder].key)
    assert issued.status == 201, issued.body
    return served + "/me/sign-in/" + issued.body["url"].rsplit("/", 1)[1]


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def save(page: Any, folder: Path, width: int) -> Path:
    path = folder / f"person-page-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    shutil.copyfile(path, f"/tmp/person-page-{width}.png")
    print(f"screenshot of the person's page at {width} px: {path} (copied to /tmp/person-page-{width}.png)")
    return path


def test_lauren_sees_what_the_api_says_at_phone_and_desktop_widths(api: Api, served: str, browser: Any,
                                                                    demo: DemoResult, tmp_path: Path) -> None:
    lauren = demo.wallets["Lauren"]
    wallet = api.get(f"/v1/wallets/{lauren.id}", demo.person_key).body
    [pool] = api.get("/v1/pools", demo.person_key).body["items"]
    [member] = api.get(f"/v1/pools/{pool['id']}", demo.person_key).body["members"]
    [schedule] = api.get(f"/v1/wallets/{lauren.id}/schedules", demo.person_key).body["items"]
    today = utc_now().date()
    next_monday = today + timedelta(days=7 - today.weekday())  # the demo is paid through this week
    folder = tmp_path / "screenshots"
    folder.mkdir()

    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 844})
    page = context.new_page()
    refused: list[str] = []  # anything the Content-Security-Policy blocked: the page must need nothing it forbids
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(sign_in_url(api, served, demo))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/me/wallets/{lauren.id}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        assert page.get_by_role("heading", level=1).all_inner_texts() == ["Your money"]
        figure = lambda name: page.locator(f'[data-figure="{name}"]').inner_text().strip()  # noqa: E731
        assert figure("available") == wallet["display"]["available"]
        assert figure("awaiting_approval") == wallet["display"]["awaiting_approval"]
        assert f"about {int(wallet['hours']['available'])} hours of support" in figure("hours")
        assert page.locator(f'[data-pool="{pool["id"]}"]').inner_text() == f"£{member['share'] / 100:,.2f}"
        assert figure("next_amount") == f"£{schedule['amount'] / 100:,.2f}"
        assert figure("next_due") == f"It is due on {long_date(next_monday)}."
        assert page.get_by_role("img", name="Money in and money out each week").count() == 1
        assert no_sideways_scroll(page), f"the page scrolls sideways at {width} px"
        save(page, folder, width)

    # A person on a small phone, and on a desktop zoomed to 200% (half the CSS pixels).
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 700})
        page.reload()
        assert no_sideways_scroll(page), f"the page scrolls sideways at {width} px"

    low = [(tag, words, colour, behind, round(contrast(colour, behind), 2))
           for tag, words, colour, behind in page.evaluate(TEXT_COLOURS) if contrast(colour, behind) < 4.5]
    assert low == [], f"text below 4.5:1 contrast: {low}"

    assert refused == []

    statement = page.get_by_role("link", name=re.compile("Your statement for"))
    response = page.request.get(served + statement.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    context.close()


def test_the_keyboard_reaches_everything_in_order_and_sign_out_ends_the_session(
        api: Api, served: str, browser: Any, demo: DemoResult) -> None:
    lauren = demo.wallets["Lauren"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(sign_in_url(api, served, demo))
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Sign in"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/me/wallets/{lauren.id}")

    # Skip link, sign-out, then the statement link: each shows where the focus is.
    reached = []
    while not reached or not reached[-1].startswith("Your statement for"):
        assert len(reached) < 6, f"the statement link was not reached by Tab: {reached}"
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        focus = page.evaluate("[getComputedStyle(document.activeElement).outlineStyle, "
                              "getComputedStyle(document.activeElement).boxShadow]")
        assert focus != ["none", "none"], f"no visible focus on {reached[-1]}"
    assert reached[:2] == ["Skip to main content", "Sign out"]

    page.goto(f"{served}/me/wallets/{lauren.id}")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/me/signed-out")
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    response = page.goto(f"{served}/me/wallets/{lauren.id}")
    assert response is not None and response.status == 401
    assert page.get_by_role("heading", level=1).inner_text() == "You are not signed in"
    context.close()


"""A live server on 127.0.0.1 and Debian's Chromium driven by Playwright, with axe-core."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import body_text

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def html(page) -> str:
    """The page's HTML once its document has loaded.

    A click that submits a form returns when the next document is committed, before it is
    parsed; reading `page.content()` then can give an empty or half page (Playwright says as
    much in microsoft/playwright#8958). Waiting for the load state first makes it certain.
    """
    page.wait_for_load_state("load")
    return page.content()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield instance
        instance.close()


def _new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server, locale="da-DK", **options)
    context.set_default_timeout(10_000)
    external: list[str] = []

    def _route(route):
        url = route.request.url
        if url.startswith(live_server) or url.startswith("data:"):
            return route.continue_()
        external.append(url)
        return route.abort()

    context.route("**/*", _route)
    page = context.new_page()
    page.external_requests = external
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    assert page.external_requests == [], "the page asked another site for something"
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A small phone with JavaScript switched off."""
    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740},
                              java_script_enabled=False)
    yield page
    assert page.external_requests == []
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page) -> None:
        page.wait_for_load_state("load")  # check the page the last click led to, all of it
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                         "resultTypes": ["violations"]})
        assert results.violations_count == 0, (
            f"axe found violations on {page.url}:\n{results.generate_report()}")

    return check


def assert_no_horizontal_scroll(page) -> None:
    page.wait_for_load_state("load")  # after a click the next document may not exist yet
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width}px wide on a {viewport}px screen"


def log_in(browser, live_server, pseudonym: str, totp_code: str | None = None):
    """A new browser context logged in as `pseudonym` (with the TOTP code for staff)."""
    from tests.factories import PASSWORD

    context = browser.new_context(base_url=live_server, locale="da-DK")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/konto/log-ind")
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    if totp_code:
        page.fill("#code", totp_code)
        page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page), pseudonym
    return context, page


def open_mailed_link(page, smtp_server) -> None:
    """Open the link in the newest mail the loopback SMTP server got, as a reader would."""
    mailed = body_text(smtp_server.messages[-1])
    page.goto(re.search(r"http://borgernet\.test(/\S+)", mailed).group(1))

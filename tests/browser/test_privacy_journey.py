"""Download one's data and delete one's profile from the profile page: on a 360 px phone
without JavaScript, and again at 360 px with axe-core (which needs JavaScript to run) on
every page, the readable page in the ZIP included."""

from __future__ import annotations

import base64
import io
import zipfile

from tests.browser.conftest import assert_no_horizontal_scroll, html
from tests.factories import PASSWORD, make_user


def _log_in(page, pseudonym: str) -> None:
    page.goto("/konto/log-ind")
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page)


def _journey(page, check) -> None:
    """Export (after a wrong password), then delete (after a wrong password); `check` runs on
    every page."""
    make_user("Sanne Data", "sanne.data@example.org")
    _log_in(page, "Sanne Data")

    page.goto("/konto/profil")
    check(page)
    page.click("a:has-text('Hent dine data')")
    check(page)
    page.fill("#password", "forkert-adgangskode")
    page.click("button:has-text('Hent mine data')")
    assert "Adgangskoden er forkert." in html(page)
    check(page)
    page.fill("#password", PASSWORD)
    with page.expect_download() as download_info:
        page.click("button:has-text('Hent mine data')")
    download = download_info.value
    assert download.suggested_filename == "borgernet-data.zip"
    with open(download.path(), "rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    readable = archive.read("borgernet-data.html").decode()
    assert "sanne.data@example.org" in readable

    page.goto("/konto/profil")
    page.click("a:has-text('Slet din profil')")
    check(page)
    page.check("#erase_text")
    page.fill("#password", "forkert-adgangskode")
    page.click("button:has-text('Slet min profil')")
    assert "Adgangskoden er forkert." in html(page)
    assert page.is_checked("#erase_text")
    check(page)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Slet min profil')")
    assert "Din profil er slettet" in html(page)
    check(page)
    page.goto("/konto/profil")
    assert "/konto/log-ind" in page.url

    # The readable page from the ZIP, on its own.
    page.goto("data:text/html;base64," + base64.b64encode(readable.encode()).decode())
    assert "Dine data fra Borgernet" in html(page)
    check(page)


def test_export_and_delete_on_a_phone_without_javascript(phone_page, app_ctx):
    _journey(phone_page, assert_no_horizontal_scroll)


def axe_on_a_phone(page, assert_accessible):
    """Make `page` a 360 px screen; the check for each page: axe and no sideways scrolling."""
    page.set_viewport_size({"width": 360, "height": 740})

    def check(current) -> None:
        assert_accessible(current)
        assert_no_horizontal_scroll(current)

    return check


def test_export_and_delete_pages_pass_axe_at_360px(page, assert_accessible, app_ctx):
    _journey(page, axe_on_a_phone(page, assert_accessible))


def _large_journey(page, check) -> None:
    """A large export: the job builds it, the page shows the link, the link downloads it;
    a changed link gets a plain page."""
    make_user("Stor Sanne", "stor.sanne@example.org")
    _log_in(page, "Stor Sanne")  # the visit is noted: one row, more than the threshold of 0
    page.goto("/konto/profil/data")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Hent mine data')")
    assert "Din fil er klar" in html(page) and "Linket virker til" in html(page)
    check(page)
    link = page.get_attribute("a:has-text('Hent filen med dine data')", "href")
    with page.expect_download() as download_info:
        page.click("a:has-text('Hent filen med dine data')")
    with open(download_info.value.path(), "rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    assert "stor.sanne@example.org" in archive.read("borgernet-data.html").decode()
    page.goto(link[:-3] + "xyz")
    assert "Linket virker ikke" in html(page)
    check(page)


def test_large_export_on_a_phone_without_javascript(phone_page, app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_INLINE_MAX_ROWS", 0)
    _large_journey(phone_page, assert_no_horizontal_scroll)


def test_large_export_pages_pass_axe_at_360px(page, assert_accessible, app, app_ctx,
                                              monkeypatch):
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_INLINE_MAX_ROWS", 0)
    _large_journey(page, axe_on_a_phone(page, assert_accessible))

"""A citizen's first visit in a real browser: every page passes axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, html, open_mailed_link
from tests.factories import PASSWORD, make_user

PUBLIC_PAGES = ["/", "/konto/log-ind", "/konto/opret", "/konto/glemt-adgangskode",
                "/om/retningslinjer", "/om/vilkaar", "/om/privatliv", "/om/tilgaengelighed",
                "/findes-ikke"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_accessible(page, assert_accessible, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "da"
    assert_accessible(page)


def test_register_change_pseudonym_log_out_and_in(page, assert_accessible, app_ctx, smtp_server):
    page.goto("/konto/opret")
    # First with errors: the error summary must itself be accessible and keep what was typed.
    page.fill("#pseudonym", "Sofie fra Vest")
    page.fill("#email", "ikke-en-email")
    page.fill("#password", "kort")
    page.fill("#password_confirm", "kort")
    page.click("button.button-primary")
    assert page.locator(".alert-error").is_visible()
    assert page.input_value("#pseudonym") == "Sofie fra Vest"
    assert page.input_value("#password") == ""
    assert_accessible(page)

    page.fill("#email", "sofie@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#password_confirm", PASSWORD)
    page.check("#accept_terms")
    page.click("button.button-primary")
    assert "Tjek din indbakke" in html(page)
    assert_accessible(page)

    # Not confirmed yet: the right password gets a clear answer and a way to a new link.
    page.goto("/konto/log-ind")
    page.fill("#login", "sofie@example.org")
    page.fill("#password", PASSWORD)
    page.click("button.button-primary")
    assert "Din profil er ikke klar endnu" in html(page)
    assert_accessible(page)
    page.click("button:has-text('Send linket igen')")
    assert "Vi har sendt et nyt link" in html(page)
    assert len(smtp_server.messages) == 2

    open_mailed_link(page, smtp_server)
    assert_accessible(page)
    page.click("button:has-text('Bekræft og log ind')")
    assert "Velkommen til Borgernet" in html(page)
    assert_accessible(page)

    page.click("text=Min profil")
    assert_accessible(page)
    page.click("text=Skift pseudonym")
    page.fill("#pseudonym", "Sofie V")
    page.click("button.button-primary")
    assert "Dit pseudonym er nu Sofie V" in html(page)

    page.click("text=Slå totrinsbekræftelse til")
    page.wait_for_load_state("load")
    assert page.locator("img.bn-qr").evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)

    page.click("button:has-text('Log ud')")
    assert "Du er logget ud" in html(page)
    page.click("nav >> text=Log ind")
    page.fill("#login", "sofie@example.org")
    page.fill("#password", PASSWORD)
    page.click("button.button-primary")
    assert "Du er logget ind" in html(page)


def test_language_switch_in_browser(page, assert_accessible, app_ctx):
    make_user(pseudonym="Maria")
    page.goto("/")
    page.click("a:has-text('English')")  # a visitor's choice is a plain link ...
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.context.cookies() == []  # ... that needs no cookie
    assert_accessible(page)
    page.click("nav >> a[href^='/konto/log-ind']")  # every link keeps the choice
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("#login", "Maria")
    page.fill("#password", PASSWORD)
    page.click("button.button-primary")
    page.goto("/")  # ... and so does the log-in, for the rest of the visit
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("button:has-text('Dansk')")  # logged in, the choice is saved
    assert page.locator("html").get_attribute("lang") == "da"
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/konto/opret", "/konto/log-ind", "/om/privatliv"])
def test_small_phone_without_javascript(phone_page, path):
    phone_page.goto(path)
    assert_no_horizontal_scroll(phone_page)


def test_login_works_without_javascript(phone_page, app_ctx):
    make_user(pseudonym="Karim")
    phone_page.goto("/konto/log-ind")
    phone_page.fill("#login", "Karim")
    phone_page.fill("#password", PASSWORD)
    phone_page.click("button.button-primary")
    assert re.search("Du er logget ind", html(phone_page))
    assert_no_horizontal_scroll(phone_page)
    phone_page.goto("/konto/profil")
    assert_no_horizontal_scroll(phone_page)

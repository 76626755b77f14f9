"""Issue 3's journey in a real browser: register, join, start a thread, reply with a quote,
react, edit, log out — with zero axe-core violations on every page, also on a small phone
with JavaScript switched off."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, html, open_mailed_link
from tests.factories import PASSWORD, make_municipality

NETWORK_PATH = "/kommuner/{m}/sygedagpenge/"


def _journey(page, check, municipality_slug: str, pseudonym: str, smtp_server) -> None:
    page.goto("/konto/opret")
    page.fill("#pseudonym", pseudonym)
    page.fill("#email", f"{pseudonym.lower().replace(' ', '')}@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#password_confirm", PASSWORD)
    page.check("#accept_terms")
    page.click("button:has-text('Opret profil')")
    assert "Tjek din indbakke" in html(page)
    open_mailed_link(page, smtp_server)
    page.click("button:has-text('Bekræft og log ind')")
    assert "Velkommen til Borgernet" in html(page)

    page.goto(f"/kommuner/{municipality_slug}/")
    check(page)
    page.click("a:has-text('Sygedagpenge')")
    check(page)
    page.click("button:has-text('Bliv medlem')")
    assert "Velkommen i netværket" in html(page)
    check(page)

    page.click("a:has-text('Start en ny tråd')")
    check(page)
    page.fill("#title", "Opfølgning over telefonen mens man er syg")
    page.fill("#body", "Jeg er syg og har **svært ved at møde op**. Kan samtalen tages over telefonen?")
    page.get_by_role("button", name="Se hvordan det ser ud").click()
    assert page.locator(".bn-preview strong").inner_text() == "svært ved at møde op"
    check(page)
    page.get_by_role("button", name="Opret tråd").click()
    assert "Din tråd er oprettet" in html(page)
    check(page)

    page.click("a:has-text('Citér')")
    check(page)
    assert page.locator(".bn-quoting blockquote").count() == 1  # shown above, not in the box
    assert page.input_value("#body") == ""
    page.fill("#body", "Ja, spørg din sagsbehandler om det.")
    page.get_by_role("button", name="Send svar").click()
    assert "Dit svar er sendt" in html(page)
    assert page.locator("article blockquote").count() >= 1
    check(page)

    page.locator("article").first.locator("button:has-text('Genkender det')").click()
    assert page.locator("article").first.locator("button[aria-pressed='true']").count() == 1
    check(page)

    page.locator("article").last.locator("a:has-text('Ret')").click()
    check(page)
    page.fill("#body", "Ja, spørg din sagsbehandler om en telefonsamtale.")
    page.get_by_role("button", name="Gem ændringer").click()
    assert "Dit indlæg er rettet" in html(page)
    assert page.locator(".bn-edited").count() == 1
    check(page)

    page.click("button:has-text('Log ud')")
    assert "Du er logget ud" in html(page)
    check(page)


def test_forum_journey_with_axe(page, assert_accessible, app_ctx, smtp_server):
    municipality = make_municipality("Journeykommune")
    _journey(page, assert_accessible, municipality.slug, "Syg Sanne", smtp_server)


@pytest.fixture
def phone_check():
    def check(page) -> None:
        assert_no_horizontal_scroll(page)

    return check


def test_forum_journey_on_a_small_phone_without_javascript(phone_page, phone_check, app_ctx,
                                                           smtp_server):
    municipality = make_municipality("Telefonkommune")
    _journey(phone_page, phone_check, municipality.slug, "Mobil Mads", smtp_server)

"""Issue 13, item 5 in a real browser on a small phone (360 px): forms at the level people know
from borger.dk and GOV.UK. A form sent with errors puts "Fejl:" first in the page title, its
error summary links to each field, each field says what to write, and what was typed stays;
the log-in code field brings up the number pad and offers the code; a date field's hint
matches what the browser shows; a quote stands above the reply box as a quote, not as
Markdown; the report page names the post it reports; the new-proposal form says who can read
a draft. Zero axe violations on every page."""

from __future__ import annotations

import pyotp

from app.extensions import db
from app.networks.services import appoint_moderator, join_network
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.browser.test_ux_journey import PHONE, _dagpenge, _phone_as
from tests.factories import PASSWORD, make_post, make_thread, make_user

BO_SAYS = "Min samtale gik **rigtig godt**, fordi jeg havde en bisidder med."


def _network_with(town: str, *names: str):
    """The town's Dagpenge network with these members."""
    network = _dagpenge(town)
    people = [make_user(pseudonym=name) for name in names]
    for person in people:
        join_network(person, network)
    db.session.commit()
    return network, people


def _check(page, assert_accessible) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _assert_error_page(page, field_id: str, message: str) -> None:
    """The title begins "Fejl:", the summary links to the field, the field says what to do."""
    html(page)
    assert page.title().startswith("Fejl: ")
    summary = page.get_by_role("alert").filter(has_text="Ret det markerede")
    link = summary.locator(f"a[href='#{field_id}']")
    assert link.count() == 1 and message in link.inner_text()
    assert message in page.locator(f"#{field_id}-error").inner_text()
    assert page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"


def test_a_form_with_errors_says_so_in_the_title_and_per_field(browser, live_server,
                                                               assert_accessible, app_ctx):
    network, _people = _network_with("Formby", "Anna")
    network_path = f"/kommuner/{network.municipality.slug}/dagpenge"
    context, page = _phone_as(browser, live_server, "Anna")

    page.goto(f"{network_path}/ny-traad")
    assert not page.title().startswith("Fejl")
    hint = page.locator("#body-hint").inner_text()
    assert "tom linje mellem afsnit" in hint and "**" not in hint and ">" not in hint
    page.fill("#body", "Har nogen prøvet at få en bisidder med?")
    page.get_by_role("button", name="Opret tråd").click()
    _assert_error_page(page, "title", "Skriv en overskrift.")
    assert page.input_value("#body") == "Har nogen prøvet at få en bisidder med?"
    _check(page, assert_accessible)
    page.fill("#title", "Hej")
    page.get_by_role("button", name="Opret tråd").click()
    _assert_error_page(page, "title", "Overskriften skal være mindst 5 tegn.")
    assert page.input_value("#title") == "Hej"

    page.goto(f"{network_path}/forslag/nyt")
    note = page.locator("#draft-note")
    assert "også mens det er et udkast" in note.inner_text()
    assert note.bounding_box()["y"] < page.locator("#title").bounding_box()["y"]
    page.fill("#title", "Bisidder til alle samtaler")
    page.get_by_role("button", name="Gem").click()
    _assert_error_page(page, "problem", "Skriv, hvad problemet er.")
    assert page.input_value("#title") == "Bisidder til alle samtaler"
    _check(page, assert_accessible)
    assert page.external_requests == []
    context.close()


def test_code_and_date_fields_fit_a_phone(browser, live_server, assert_accessible, app_ctx):
    network, _people = _network_with("Kodeby", "Birk")
    mona = make_user(pseudonym="Mona", totp=True)
    appoint_moderator(mona, network)
    db.session.commit()
    secret, queue_path = mona.totp_secret, f"/kommuner/{network.municipality.slug}/dagpenge/moderation"

    context, page = _new_page(browser, live_server, **PHONE)
    page.goto("/konto/log-ind")
    page.fill("#login", "Mona")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    html(page)
    code = page.locator("#code")
    assert code.get_attribute("inputmode") == "numeric"
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert code.get_attribute("spellcheck") == "false"
    _check(page, assert_accessible)
    page.get_by_role("button", name="Log ind").click()
    _assert_error_page(page, "code", "Skriv koden fra din godkenderapp.")
    page.get_by_role("link", name="Brug en reservekode").click()
    html(page)
    assert page.locator("#code").get_attribute("inputmode") == "text"  # letters too
    assert page.locator("#code").get_attribute("autocomplete") == "off"
    assert "Reservekode" in page.locator("label[for='code']").inner_text()
    _check(page, assert_accessible)
    page.get_by_role("link", name="Brug koden fra appen i stedet").click()
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page)

    page.goto(queue_path)
    until = page.locator("#s-until")
    assert until.get_attribute("type") == "date"  # a Danish browser shows dd.mm.åååå
    assert "dag, måned og år, for eksempel 24.12.2026" in page.locator("#s-until-hint").inner_text()
    page.fill("#s-pseudonym", "Birk")
    page.fill("#s-until", "2099-12-24")
    page.get_by_role("button", name="Udeluk").click()
    _assert_error_page(page, "s-reason", "Skriv en begrundelse.")
    assert page.input_value("#s-until") == "2099-12-24" and page.input_value("#s-pseudonym") == "Birk"
    _check(page, assert_accessible)
    assert page.external_requests == []
    context.close()


def test_a_quote_reads_as_a_quote_and_the_report_page_names_the_post(
        browser, live_server, assert_accessible, app_ctx):
    network, (anna, bo) = _network_with("Citatby", "Anna", "Bo")
    thread = make_thread(network, anna, title="Bisidder til samtaler", body="Hvem har prøvet?")
    post = make_post(thread, bo, BO_SAYS)
    thread_path, post_id = f"/traade/{thread.id}", post.id
    context, page = _phone_as(browser, live_server, "Anna")

    page.goto(thread_path)
    page.locator(f"#post-{post_id}").get_by_role("link", name="Citér").click()
    html(page)
    quoting = page.get_by_role("region", name="Du citerer Bo")
    assert quoting.locator("blockquote").count() == 1
    assert "rigtig godt" in quoting.inner_text() and "**" not in quoting.inner_text()
    assert page.input_value("#body") == ""  # no "> " Markdown dumped in the box
    _check(page, assert_accessible)
    page.fill("#body", "Det vil jeg også prøve.")
    page.get_by_role("button", name="Send svar").click()
    assert "Dit svar er sendt" in html(page)
    mine = page.locator("article").last
    assert mine.locator("blockquote").count() == 1 and "Bo skrev:" in mine.inner_text()
    assert "Det vil jeg også prøve." in mine.inner_text() and "> " not in mine.inner_text()
    mine.get_by_role("link", name="Ret").click()
    html(page)
    assert page.input_value("#body") == "Det vil jeg også prøve."  # the quote is above the box
    assert "rigtig godt" in page.get_by_role("region", name="Dit indlæg begynder med et citat").inner_text()
    _check(page, assert_accessible)

    page.goto(thread_path)
    page.locator(f"#post-{post_id}").get_by_role("link", name="Anmeld indlægget").click()
    html(page)
    assert page.locator("h1").inner_text() == "Anmeld indlægget fra Bo"
    assert page.title().startswith("Anmeld indlægget fra Bo")
    reported = page.get_by_role("region", name="Det er det, du anmelder")
    assert "Skrevet af Bo" in reported.inner_text()
    assert "rigtig godt, fordi" in reported.inner_text() and "**" not in reported.inner_text()
    assert "Bisidder til samtaler" in reported.inner_text()
    _check(page, assert_accessible)
    page.get_by_role("button", name="Send anmeldelse").click()
    html(page)
    assert page.title().startswith("Fejl: Anmeld indlægget fra Bo")
    assert "Vælg en grund." in page.locator("#reason-error").inner_text()
    page.get_by_role("radio", name="Andet").check()
    page.get_by_role("button", name="Send anmeldelse").click()
    _assert_error_page(page, "text", "Skriv, hvad problemet er.")
    _check(page, assert_accessible)
    assert page.external_requests == []
    context.close()

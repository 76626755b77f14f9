"""Issue 12, item 4 in a real browser: staff find their work from the main menu.

A committee member (two-factor log-in) reaches `/udvalg` from "Udvalget" in the menu; a
moderator of two networks (two-factor log-in) reaches the cross-network queue from the
"new reports" badge, sees the membership request and the crisis alert counted there, marks
the alert handled and dismisses a report from its own row. Zero axe-core violations on every
page, on a desktop and on a 360 px phone screen (no sideways scrolling there)."""

from __future__ import annotations

import pyotp
import pytest

from app.core.events import record_event
from app.core.guard import CRISIS_ALERT
from app.extensions import db
from app.networks.services import appoint_moderator
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.factories import (
    PASSWORD,
    join,
    make_committee_member,
    make_member,
    make_municipality,
    make_post,
    make_thread,
    make_user,
    network_by_slug,
)
from tests.moderation.builders import report

SCREENS = ["page", "narrow_page"]


@pytest.fixture
def narrow_page(browser, live_server):
    """A 360 px wide phone screen. JavaScript stays on here: axe-core runs in the page (the
    phone_page fixture switches it off, and the pages work without it, as the journey shows)."""
    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740})
    yield page
    assert page.external_requests == []
    context.close()


def _log_in(page, pseudonym: str, secret: str) -> None:
    page.goto("/konto/log-ind")
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    page.fill("#code", pyotp.TOTP(secret).now())  # read now: a code lasts 30 seconds
    page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page), pseudonym


def _check(page, assert_accessible) -> None:
    assert_accessible(page)
    if page.viewport_size and page.viewport_size["width"] <= 360:
        assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_committee_member_reaches_the_committee_from_the_menu(
        request, screen, assert_accessible, app_ctx):
    page = request.getfixturevalue(screen)
    municipality = make_municipality("Udvalgsby")
    member = make_committee_member(municipality, pseudonym="Udvalg Ulrik", totp=True)
    secret = member.totp_secret
    db.session.commit()

    _log_in(page, "Udvalg Ulrik", secret)
    _check(page, assert_accessible)
    assert page.locator(".bn-nav").get_by_role("link", name="Udvalget").count() == 1
    page.locator(".bn-nav").get_by_role("link", name="Udvalget").click()
    assert "Forslag til beskæftigelsesudvalget i Udvalgsby" in html(page)
    assert page.url.endswith("/udvalg/udvalgsby")
    _check(page, assert_accessible)

    # The front page has the way there too.
    page.goto("/")
    page.locator("main").get_by_role("link", name="Udvalget: forslag sendt til jer og jeres svar").click()
    assert "Forslag til beskæftigelsesudvalget i Udvalgsby" in html(page)
    _check(page, assert_accessible)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_moderator_reaches_the_cross_network_queue_from_the_badge(
        request, screen, assert_accessible, app_ctx):
    page = request.getfixturevalue(screen)
    municipality = make_municipality("Køby")
    dagpenge = network_by_slug(municipality, "dagpenge")
    closed = network_by_slug(municipality, "ressourceforloeb")
    moderator = make_user(pseudonym="Moderator Molly", totp=True)
    appoint_moderator(moderator, dagpenge)
    appoint_moderator(moderator, closed)
    db.session.commit()
    author, reporter = make_member(dagpenge, pseudonym="Anna"), make_member(dagpenge, pseudonym="Birk")
    thread = make_thread(dagpenge, author, title="Ventetid i telefonen")
    post = make_post(thread, author, "Jeg orker ikke mere.")
    report(reporter, post, "other", "Skriver navnet på sin sagsbehandler.")
    join(make_user(pseudonym="Ansøger Ali"), closed)
    record_event(CRISIS_ALERT, actor=author, network_id=dagpenge.id, thread_id=thread.id,
                 post_id=post.id)
    db.session.commit()
    secret = moderator.totp_secret

    _log_in(page, "Moderator Molly", secret)
    _check(page, assert_accessible)
    page.locator(".bn-nav").get_by_role("link", name="1 ny anmeldelse venter").click()
    assert "Moderation i dine netværk" in html(page)
    assert page.url.endswith("/moderation#anmeldelser")
    content = html(page)
    for counted in ("1 mulig krise", "1 åben anmeldelse", "1 anmodning om medlemskab"):
        assert counted in content, counted
    assert "Ansøger Ali vil gerne være medlem af Ressourceforløb (Køby)" in content
    assert "Skriver navnet på sin sagsbehandler." in content
    _check(page, assert_accessible)

    # The crisis alert: handled, with a note for the log; it leaves the open list.
    page.get_by_label("Hvad har du gjort? Frivilligt, står kun i loggen").fill(
        "Skrev til Anna om Livslinien.")
    page.get_by_role("button", name="Markér som håndteret").click()
    content = html(page)
    assert "Den mulige krise er markeret som håndteret og skrevet i loggen." in content
    assert "0 mulige kriser" in content and "Der er ingen åbne tegn på krise." in content
    _check(page, assert_accessible)

    # The report: dismissed from its own row, without the bulk form.
    page.get_by_role("button", name="Afvis anmeldelserne af: Ventetid i telefonen").click()
    content = html(page)
    assert "Handlingen er udført og skrevet i loggen." in content
    assert "Der er ingen åbne anmeldelser." in content and "0 åbne anmeldelser" in content
    assert "anmeldelse venter" not in content  # the badge is gone with the report
    _check(page, assert_accessible)

    # From the queue to the network's forwarding dashboard.
    page.get_by_role("link", name="Send forslag til udvalget fra Dagpenge").click()
    assert page.url.endswith("/kommuner/koeby/dagpenge/videresend")
    _check(page, assert_accessible)

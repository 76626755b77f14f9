"""Issue 11's focus-group journey in a real browser: a member volunteers for a focus group
(with a mistake first, then consent); the organiser (a moderator with two-factor log-in)
draws the lottery; the member is selected, accepts the seat and sees the calendar link; the
organiser then sees the member's contact details; a visitor reads how the lots were drawn —
with zero axe-core violations on every page, and the volunteer form on a 360 px phone
without JavaScript."""

from __future__ import annotations

import pyotp

from app.focusgroups.models import FocusGroupState
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.factories import PASSWORD
from tests.focusgroups.builders import build_focus_scene, make_focus_group
from tests.proposals.builders import done


def _log_in(browser, live_server, check, pseudonym: str, secret: str | None = None):
    context, page = _new_page(browser, live_server)
    page.goto("/konto/log-ind")
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    if secret:
        page.fill("#code", pyotp.TOTP(secret).now())
        page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page), pseudonym
    check(page)
    return context, page


def test_volunteer_be_selected_and_accept_with_axe(app, browser, live_server, assert_accessible,
                                                   phone_page, app_ctx):
    scene = build_focus_scene("Fokusby")
    focus_group = make_focus_group(scene, FocusGroupState.OPEN, seats=2)
    done()
    url = f"/fokusgrupper/{focus_group.id}"

    # A visitor reads the invitation and the lottery's explanation.
    visitor, page = _new_page(browser, live_server)
    page.goto("/fokusgrupper")
    assert_accessible(page)
    page.click(f"a:has-text('{focus_group.topic}')")
    assert "Log ind for at melde dig" in html(page)
    assert_accessible(page)
    page.goto(f"{url}/lodtraekning")
    assert focus_group.seed_commitment in html(page)
    assert_accessible(page)
    visitor.close()

    # The member volunteers: a mistake first, then the form again with what was typed.
    member_context, member = _log_in(browser, live_server, assert_accessible, "Medlem Maja")
    member.goto(url)
    member.click("a:has-text('Meld dig til fokusgruppen')")
    assert_accessible(member)
    member.check("#stratum-2")
    member.fill("#needs", "Jeg har brug for pauser.")
    member.fill("#contact", "12 34 56 78")
    member.click("button:has-text('Meld mig til lodtrækningen')")
    page_html = html(member)
    assert "Sæt kryds for at melde dig." in page_html and "12 34 56 78" in page_html
    assert_accessible(member)
    member.check("#consent")
    member.click("button:has-text('Meld mig til lodtrækningen')")
    assert "Du er med i lodtrækningen som nummer 1." in html(member)
    assert_accessible(member)

    # The organiser draws.
    organiser_context, organiser = _log_in(browser, live_server, assert_accessible,
                                           "Arrangør Anna", scene.moderator.totp_secret)
    organiser.goto(f"{url}/arranger")
    assert "12 34 56 78" not in html(organiser)
    assert_accessible(organiser)
    organiser.click("button:has-text('Luk tilmeldingen og træk lod')")
    assert "Der er trukket lod" in html(organiser)
    assert "12 34 56 78" not in html(organiser)
    assert_accessible(organiser)

    # The member is selected and accepts the seat.
    member.goto(url)
    assert "Du er udtrukket. Vil du have pladsen?" in html(member)
    assert_accessible(member)
    member.click("button:has-text('Ja, jeg vil gerne deltage')")
    text = html(member)
    assert "Pladsen er din" in text and "Læg mødet i din kalender" in text
    assert_accessible(member)
    member.goto("/konto/profil")
    assert "Du er udtrukket til fokusgruppen" in html(member)
    assert_accessible(member)
    member_context.close()

    organiser.goto(f"{url}/arranger")
    assert "12 34 56 78" in html(organiser)
    assert_accessible(organiser)
    organiser.goto(f"{url}/lodtraekning")
    assert focus_group.seed_commitment in html(organiser)
    assert_accessible(organiser)
    organiser_context.close()

    # The volunteer form on a small phone without JavaScript.
    phone_page.goto(url)
    assert_no_horizontal_scroll(phone_page)
    phone_page.goto(f"{url}/lodtraekning")
    assert_no_horizontal_scroll(phone_page)

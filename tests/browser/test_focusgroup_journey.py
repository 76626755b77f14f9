"""Issue 11's focus-group journey in a real browser: the organiser (a moderator with two-factor
log-in) writes and publishes an invitation with quotas per benefit group and a closing date;
a member volunteers (with a mistake first, then consent); the closing date passes and the
organiser draws the lottery; the member is selected, accepts the seat and sees
the calendar link; only then the organiser sees the member's contact details; after the
meeting the organiser publishes the themes, and a visitor reads them and how the lots were
drawn — with zero axe-core violations on every page, and the pages on a 360 px phone without
JavaScript."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.committee.models import local_today
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups.models import FocusGroup
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.browser.test_committee_journey import _log_in  # the same log-in, with axe
from tests.focusgroups.builders import build_focus_scene
from tests.proposals.builders import done

TOPIC = "Din første samtale på jobcentret"


def _create_and_publish(organiser, check) -> FocusGroup:
    """The organiser's invitation through the form: a mistake first, then a draft, published."""
    organiser.goto("/fokusgrupper")
    check(organiser)
    organiser.click("a:has-text('Ny fokusgruppe i')")
    check(organiser)
    organiser.click("button:has-text('Gem som kladde')")
    assert "Skriv emnet." in html(organiser)
    check(organiser)
    organiser.fill("#topic", TOPIC)
    organiser.fill("#description", "Hvad gik godt, og hvad kunne være bedre?")
    organiser.check("#meeting_form-0")
    organiser.fill("#starts_on", (local_today() + timedelta(days=14)).isoformat())
    organiser.fill("#starts_time", "13:30")
    organiser.fill("#place", "Rådhuset, lokale 2")
    organiser.fill("#closes_on", (local_today() + timedelta(days=7)).isoformat())
    organiser.fill("#closes_time", "12:00")
    organiser.fill("#seats", "2")
    # Quotas per benefit group: one seat set aside for those on sygedagpenge.
    organiser.check("#quota_basis-1")
    organiser.fill("#quota_sygedagpenge", "1")
    organiser.fill("#recording", "Vi skriver stikord ned uden navne.")
    organiser.click("button:has-text('Gem som kladde')")
    assert "Invitationen er gemt som kladde" in html(organiser)
    check(organiser)
    organiser.click("button:has-text('Offentliggør invitationen')")
    assert "Nu kan medlemmerne melde sig" in html(organiser)
    check(organiser)
    db.session.rollback()
    return db.session.scalar(select(FocusGroup).where(FocusGroup.topic == TOPIC))


def test_volunteer_be_selected_and_accept_with_axe(app, browser, live_server, assert_accessible,
                                                   phone_page, app_ctx):
    scene = build_focus_scene("Fokusby")
    organiser_context, organiser = _log_in(browser, live_server, assert_accessible,
                                           "Arrangør Anna", scene.moderator.totp_secret)
    focus_group = _create_and_publish(organiser, assert_accessible)
    url = f"/fokusgrupper/{focus_group.id}"

    # A visitor reads the invitation and the lottery's explanation.
    visitor, page = _new_page(browser, live_server)
    page.goto("/fokusgrupper")
    assert_accessible(page)
    page.click(f"a:has-text('{TOPIC}')")
    assert "Log ind for at melde dig" in html(page)
    assert_accessible(page)
    assert "Tilmelding senest" in html(page)
    page.goto(f"{url}/lodtraekning")
    text = html(page)
    # The quotas are published before the draw, with the seed's fingerprint.
    assert focus_group.seed_commitment in text
    assert '<th scope="row" data-title="Ydelse">Sygedagpenge</th><td data-title="Pladser">1</td>' in text
    assert_accessible(page)

    # The member volunteers: a mistake first, then the form again with what was typed.
    member_context, member = _log_in(browser, live_server, assert_accessible, "Medlem Maja")
    member.goto(url)
    member.click("a:has-text('Meld dig til fokusgruppen')")
    assert_accessible(member)
    member.check("#stratum-2")
    member.select_option("#benefit_group", "sygedagpenge")
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

    # "Tilmelding senest" passes; the organiser draws.
    organiser.goto(f"{url}/arranger")
    assert "Derefter kan du trække lod" in html(organiser)
    db.session.rollback()  # the test's snapshot predates the server's writes
    db.session.get(FocusGroup, focus_group.id).closes_at = utcnow() - timedelta(minutes=1)
    done()
    organiser.goto(f"{url}/arranger")
    assert "12 34 56 78" not in html(organiser)
    organiser.click("button:has-text('Træk lod')")
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

    # After the meeting: held, and the summary of themes for everyone.
    db.session.rollback()  # the test's snapshot predates the server's writes
    db.session.get(FocusGroup, focus_group.id).starts_at = utcnow() - timedelta(hours=2)
    done()
    organiser.goto(f"{url}/arranger")
    organiser.click("button:has-text('Mødet er holdt')")
    assert "Skriv nu en opsamling" in html(organiser)
    assert_accessible(organiser)
    organiser.fill("#summary", "- Ventetid\n- At blive hørt")
    organiser.click("button:has-text('Offentliggør opsamlingen')")
    assert "Opsamlingen er offentliggjort" in html(organiser)
    organiser_context.close()
    page.goto(url)
    assert "At blive hørt" in html(page)
    assert_accessible(page)
    page.goto(f"{url}/lodtraekning")
    assert "Træk selv lod igen" in html(page)
    assert_accessible(page)
    visitor.close()

    # The pages on a small phone without JavaScript.
    for address in (url, f"{url}/lodtraekning", "/fokusgrupper"):
        phone_page.goto(address)
        assert_no_horizontal_scroll(phone_page)

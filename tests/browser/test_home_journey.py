"""Issue 12, item 3, in a real browser: a member signs in on a phone (360 px) and lands on
their own front page, sees the thread someone else wrote marked "Nyt", opens it from there,
and the marker is gone when they come back — no axe violation, no sideways scrolling."""

from __future__ import annotations

from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.factories import PASSWORD, make_member, make_municipality, make_post, make_thread, network_by_slug
from tests.proposals.builders import done, invite, make_proposal, open_vote

TITLE = "Hvordan gik jeres første samtale?"


def _sign_in(page, pseudonym: str) -> None:
    page.goto("/konto/log-ind")
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page), pseudonym


def test_a_members_front_page_with_an_unread_thread_on_a_phone(browser, live_server,
                                                               assert_accessible, app_ctx):
    network = network_by_slug(make_municipality("Forsideby"), "sygedagpenge")
    member = make_member(network, pseudonym="Medlem Maja")
    other = make_member(network, pseudonym="Anden Anders")
    thread = make_thread(network, other, title=TITLE, body="Jeg var meget nervøs.")
    make_post(thread, other, "Det gik bedre, end jeg troede.")
    invite(make_proposal(network, other, title="Fast sagsbehandler"), other, member)
    open_vote(make_proposal(network, other, title="Samtale i telefonen"), other)
    done()

    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740})
    _sign_in(page, member.pseudonym)
    page.goto("/")
    body = html(page)
    assert "Hej Medlem Maja" in body
    assert "Nyt siden dit sidste besøg: 1 ny tråd og 1 nyt svar." in body
    assert "Fast sagsbehandler" in body and "Samtale i telefonen" in body
    row = page.locator("li.bn-unread", has_text=TITLE)
    assert row.count() == 1
    assert row.locator(".sr-only").inner_text().strip() == "(nye indlæg, du ikke har læst)"
    assert row.locator(".badge").inner_text() == "Nyt"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    row.locator("a.bn-thread-title").click()
    assert "Det gik bedre, end jeg troede." in html(page)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.goto("/")
    body = html(page)
    assert page.locator("li.bn-unread").count() == 0
    assert "Intet nyt siden dit sidste besøg." in body
    assert_accessible(page)
    context.close()


def test_the_front_page_works_without_javascript(phone_page, app_ctx):
    network = network_by_slug(make_municipality("Udenjsby"), "sygedagpenge")
    member = make_member(network, pseudonym="Uden Ulrik")
    make_thread(network, make_member(network), title=TITLE)
    done()
    _sign_in(phone_page, member.pseudonym)
    phone_page.goto("/")
    assert phone_page.locator("li.bn-unread").count() == 1
    phone_page.locator("a:has-text('Læs det første, du ikke har set')").click()
    assert TITLE in html(phone_page)
    assert_no_horizontal_scroll(phone_page)
    phone_page.goto("/")
    assert phone_page.locator("li.bn-unread").count() == 0

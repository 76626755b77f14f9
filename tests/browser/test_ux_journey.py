"""Issue 13 in a real browser on a small phone (360 px): what a tired citizen trips over.
Crisis help is on the screen after a crisis reply; the committee's answer is above the fold of
an answered proposal; withdrawing a proposal and deleting a post ask first, on a page
of their own; after a reply every link on the thread page leads to posts. Zero axe violations."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.networks.models import Network
from app.networks.services import join_network
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.factories import PASSWORD, bulk_posts, make_municipality, make_thread, make_user

PHONE = {"viewport": {"width": 360, "height": 740}}  # axe-core needs JavaScript
CRISIS_TEXT = "Jeg er så træt. Jeg vil ikke leve mere."


def _phone_as(browser, live_server, pseudonym: str):
    context, page = _new_page(browser, live_server, **PHONE)
    page.goto("/konto/log-ind")
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page), pseudonym
    return context, page


def _in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()  # relative to the viewport
    height = page.viewport_size["height"]
    return box is not None and box["y"] > -2 and box["y"] < height and box["height"] > 0


def _dagpenge(name: str):
    municipality = make_municipality(name)
    network = db.session.scalar(select(Network).where(
        Network.municipality_id == municipality.id, Network.slug == "dagpenge"))
    return network


def test_crisis_help_is_on_the_screen_after_a_crisis_reply(browser, live_server,
                                                           assert_accessible, app_ctx):
    network = _dagpenge("Kriseby")
    anna = make_user(pseudonym="Anna")
    join_network(anna, network)
    db.session.commit()
    thread = make_thread(network, anna, title="Hvordan har I det?", body="Skriv gerne.")
    bulk_posts(thread, [anna], 12)  # a long page: the help must not sit far above the reply
    context, page = _phone_as(browser, live_server, "Anna")
    page.goto(f"/traade/{thread.id}/svar")
    page.fill("#body", CRISIS_TEXT)
    page.get_by_role("button", name="Send svar").click()
    assert "Dit svar er sendt" in html(page)
    assert "#" not in page.url  # the top of the page, where the help stands first
    assert _in_viewport(page, "#krisehjaelp")
    help_box = page.locator("#krisehjaelp")
    assert help_box.locator("a[href='tel:+4570201201']").count() == 1
    assert help_box.locator("a[href='tel:112']").count() == 1
    to_text = help_box.get_by_role("link", name="Gå til din tekst").get_attribute("href")
    assert page.locator(f"article{to_text}").inner_text().count("ikke leve mere") == 1
    footer = page.locator("footer")
    assert footer.locator("a[href='tel:+4570201201']").count() == 1
    assert footer.locator("a[href='tel:112']").count() == 1
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert page.external_requests == []
    context.close()


def test_the_committees_answer_is_above_the_fold(browser, live_server, assert_accessible,
                                                  app_ctx):
    from tests.committee.builders import answer, build_committee_scene, forward, receive

    scene = build_committee_scene()
    answer(scene, receive(scene, forward(scene)))
    context, page = _new_page(browser, live_server, **PHONE)
    page.goto(scene.proposal_url)
    assert _in_viewport(page, "#svaret")
    box = page.locator("#svaret")
    assert "Udvalgets svar" in box.inner_text()
    steps = page.get_by_role("navigation", name="Forslagets forløb")
    assert steps.locator("[aria-current='step']").inner_text().strip().endswith("Besvaret")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    context.close()


def test_withdrawing_and_deleting_ask_first_on_a_page_of_their_own(browser, live_server,
                                                                   assert_accessible, app_ctx):
    from tests.proposals.builders import make_proposal

    network = _dagpenge("Spørgby")
    anna = make_user(pseudonym="Anna")
    join_network(anna, network)
    db.session.commit()
    proposal = make_proposal(network, anna, title="Samtaler i telefonen")
    thread = make_thread(network, anna, title="Et spørgsmål", body="Mit første indlæg.")
    proposal_path, thread_path = f"/forslag/{proposal.id}", f"/traade/{thread.id}"
    context, page = _phone_as(browser, live_server, "Anna")

    page.goto(proposal_path)
    page.get_by_role("link", name="Træk forslaget tilbage").click()
    assert "Vil du trække forslaget tilbage?" in html(page)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name="Nej, behold forslaget").click()
    assert "Trukket tilbage" not in page.locator(".bn-badge").first.inner_text()
    page.get_by_role("link", name="Træk forslaget tilbage").click()
    page.get_by_role("button", name="Ja, træk forslaget tilbage").click()
    assert "Forslaget er trukket tilbage." in html(page)

    page.goto(thread_path)
    page.get_by_role("link", name="Slet indlægget").click()
    assert "Vil du slette dit indlæg?" in html(page) and "Mit første indlæg." in html(page)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, slet indlægget").click()
    assert "Indlægget er slettet." in html(page)
    assert_accessible(page)
    context.close()


def test_after_a_reply_every_link_to_posts_leads_to_posts(browser, live_server, assert_accessible,
                                                         app_ctx):
    network = _dagpenge("Svarby")
    anna = make_user(pseudonym="Anna")
    join_network(anna, network)
    db.session.commit()
    thread = make_thread(network, anna, title="En lang tråd", body="Første indlæg.")
    bulk_posts(thread, [anna], 30)  # more than a page
    context, page = _phone_as(browser, live_server, "Anna")
    page.goto(f"/traade/{thread.id}/svar")
    page.fill("#body", "Mit svar til sidst.")
    page.get_by_role("button", name="Send svar").click()
    assert "Dit svar er sendt" in html(page)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    links = [page.locator(".bn-pager a").nth(i).get_attribute("href")
             for i in range(page.locator(".bn-pager a").count())]
    assert links, "the page after a reply links to the earlier posts"
    for href in links:
        page.goto(href)
        assert page.locator("article.bn-post").count() > 0, href
    context.close()

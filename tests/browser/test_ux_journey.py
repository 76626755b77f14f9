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


LONG_WORD = "Sygedagpengeopfølgningssamtalen"


def _one_line(page, selector: str, word: str) -> bool:
    """Whether `word` inside the first `selector` lies on one line (one row of boxes)."""
    return page.evaluate("""([selector, word]) => {
        const root = document.querySelector(selector);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(word);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size === 1;
        }
        return null;
    }""", [selector, word])


def test_layout_and_language_on_a_phone(browser, live_server, assert_accessible, app_ctx):
    """Issue 13, items 6 and 7 at 360 px: the header names the municipality and links to its
    contact page; a table keeps a label on each cell; long Danish words hyphenate (lang and
    hyphens) and are not split; the English page dates "2 Dec 2026, 21:02" and marks what
    people wrote as Danish."""
    from datetime import UTC, datetime

    from app.forum.models import Post
    from app.networks.services import set_contact_url
    from tests.factories import make_post
    from tests.proposals.builders import decided, members

    network = _dagpenge("Layoutby")
    network.quorum = 1
    set_contact_url(network.municipality, "https://www.layoutby.example/kontakt")
    db.session.commit()
    voters = members(network, 3)
    decided(network, voters[0], voters, 2, title=f"Kortere {LONG_WORD}")
    thread = make_thread(network, voters[0], title="Samtalerne", body="Hvordan går det?")
    post = make_post(thread, voters[1], f"Min {LONG_WORD} gik godt. Den varede en time.")
    db.session.get(Post, post.id).created_at = datetime(2026, 12, 2, 20, 2, tzinfo=UTC)
    db.session.commit()
    context, page = _new_page(browser, live_server, **PHONE)

    page.goto("/kommuner/layoutby/dagpenge/forslag/top")
    owner = page.locator(".bn-owner")
    assert "Layoutby" in owner.inner_text()
    contact = owner.get_by_role("link", name="Kontakt Layoutby")
    assert contact.get_attribute("href") == "https://www.layoutby.example/kontakt"
    box = contact.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    cell = page.locator("table td[data-title='For']").first
    assert cell.is_visible() and page.locator("table thead").is_hidden()
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"For"', label  # the column's name stands in the cell on a phone
    assert _one_line(page, "table", LONG_WORD)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.goto(f"/traade/{thread.id}?sprog=en")
    assert page.locator("html").get_attribute("lang") == "en"
    article = page.locator(f"#post-{post.id}")
    assert article.locator("time").inner_text() == "2 Dec 2026, 21:02"
    assert article.locator("time").get_attribute("datetime") == "2026-12-02T20:02:00Z"
    body = article.locator(".bn-post-body")
    style = body.evaluate("""el => { const s = getComputedStyle(el);
        return [el.closest('[lang]').lang, s.hyphens, s.overflowWrap, s.wordBreak]; }""")
    assert style == ["da", "auto", "break-word", "normal"], style
    assert _one_line(page, f"#post-{post.id} .bn-post-body", LONG_WORD)
    assert page.locator("h1").get_attribute("lang") == "da"
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert page.external_requests == []
    context.close()

"""Hidden content is invisible to everyone but the network's moderators (and admins) on every
page where it could appear; its author sees why and where to appeal.

Each hidden thing carries a word found nowhere else (Grævlingevej, Odderstien, ...). For a
visitor, a citizen, a member, a committee member and a moderator of another network, no page
may contain any of them; for the network's moderator and an admin, the pages that show hidden
content (marked as hidden) do.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.forum.models import Thread
from tests.factories import bulk_threads, first_post, make_post, make_thread
from tests.moderation.builders import (
    Person,
    appeal_url,
    build_scene,
    comment,
    hide,
    make_proposal,
    passed_proposal,
    thread_count,
    user_for,
)

SECRETS = ("Grævlingevej", "Odderstien", "Pindsvinebakken", "Mosegården", "Rævehulen",
           "Lærkereden")
OUTSIDERS = ("visitor", "citizen", "member", "other_moderator", "committee_here")
INSIDERS = ("moderator", "admin")


@pytest.fixture
def world(app_ctx):
    s = build_scene()
    # Melder Maja writes what gets hidden; Medlem Magnus is the member who looks on.
    s.secret_post = make_post(s.thread, s.reporter, "Min nabo på Grævlingevej er sagsbehandler.")
    s.after_post = make_post(s.thread, s.author, "Et synligt svar efter det skjulte.")
    s.hidden_thread = make_thread(s.network, s.reporter, title="Tråd om Odderstien",
                                  body="Første indlæg om Odderstien.")
    s.hidden_pinned = make_thread(s.network, s.reporter, title="Fastgjort om Pindsvinebakken",
                                  pinned=True)
    s.visible_pinned = make_thread(s.network, s.member, title="Velkommen til netværket",
                                   pinned=True)
    s.threads_before = thread_count(s.network)
    voters = [s.author, s.reporter, s.member]
    s.visible_top = passed_proposal(s.network, s.author, voters, title="Synligt topforslag")
    s.hidden_top = passed_proposal(s.network, s.author, voters, title="Topforslag om Mosegården",
                                   summary="Mosegården skal lukkes.")
    s.hidden_draft = make_proposal(s.network, s.author, title="Udkast om Rævehulen",
                                   summary="Rævehulen er et dårligt sted.")
    hide(s.moderator, s.secret_post, "Oplysninger om en navngiven person.")
    hide(s.moderator, s.hidden_thread, "Tråden hængte en medarbejder ud.")
    hide(s.moderator, s.hidden_pinned, "Spam.")
    hide(s.moderator, s.hidden_top, "Forslaget navngiver en medarbejder.")
    s.secret_comment = comment(s.proposal, s.reporter, "Sagsbehandleren bor på Lærkereden.")
    s.after_comment = comment(s.proposal, s.member, "En synlig kommentar efter den skjulte.")
    hide(s.moderator, s.hidden_draft, "Reklame.")
    hide(s.moderator, s.secret_comment, "Oplysninger om en medarbejder.")
    s.municipality_url = f"/kommuner/{s.municipality.slug}/"
    return s


def pages(s) -> dict[str, str]:
    """Every page where the hidden things could appear, and that everyone may open."""
    return {
        "front page": "/",
        "municipality": s.municipality_url,
        "network": f"{s.base}/",
        "thread": f"/traade/{s.thread.id}",
        "thread from the hidden post": f"/traade/{s.thread.id}?fra={s.secret_post.id}",
        "thread before the next post": f"/traade/{s.thread.id}?foer={s.after_post.id}",
        "proposals": f"{s.base}/forslag",
        "passed proposals": f"{s.base}/forslag?status=passed",
        "drafts": f"{s.base}/forslag?status=drafting",
        "top in the network": f"{s.base}/forslag/top",
        "top in the municipality": f"/kommuner/{s.municipality.slug}/forslag/top",
        "top this quarter": f"/kommuner/{s.municipality.slug}/forslag/top?periode=kvartal",
        "proposal with a hidden comment": f"/forslag/{s.proposal.id}",
        "its comments from the hidden one": f"/forslag/{s.proposal.id}?efter={s.comment.id}",
    }


def hidden_pages(s) -> dict[str, str]:
    """The hidden things' own pages: 404 for outsiders."""
    return {
        "hidden thread": f"/traade/{s.hidden_thread.id}",
        "hidden pinned thread": f"/traade/{s.hidden_pinned.id}",
        "hidden thread's first post": f"/indlaeg/{first_post(s.hidden_thread).id}",
        "hidden proposal": f"/forslag/{s.hidden_top.id}",
        "hidden proposal's versions": f"/forslag/{s.hidden_top.id}/versioner",
        "hidden draft": f"/forslag/{s.hidden_draft.id}",
    }


def _leaks(page: str) -> list[str]:
    return [secret for secret in SECRETS if secret in page]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_see_no_hidden_content_anywhere(app, world, role):
    browser = Person(app, user_for(world, role))
    for name, url in pages(world).items():
        page = browser.page(url)
        assert _leaks(page) == [], f"{name} shows hidden content to {role}"
    for name, url in hidden_pages(world).items():
        assert browser.get(url).status_code == 404, f"{name} is not 404 for {role}"
    # The single post link leads to the thread, where the post is a placeholder.
    page = browser.page(f"/indlaeg/{world.secret_post.id}")
    assert _leaks(page) == []
    assert ("Indlægget er skjult af en moderator. Begrundelse: Oplysninger om en navngiven "
            "person.") in page
    assert "Et synligt svar efter det skjulte." in page
    page = browser.page(f"/forslag/{world.proposal.id}")
    assert ("Kommentaren er skjult af en moderator. Begrundelse: Oplysninger om en "
            "medarbejder.") in page
    assert "En synlig kommentar efter den skjulte." in page


@pytest.mark.parametrize("role", INSIDERS)
def test_the_networks_moderators_see_it_marked(app, world, role):
    browser = Person(app, user_for(world, role))
    thread = browser.page(f"/traade/{world.thread.id}")
    assert "Grævlingevej" in thread
    assert "Skjult for medlemmerne. Begrundelse: Oplysninger om en navngiven person." in thread
    assert "Grævlingevej" in browser.page(f"/indlaeg/{world.secret_post.id}")
    network = browser.page(f"{world.base}/")
    assert "Odderstien" in network and "Pindsvinebakken" in network
    assert re.search(r"Odderstien</span></a>\s*<span class=\"badge badge-error\">Skjult</span>", network)
    proposals = browser.page(f"{world.base}/forslag")
    assert "Mosegården" in proposals and "Rævehulen" in proposals
    for url in hidden_pages(world).values():
        assert browser.get(url).status_code in (200, 302), url
    page = browser.page(f"/traade/{world.hidden_thread.id}")
    assert "Odderstien" in page
    assert "Tråden er skjult af en moderator. Begrundelse: Tråden hængte en medarbejder ud." in page
    assert "Vis tråden igen" in page
    page = browser.page(f"/forslag/{world.hidden_top.id}")
    assert "Mosegården skal lukkes." in page
    assert "Forslaget er skjult af en moderator. Begrundelse: Forslaget navngiver en medarbejder." in page
    assert "Vis forslaget igen" in page
    page = browser.page(f"/forslag/{world.proposal.id}")
    assert "Sagsbehandleren bor på Lærkereden." in page
    assert "Skjult for medlemmerne. Begrundelse: Oplysninger om en medarbejder." in page


@pytest.mark.parametrize("role", (*OUTSIDERS, *INSIDERS))
def test_top_proposals_never_rank_hidden_ones(app, world, role):
    browser = Person(app, user_for(world, role))
    for url in (f"{world.base}/forslag/top", f"/kommuner/{world.municipality.slug}/forslag/top"):
        page = browser.page(url)
        assert "Synligt topforslag" in page and "Mosegården" not in page


def test_counts_leave_hidden_threads_out(app, world):
    assert world.threads_before == 4
    assert thread_count(world.network) == 2
    for role in ("visitor", "member", "moderator"):
        page = Person(app, user_for(world, role)).page(world.municipality_url)
        card = re.search(rf'href="{world.base}/">Dagpenge</a>.*?</li>', page, re.S).group(0)
        assert "2 tråde" in card, role
    # Restoring puts it back in the count and the list.
    moderator = Person(app, world.moderator)
    moderator.post_then_page(f"/moderation/thread/{world.hidden_thread.id}/vis")
    assert thread_count(world.network) == 3
    assert "Odderstien" in Person(app).page(f"{world.base}/")


def test_the_thread_list_is_not_shortened_by_hidden_threads(app, world):
    """A page holds 20 visible threads even when hidden ones are among the newest."""
    bulk_threads(world.network, [world.member], 25)
    newest = make_thread(world.network, world.member, title="Nyeste om Grævlingevej")
    hide(world.moderator, newest, "Navngiver en person.")
    page = Person(app, world.member).page(f"{world.base}/")
    assert "Grævlingevej" not in page
    listed = [int(i) for i in re.findall(r'class="bn-thread-title" href="/traade/(\d+)"', page)]
    assert len([i for i in listed if i != world.visible_pinned.id]) == 20
    hidden = db.session.scalars(select(Thread.id).where(Thread.hidden_at.is_not(None))).all()
    assert not set(listed) & set(hidden)


def test_the_author_sees_why_and_where_to_appeal(app, world):
    member = Person(app, world.reporter)  # wrote the hidden post and the hidden threads
    page = member.page(f"/traade/{world.thread.id}")
    assert "Indlægget er skjult af en moderator. Begrundelse: Oplysninger om en navngiven person." in page
    assert appeal_url(world.secret_post) in page
    page = member.page(f"/traade/{world.hidden_thread.id}")
    assert "Tråden er skjult af en moderator. Begrundelse: Tråden hængte en medarbejder ud." in page
    assert appeal_url(world.hidden_thread) in page
    author = Person(app, world.author)  # wrote the hidden proposals
    page = author.page(f"/forslag/{world.hidden_draft.id}")
    assert "Forslaget er skjult af en moderator. Begrundelse: Reklame." in page
    assert appeal_url(world.hidden_draft) in page
    profile = author.page("/konto/profil")
    assert "Noget, du skrev, er skjult af en moderator. Begrundelse: Reklame." in profile
    assert f'href="/forslag/{world.hidden_draft.id}"' in profile
    # ... but another member of the network sees no appeal link and no hidden page.
    other = Person(app, world.member)
    assert appeal_url(world.secret_post) not in other.page(f"/traade/{world.thread.id}")
    assert other.get(f"/traade/{world.hidden_thread.id}").status_code == 404
    assert other.get(f"/forslag/{world.hidden_draft.id}").status_code == 404


def test_quoting_does_not_reveal_a_hidden_post(app, world):
    page = Person(app, world.reporter).page(
        f"/traade/{world.thread.id}/svar?citer={world.secret_post.id}")
    assert "Grævlingevej" not in page

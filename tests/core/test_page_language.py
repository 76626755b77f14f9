"""Issue 13, item 7: a meta description on every public page, specific where the page is about
something, and never the text of members-only content; what people write is marked Danish
(lang="da") on English pages; English pages date in an international style."""

from __future__ import annotations

import re

from app.extensions import db
from app.networks.models import Visibility
from tests.conftest import login
from tests.factories import PASSWORD, join, make_network, make_thread, make_user
from tests.proposals.builders import make_proposal

DEFAULT = "Borgernet er et sted, hvor borgere på offentlig forsørgelse mødes"


def description(response) -> str:
    assert response.status_code == 200, response.status_code
    found = re.findall(r'<meta name="description" content="([^"]*)">', response.get_data(as_text=True))
    assert len(found) == 1 and found[0].strip(), found
    return found[0]


def test_public_pages_describe_themselves_and_members_only_content_stays_private(app_ctx, client):
    public = make_network()
    closed = make_network(visibility=Visibility.MEMBERS, municipality=public.municipality,
                          slug="kontanthjaelp")
    author = make_user(pseudonym="Skribent")
    join(author, public)
    join(author, closed)
    open_thread = make_thread(public, author, title="Offentlig overskrift")
    closed_thread = make_thread(closed, author, title="Hemmelig overskrift")
    open_proposal = make_proposal(public, author, title="Offentligt forslag")
    closed_proposal = make_proposal(closed, author, title="Hemmeligt forslag")
    db.session.commit()
    place = public.municipality
    network_url = f"/kommuner/{place.slug}/{public.slug}"

    assert "Offentlig overskrift" in description(client.get(f"/traade/{open_thread.id}"))
    assert "Offentligt forslag" in description(client.get(f"/forslag/{open_proposal.id}"))
    network = description(client.get(f"{network_url}/"))
    assert place.name in network and "dagpenge" in network
    for url in ("/", f"{network_url}/forslag/top", f"/kommuner/{place.slug}/forslag/top",
                f"/kommuner/{place.slug}/", f"/kommuner/{place.slug}/tilfredshed",
                "/om/retningslinjer", "/om/vilkaar", "/om/privatliv", "/om/tilgaengelighed",
                "/om/kontakt"):
        assert DEFAULT not in description(client.get(url)), url
    assert DEFAULT in description(client.get("/konto/log-ind"))  # the default

    # A member reads the members-only pages; their description names nothing in them.
    assert login(client, "Skribent", PASSWORD).status_code == 302
    for url, title in ((f"/traade/{closed_thread.id}", "Hemmelig overskrift"),
                       (f"/forslag/{closed_proposal.id}", "Hemmeligt forslag")):
        response = client.get(url)
        assert title in response.get_data(as_text=True)  # the page itself shows it
        shown = description(response)
        assert title not in shown and "Kun netværkets medlemmer" in shown, shown


def test_english_pages_mark_what_people_wrote_as_danish(app_ctx, client):
    from datetime import UTC, datetime

    from tests.factories import first_post

    network = make_network()
    author = make_user(pseudonym="Skribent")
    join(author, network)
    thread = make_thread(network, author, title="Om samtaler", body="Min samtale gik godt.")
    first_post(thread).created_at = datetime(2026, 12, 2, 20, 2, 30, 123456, tzinfo=UTC)
    proposal = make_proposal(network, author, title="Færre samtaler")
    db.session.commit()

    page = client.get(f"/traade/{thread.id}?sprog=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<h1 lang="da">Om samtaler</h1>' in page
    assert re.search(r'<div class="bn-post-body" lang="da">\s*<p>Min samtale gik godt.</p>', page)
    assert '<time datetime="2026-12-02T20:02:30Z">2 Dec 2026, 21:02</time>' in page
    page = client.get(f"/forslag/{proposal.id}?sprog=en").get_data(as_text=True)
    assert '<h1 lang="da">Færre samtaler</h1>' in page
    network_page = client.get(f"/kommuner/{network.municipality.slug}/{network.slug}/?sprog=en")
    assert '<span lang="da">Om samtaler</span>' in network_page.get_data(as_text=True)

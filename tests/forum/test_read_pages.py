"""What the busiest read pages load: authors by pseudonym only, posts and comments without their
Markdown source (and nothing of either fetched later). The pages themselves are tested in
test_routes and tests.proposals, their constant statement counts in test_queries."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask_login import login_user
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.forum import rules
from app.forum.models import Post
from tests.factories import (
    bulk_posts,
    bulk_threads,
    make_member,
    make_municipality,
    make_thread,
    network_by_slug,
)
from tests.networks.test_routes import client_for
from tests.proposals.builders import add_coauthor, comment, make_proposal

WHOLE_ACCOUNT = re.compile(r"\busers(_\d+)?\.email\b")
POST_SOURCE = re.compile(r"\bposts(_\d+)?\.body\b(?!_)")
COMMENT_SOURCE = re.compile(r"\bproposal_comments(_\d+)?\.body\b(?!_)")


@pytest.fixture
def pages(app) -> SimpleNamespace:
    with app.app_context():
        municipality = make_municipality("Læseby")
        network = network_by_slug(municipality, "dagpenge")
        authors = [make_member(network, pseudonym=f"Skribent {n}") for n in range(3)]
        reader = make_member(network, pseudonym="Læser Lis")
        bulk_threads(network, authors, 5)
        thread = make_thread(network, authors[0], "Læsetråd")
        bulk_posts(thread, authors + [reader], 12)
        proposal = make_proposal(network, authors[0])
        add_coauthor(proposal, authors[0], authors[1])
        for author in authors:
            comment(proposal, author, f"Kommentar fra {author.pseudonym}")
        return SimpleNamespace(urls=[f"/kommuner/{municipality.slug}/dagpenge/", f"/traade/{thread.id}",
                                     f"/forslag/{proposal.id}"], reader="Læser Lis", thread_id=thread.id)


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_read_pages_load_pseudonyms_and_html_only(app, count_queries, pages, who):
    client = client_for(app, pages.reader if who == "member" else None)
    for url in pages.urls:
        client.get(url)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "Skribent 1" in response.get_data(as_text=True)
        # The signed-in reader's own account is loaded whole, once, by the log-in.
        whole = [s for s in counter.statements if WHOLE_ACCOUNT.search(s)]
        assert len(whole) == (1 if who == "member" else 0), (url, whole)
        assert not [s for s in counter.statements if POST_SOURCE.search(s) or COMMENT_SOURCE.search(s)], url


def test_post_rights_ask_about_the_network_once_for_a_page_of_posts(app, count_queries, pages):
    with app.test_request_context():
        reader = db.session.scalar(select(User).where(User.pseudonym == pages.reader))
        login_user(reader)
        posts = db.session.scalars(select(Post).where(Post.thread_id == pages.thread_id)).all()
        network = posts[0].thread.network
        with count_queries() as counter:
            page_rights = rules.PostRights(reader, network)
            answers = [(page_rights.can_react(p), page_rights.can_edit(p), page_rights.can_delete(p))
                       for p in posts]
        assert counter.count == 1  # the reader's membership
        assert answers == [(rules.can_react(reader, p), rules.can_edit_post(reader, p),
                            rules.can_delete_post(reader, p)) for p in posts]
        assert any(edit for _, edit, _ in answers) and not all(edit for _, edit, _ in answers)

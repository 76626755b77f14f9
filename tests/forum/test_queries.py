"""Keyset pagination of thread pages and thread lists, constant query counts, and read-only page views."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.forum import queries
from app.forum.models import Post, Thread
from app.networks.models import Network
from tests.accounts.test_routes import text
from tests.core.test_get_writes_nothing import READ_MARKER_UPSERT
from tests.factories import (
    bulk_posts,
    bulk_threads,
    join,
    make_member,
    make_moderator,
    make_municipality,
    make_post,
    make_thread,
    make_user,
    network_by_slug,
)
from tests.networks.test_routes import client_for, get_page, post

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


def link(page: str, label: str) -> str | None:
    """The href of the link whose text is `label`."""
    match = re.search(r'<a href="([^"]+)">' + re.escape(label) + "</a>", page)
    return match.group(1).replace("&amp;", "&") if match else None


def post_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"<p>Svar (\d+)</p>", page)]


def thread_titles(page: str) -> list[str]:
    return re.findall(r'class="bn-thread-title" href="/traade/\d+"><span lang="da">([^<]+)</span>', page)


@pytest.fixture
def forum(app) -> SimpleNamespace:
    """A public network whose thread has an opening post and 44 bulk replies (45 posts)."""
    with app.app_context():
        municipality = make_municipality("Pagineby")
        network = network_by_slug(municipality, "dagpenge")
        author = make_member(network, pseudonym="Skribent Sara")
        thread = make_thread(network, author, "Lang tråd", "Åbningsindlæg")
        bulk_posts(thread, [author], 44)
        ids = list(db.session.scalars(select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id)))
        return SimpleNamespace(network_id=network.id, thread_id=thread.id, ids=ids,
                               url=f"/kommuner/{municipality.slug}/dagpenge/")


# --- thread pages ------------------------------------------------------------------------------

def test_a_thread_page_walks_forward_and_back_in_pages_of_twenty(app, forum):
    client = client_for(app)
    first = get_page(client, f"/traade/{forum.thread_id}")
    assert "Åbningsindlæg" in first and post_numbers(first) == list(range(19))
    assert link(first, "Vis tidligere indlæg") is None
    second = get_page(client, link(first, "Vis senere indlæg"))
    assert post_numbers(second) == list(range(19, 39))
    third = get_page(client, link(second, "Vis senere indlæg"))
    assert post_numbers(third) == list(range(39, 44)) and link(third, "Vis senere indlæg") is None
    back = get_page(client, link(third, "Vis tidligere indlæg"))
    assert post_numbers(back) == list(range(19, 39))
    start = get_page(client, link(back, "Vis tidligere indlæg"))
    assert "Åbningsindlæg" in start and post_numbers(start) == list(range(19))
    assert link(start, "Vis tidligere indlæg") is None and link(start, "Vis senere indlæg")


def test_the_thread_query_pages_by_id(app, forum):
    with app.app_context():
        thread = db.session.get(Thread, forum.thread_id)
        ids = forum.ids
        page = queries.thread_posts(thread)
        assert [p.id for p in page.items] == ids[:20]
        assert page.next_cursor == ids[19] and page.prev_cursor is None
        page = queries.thread_posts(thread, after=ids[19])
        assert [p.id for p in page.items] == ids[20:40] and page.prev_cursor == ids[20]
        page = queries.thread_posts(thread, start=ids[40])
        assert [p.id for p in page.items] == ids[40:]
        assert page.next_cursor is None and page.prev_cursor == ids[40]
        page = queries.thread_posts(thread, before=ids[40])
        assert [p.id for p in page.items] == ids[20:40] and page.prev_cursor == ids[20]
        page = queries.thread_posts(thread, before=ids[20])
        assert [p.id for p in page.items] == ids[:20] and page.prev_cursor is None
        assert queries.thread_posts(thread, after=ids[-1]).items == []


@pytest.mark.parametrize("cursor", ["fra=abc", "efter=-5", "foer=0", "fra=99999999999999999999"])
def test_odd_cursors_show_the_start(app, forum, cursor):
    assert "Åbningsindlæg" in get_page(client_for(app), f"/traade/{forum.thread_id}?{cursor}")


# --- thread lists ------------------------------------------------------------------------------

def make_list(app, count: int = 25, pinned: int = 2) -> SimpleNamespace:
    with app.app_context():
        municipality = make_municipality("Listeby")
        network = network_by_slug(municipality, "dagpenge")
        author = make_member(network)
        start = utcnow() - timedelta(days=1)
        for n in range(count + pinned):
            thread = make_thread(network, author, f"Emne {n:02d}" if n < count else f"Fastgjort {n - count}",
                                 pinned=n >= count)
            thread.last_activity_at = start + timedelta(minutes=n if n < count else -n)
        db.session.commit()
        return SimpleNamespace(network_id=network.id, url=f"/kommuner/{municipality.slug}/dagpenge/")


def test_the_thread_list_pages_newest_activity_first_with_pinned_on_top(app):
    made = make_list(app)
    client = client_for(app)
    first = get_page(client, made.url)
    titles = thread_titles(first)
    assert titles[:2] == ["Fastgjort 0", "Fastgjort 1"]
    assert titles[2:] == [f"Emne {n:02d}" for n in range(24, 4, -1)]
    older = link(first, "Ældre tråde")
    assert older and link(first, "Til de nyeste tråde") is None
    second = get_page(client, older)
    assert thread_titles(second) == [f"Emne {n:02d}" for n in range(4, -1, -1)]
    assert link(second, "Ældre tråde") is None and "Fastgjort" not in second
    assert link(second, "Til de nyeste tråde") == made.url


def test_a_reply_moves_its_thread_to_the_top(app):
    made = make_list(app, count=3, pinned=0)
    with app.app_context():
        oldest = db.session.scalar(select(Thread).where(Thread.title == "Emne 00"))
        make_post(oldest, oldest.author, "Et nyt svar")
    assert thread_titles(get_page(client_for(app), made.url)) == ["Emne 00", "Emne 02", "Emne 01"]


def test_threads_with_the_same_activity_time_are_neither_lost_nor_repeated(app):
    made = make_list(app, count=45, pinned=0)
    with app.app_context():
        same = utcnow()
        for thread in db.session.scalars(select(Thread).where(Thread.network_id == made.network_id)):
            thread.last_activity_at = same
        db.session.commit()
        network = db.session.get(Network, made.network_id)
        seen, cursor = [], None
        while True:
            page = queries.thread_list(network, cursor)
            seen += [t.id for t in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 45 and seen == sorted(seen, reverse=True)


# --- constant query counts, read-only views ----------------------------------------------------

def forum_of_size(app, size: int, reader) -> dict:
    """A network with `size` threads (one pinned) and a thread with `size` posts, read by `reader`."""
    with app.app_context():
        municipality = make_municipality(f"Størrelse {size}")
        network = network_by_slug(municipality, "dagpenge")
        authors = [make_member(network) for _ in range(3)]
        join(db.session.merge(reader), network)
        make_thread(network, authors[0], "Fastgjort tråd", pinned=True)
        bulk_threads(network, authors, size - 1)
        thread = make_thread(network, authors[1], "Stor tråd")
        bulk_posts(thread, authors, size - 1)
        return {"network": f"/kommuner/{municipality.slug}/dagpenge/", "thread": f"/traade/{thread.id}",
                "first_post": db.session.scalar(select(Post.id).where(Post.thread_id == thread.id)
                                                .order_by(Post.id))}


@pytest.fixture
def two_sizes(app) -> SimpleNamespace:
    with app.app_context():
        reader = make_user(pseudonym="Læser Lars")
    small, large = forum_of_size(app, 10, reader), forum_of_size(app, 500, reader)
    member = client_for(app, "Læser Lars")
    for urls in (small, large):  # the reader has reacted to a post in each thread
        post(member, f"/indlaeg/{urls['first_post']}/genkender")
    return SimpleNamespace(small=small, large=large, member=member, visitor=client_for(app))


def statements(count_queries, client, url: str) -> list[str]:
    client.get(url)  # warm up: connection, first-request caches
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.statements


@pytest.mark.parametrize("page", ["network", "thread"])
@pytest.mark.parametrize("who", ["member", "visitor"])
def test_query_count_is_the_same_with_10_and_500(app, count_queries, two_sizes, page, who):
    client = getattr(two_sizes, who)
    small = statements(count_queries, client, two_sizes.small[page])
    large = statements(count_queries, client, two_sizes.large[page])
    print(f"\n{page} page as {who}: {len(small)} statements with 10, {len(large)} with 500")
    assert len(small) == len(large), (small, large)
    assert "Fastgjort tråd" in text(client.get(two_sizes.large["network"]))


@pytest.mark.parametrize("page", ["network", "thread"])
@pytest.mark.parametrize("who", ["member", "visitor"])
def test_a_page_view_writes_nothing(app, count_queries, two_sizes, page, who):
    client = getattr(two_sizes, who)
    for size in ("small", "large"):
        for url in (two_sizes.__dict__[size][page], two_sizes.__dict__[size][page] + "?efter=1"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            # ... but the person's read marker (app/forum/reading.py): one upsert at most.
            writes = [s for s in counter.statements if WRITES.match(s)]
            assert [s for s in writes if not READ_MARKER_UPSERT.match(s)] == []
            assert len(writes) <= (1 if who == "member" else 0)
            assert counter.count > 0


def test_a_members_thread_page_asks_eight_things_and_a_moderators_nine(app, count_queries,
                                                                       two_sizes):
    """The account, the thread, its posts, the reader's memberships (all at once), reactions,
    the bell's unread count, whether the reader follows the thread, and whether the reader
    holds a committee seat ("Udvalget" in the menu: one indexed EXISTS, memoised for the
    request); only someone who moderates is also counted the reports waiting for them."""
    tables = re.compile(r"\bFROM (\w+)")
    seen = selects(statements(count_queries, two_sizes.member, two_sizes.large["thread"]))
    assert sorted(tables.search(s).group(1) for s in seen) == [
        "committee_members", "follows", "memberships", "notifications", "posts", "reactions",
        "threads", "users"], seen
    with app.app_context():
        network = db.session.scalar(select(Network).join(Thread).join(Post).where(
            Post.id == two_sizes.large["first_post"]))
        make_moderator(network, pseudonym="Moderator Mette")
    moderator = client_for(app, "Moderator Mette")
    seen = selects(statements(count_queries, moderator, two_sizes.large["thread"]))
    assert len(seen) == 9 and any("count(reports.id)" in s for s in seen), seen


def selects(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]

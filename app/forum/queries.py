"""One query helper per forum page. Each returns what the template needs, eager-loaded."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import defer, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.core.pagination import KeysetPage, keyset_page
from app.extensions import db
from app.forum.models import Post, Reaction, Thread
from app.networks.models import Network

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20
MAX_PINNED = 10

# The statements of the read pages are built once, with bound parameters, and reused: building
# a statement and its cache key costs SQLAlchemy more than running it. Lists show the author's
# pseudonym, so they load that rather than the whole account row, and thread pages show the
# rendered HTML of posts, not their Markdown source.
THREAD_AUTHOR = joinedload(Thread.author).load_only(User.id, User.pseudonym)
POST_AUTHOR = joinedload(Post.author).load_only(User.id, User.pseudonym)

THREAD_BY_ID = select(Thread).where(Thread.id == bindparam("thread_id")).options(
    joinedload(Thread.network).joinedload(Network.municipality))
EARLIER_POSTS = select(exists().where(Post.thread_id == bindparam("thread_id"),
                                      Post.id < bindparam("post_id")))
LATER_POSTS = select(exists().where(Post.thread_id == bindparam("thread_id"),
                                    Post.id > bindparam("post_id")))
REACTED = select(Reaction.post_id).where(
    Reaction.user_id == bindparam("user_id"),
    Reaction.post_id.in_(bindparam("post_ids", expanding=True)))


def thread_by_id(thread_id: int) -> Thread | None:
    return db.session.scalar(THREAD_BY_ID, {"thread_id": thread_id})


def post_by_id(post_id: int) -> Post | None:
    return db.session.scalar(select(Post).where(Post.id == post_id).options(
        joinedload(Post.author),
        joinedload(Post.thread).joinedload(Thread.network).joinedload(Network.municipality)))


def _visible(query, include_hidden: bool):
    return query if include_hidden else query.where(Thread.hidden_at.is_(None))


@cache
def _pinned_statement(include_hidden: bool) -> Select:
    return _visible(
        select(Thread).where(Thread.network_id == bindparam("network_id"),
                             Thread.is_pinned.is_(True))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(MAX_PINNED)
        .options(THREAD_AUTHOR), include_hidden)


def pinned_threads(network: Network, include_hidden: bool = False) -> list[Thread]:
    return list(db.session.scalars(_pinned_statement(include_hidden),
                                   {"network_id": network.id}))


@cache
def _thread_list_statement(include_hidden: bool, after: bool) -> Select:
    query = _visible(
        select(Thread).where(Thread.network_id == bindparam("network_id"),
                             Thread.is_pinned.is_(False))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(THREADS_PER_PAGE + 1).options(THREAD_AUTHOR), include_hidden)
    if after:
        after_id = bindparam("after_id")
        cursor = select(Thread.last_activity_at).where(
            Thread.id == after_id, Thread.network_id == bindparam("network_id")).scalar_subquery()
        query = query.where(or_(Thread.last_activity_at < cursor,
                                and_(Thread.last_activity_at == cursor, Thread.id < after_id)))
    return query


def thread_list(network: Network, after_id: int | None,
                include_hidden: bool = False) -> KeysetPage[Thread]:
    """Unpinned threads, newest activity first; `after_id` is the last thread of the page before."""
    return keyset_page(db.session.scalars(
        _thread_list_statement(include_hidden, after_id is not None),
        {"network_id": network.id, "after_id": after_id}), THREADS_PER_PAGE)


@cache
def _posts_statement(bound: str | None) -> Select:
    """A page of a thread's posts: the first, from (>=), after (>) or before (<) `post_id`."""
    query = select(Post).where(Post.thread_id == bindparam("thread_id")).options(
        POST_AUTHOR, defer(Post.body))
    if bound == "before":
        return query.where(Post.id < bindparam("post_id")).order_by(Post.id.desc()).limit(
            POSTS_PER_PAGE + 1)
    if bound == "from":
        query = query.where(Post.id >= bindparam("post_id"))
    elif bound == "after":
        query = query.where(Post.id > bindparam("post_id"))
    return query.order_by(Post.id).limit(POSTS_PER_PAGE + 1)


def thread_posts(thread: Thread, start: int | None = None, before: int | None = None,
                 after: int | None = None) -> KeysetPage[Post]:
    """A page of posts in id order, from `start` (inclusive), after `after`, or before `before`."""
    if before is not None:  # read backwards from `before`: the page's first post is the cursor
        backwards = keyset_page(db.session.scalars(
            _posts_statement("before"), {"thread_id": thread.id, "post_id": before}),
            POSTS_PER_PAGE)
        rows = list(reversed(backwards.items))
        # "later posts" only when there are some: after a reply (read back from it) there are
        # none, and a link to an empty page would be a dead end
        later = bool(rows) and db.session.scalar(
            LATER_POSTS, {"thread_id": thread.id, "post_id": rows[-1].id})
        page = KeysetPage(rows, rows[-1].id if later else None, backwards.next_cursor)
    else:
        bound = "from" if start is not None else "after" if after is not None else None
        page = keyset_page(db.session.scalars(_posts_statement(bound), {
            "thread_id": thread.id, "post_id": start if start is not None else after}),
            POSTS_PER_PAGE)
        rows = list(page.items)
        if rows and bound is not None and db.session.scalar(
                EARLIER_POSTS, {"thread_id": thread.id, "post_id": rows[0].id}):
            page = KeysetPage(rows, page.next_cursor, rows[0].id)
    for post in rows:  # the thread is known: spare each post its own look-up
        set_committed_value(post, "thread", thread)
    return page


def reacted_post_ids(user, posts) -> set[int]:
    """Which of these posts the person has marked "genkender det" (one query)."""
    if not getattr(user, "is_authenticated", False) or not posts:
        return set()
    return set(db.session.scalars(REACTED, {"user_id": user.id, "post_ids": [p.id for p in posts]}))

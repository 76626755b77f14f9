"""One query helper per forum page. Each returns what the template needs, eager-loaded."""

from __future__ import annotations

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.pagination import KeysetPage
from app.extensions import db
from app.forum.models import Post, Reaction, Thread
from app.networks.models import Network

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20
MAX_PINNED = 10


def thread_by_id(thread_id: int) -> Thread | None:
    return db.session.scalar(select(Thread).where(Thread.id == thread_id).options(
        joinedload(Thread.network).joinedload(Network.municipality), joinedload(Thread.author)))


def post_by_id(post_id: int) -> Post | None:
    return db.session.scalar(select(Post).where(Post.id == post_id).options(
        joinedload(Post.author),
        joinedload(Post.thread).joinedload(Thread.network).joinedload(Network.municipality)))


def _visible(query, include_hidden: bool):  # noqa: ANN001, ANN202
    return query if include_hidden else query.where(Thread.hidden_at.is_(None))


def pinned_threads(network: Network, include_hidden: bool = False) -> list[Thread]:
    return list(db.session.scalars(_visible(
        select(Thread).where(Thread.network_id == network.id, Thread.is_pinned.is_(True))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(MAX_PINNED)
        .options(selectinload(Thread.author)), include_hidden)))


def thread_list(network: Network, after_id: int | None,
                include_hidden: bool = False) -> KeysetPage[Thread]:
    """Unpinned threads, newest activity first; `after_id` is the last thread of the page before."""
    query = _visible(
        select(Thread).where(Thread.network_id == network.id, Thread.is_pinned.is_(False))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(THREADS_PER_PAGE + 1).options(selectinload(Thread.author)), include_hidden)
    if after_id is not None:
        cursor = select(Thread.last_activity_at).where(
            Thread.id == after_id, Thread.network_id == network.id).scalar_subquery()
        query = query.where(or_(Thread.last_activity_at < cursor,
                                and_(Thread.last_activity_at == cursor, Thread.id < after_id)))
    rows = list(db.session.scalars(query))
    has_next = len(rows) > THREADS_PER_PAGE
    rows = rows[:THREADS_PER_PAGE]
    return KeysetPage(rows, rows[-1].id if has_next else None, None)


def thread_posts(thread: Thread, start: int | None = None, before: int | None = None,
                 after: int | None = None) -> KeysetPage[Post]:
    """A page of posts in id order, from `start` (inclusive), after `after`, or before `before`."""
    base = select(Post).where(Post.thread_id == thread.id).options(selectinload(Post.author))
    if before is not None:
        rows = list(db.session.scalars(base.where(Post.id < before).order_by(Post.id.desc())
                                       .limit(POSTS_PER_PAGE + 1)))
        has_prev = len(rows) > POSTS_PER_PAGE
        rows = list(reversed(rows[:POSTS_PER_PAGE]))
        has_next = True
    else:
        if start is not None:
            base = base.where(Post.id >= start)
        elif after is not None:
            base = base.where(Post.id > after)
        rows = list(db.session.scalars(base.order_by(Post.id).limit(POSTS_PER_PAGE + 1)))
        has_next = len(rows) > POSTS_PER_PAGE
        rows = rows[:POSTS_PER_PAGE]
        has_prev = bool(rows) and (start is not None or after is not None) and bool(
            db.session.scalar(select(exists().where(Post.thread_id == thread.id,
                                                    Post.id < rows[0].id))))
    return KeysetPage(rows, rows[-1].id if has_next and rows else None,
                      rows[0].id if has_prev and rows else None)


def reacted_post_ids(user, posts) -> set[int]:  # noqa: ANN001
    """Which of these posts the person has marked "genkender det" (one query)."""
    if not getattr(user, "is_authenticated", False) or not posts:
        return set()
    return set(db.session.scalars(select(Reaction.post_id).where(
        Reaction.user_id == user.id, Reaction.post_id.in_([p.id for p in posts]))))

"""What a person has read: the read markers behind "Nyt" on threads and "nyt siden dit sidste
besøg" on the personal front page.

Two small tables, one row per person and thread or network:

- ``thread_reads``: the highest post id the person has been shown on a thread page;
- ``network_visits``: when a member last opened the network's thread list.

**They are the only rows a GET request writes** (tests/core/test_get_writes_nothing.py allows
exactly ``READ_MARKER_TABLES``). Reading a page is what they record, so they cannot wait for a
POST. Each page view costs one upsert (``INSERT ... ON CONFLICT DO UPDATE``); a thread marker
only moves forward, so a view that shows nothing new changes no row and asks no question first.

The upsert goes through ``core.db.save_bookkeeping``: a connection of its own, a short
transaction outside the request's unit of work, and a marker that cannot be saved is logged,
never a reason to fail the page. The last visit (notifications.services.seen) is saved the
same way.

Who may read what is not decided here: the queries below only count posts that are neither
hidden nor deleted, in threads that are not hidden, and the callers add the ``readable_*``
filters (forum.rules) for everything else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, Integer, and_, exists, or_, select
from sqlalchemy.orm import Mapped, aliased, mapped_column

from app.accounts.rules import is_signed_in
from app.core.db import save_bookkeeping, upsert
from app.core.models import UTCDateTime, utcnow
from app.extensions import db
from app.forum.models import Post, Thread

# The tables a GET request may write, and nothing else.
READ_MARKER_TABLES = ("thread_reads", "network_visits")


class ThreadRead(db.Model):
    """The last post of a thread the person has been shown (its id only moves forward)."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)
    last_read_post_id: Mapped[int] = mapped_column(Integer, nullable=False)


class NetworkVisit(db.Model):
    """When the person last opened a network's thread list ("nyt siden dit sidste besøg")."""

    __tablename__ = "network_visits"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


def mark_thread_read(user, thread_id: int, last_post_id: int | None) -> None:
    """The person has been shown the thread's posts up to `last_post_id` (one upsert)."""
    if not is_signed_in(user) or last_post_id is None:
        return
    table = ThreadRead.__table__
    statement = upsert(table).values(user_id=user.id, thread_id=thread_id,
                                      last_read_post_id=last_post_id)
    save_bookkeeping(statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.thread_id],
        set_={"last_read_post_id": statement.excluded.last_read_post_id},
        where=table.c.last_read_post_id < statement.excluded.last_read_post_id))


def mark_network_visited(user, network_id: int, now: datetime | None = None) -> None:
    """A member opened the network's thread list (one upsert)."""
    if not is_signed_in(user):
        return
    table = NetworkVisit.__table__
    statement = upsert(table).values(user_id=user.id, network_id=network_id,
                                      visited_at=now or utcnow())
    save_bookkeeping(statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.network_id],
        set_={"visited_at": statement.excluded.visited_at}))


# --- what is unread, as where-clauses ------------------------------------------------------

def shown_post() -> ColumnElement[bool]:
    """A post that counts as something to read: neither hidden nor deleted."""
    return Post.hidden_at.is_(None) & Post.deleted_at.is_(None)


def by_someone_else(user) -> ColumnElement[bool]:
    return or_(Post.author_id.is_(None), Post.author_id != user.id)


def unread_post(user, read: type[ThreadRead], since: ColumnElement | datetime | None
                ) -> ColumnElement[bool]:
    """A post (of someone else) beyond the person's marker in its thread (`read`, outer-joined
    on the post's thread); in a thread the person never opened, a post written after `since`
    (when they joined; None: such threads have nothing unread)."""
    beyond = Post.id > read.last_read_post_id
    never_opened = (and_(read.last_read_post_id.is_(None), Post.created_at > since)
                    if since is not None else None)
    return shown_post() & by_someone_else(user) & (
        beyond if never_opened is None else or_(beyond, never_opened))


def unread_thread_ids(user, threads, joined_at: datetime | None) -> set[int]:
    """Which of these (listed, so readable) threads have posts the person has not seen, in one
    query. `joined_at`: when the person became a member of their network (None if not one)."""
    ids = [thread.id for thread in threads if not thread.is_hidden]
    if not is_signed_in(user) or not ids:
        return set()
    read = aliased(ThreadRead)
    return set(db.session.scalars(
        select(Post.thread_id).distinct()
        .outerjoin(read, and_(read.thread_id == Post.thread_id, read.user_id == user.id))
        .where(Post.thread_id.in_(ids), unread_post(user, read, joined_at))))


def has_unread(user, read: type[ThreadRead], since: ColumnElement | datetime | None
               ) -> ColumnElement[bool]:
    """``unread_thread_ids`` as a correlated column on Thread (for lists across networks);
    `read` is ThreadRead outer-joined on the thread, `since` may be a column of the query."""
    return exists().where(Post.thread_id == Thread.id,
                          unread_post(user, read, since)).correlate_except(Post)

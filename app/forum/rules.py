"""Who may read and write in the forum; composed from the network rules.

``readable_threads`` and ``readable_posts`` are ``can_view_thread`` and ``can_read_post`` as
where-clauses, for queries that list what a person may read.
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import ColumnElement, or_, select

from app.accounts.rules import is_signed_in
from app.forum.models import Post, Thread
from app.networks.models import Network
from app.networks.rules import (
    can_moderate,
    can_post,
    can_view_content,
    is_moderator,
    moderates_network,
    readable_network_ids,
)


def can_view_thread(user, thread: Thread) -> bool:
    """Hidden threads stay visible to moderators and to their author (who may appeal)."""
    if not can_view_content(user, thread.network):
        return False
    return (not thread.is_hidden or can_moderate(user, thread.network)
            or (is_signed_in(user) and thread.author_id == user.id))


def can_read_post(user, post: Post) -> bool:
    """The text of a post: in a thread the person may see, not deleted, and, when hidden, only
    for moderators (its author sees the moderator's reason and may appeal, not the text)."""
    return (can_view_thread(user, post.thread) and not post.is_deleted
            and (not post.is_hidden or can_moderate(user, post.thread.network)))


def readable_threads(user) -> ColumnElement[bool]:
    """``can_view_thread`` as a where-clause on Thread."""
    shown = [Thread.hidden_at.is_(None), moderates_network(user, Thread.network_id)]
    if is_signed_in(user):
        shown.append(Thread.author_id == user.id)
    return Thread.network_id.in_(readable_network_ids(user)) & or_(*shown)


def readable_posts(user) -> ColumnElement[bool]:
    """``can_read_post`` as a where-clause on Post."""
    threads = select(Thread.id).where(readable_threads(user)).correlate(None)
    shown = Post.hidden_at.is_(None) | Post.thread_id.in_(
        select(Thread.id).where(moderates_network(user, Thread.network_id)).correlate(None))
    return Post.thread_id.in_(threads) & Post.deleted_at.is_(None) & shown


def can_see_hidden(user, network) -> bool:
    return can_moderate(user, network)


def can_start_thread(user, network) -> bool:
    return can_post(user, network)


def can_reply(user, thread: Thread) -> bool:
    """May write in the network. Whether the thread takes replies (locked) is a state rule."""
    return can_post(user, thread.network)


def is_author(user, post: Post) -> bool:
    return PostRights(user).is_author(post)


def can_edit_post(user, post: Post) -> bool:
    return PostRights(user, post.thread.network).can_edit(post)


def can_delete_post(user, post: Post) -> bool:
    return PostRights(user, post.thread.network).can_delete(post)


def can_react(user, post: Post) -> bool:
    return PostRights(user, post.thread.network).can_react(post)


class PostRights:
    """What one person may do with the posts in one network: the post rules, written once.

    The facts about the person in the network are looked up when a rule first needs them
    and then kept, so a thread page asks them once for all its posts, not once per post.
    """

    def __init__(self, user, network: Network | None = None) -> None:
        self.user = user
        self.network = network
        self.user_id = user.id if is_signed_in(user) else None

    @cached_property
    def may_post(self) -> bool:
        return can_post(self.user, self.network)

    @cached_property
    def moderates(self) -> bool:
        return is_moderator(self.user, self.network)

    def is_author(self, post: Post) -> bool:
        return self.user_id is not None and post.author_id == self.user_id

    def can_edit(self, post: Post) -> bool:
        return (self.is_author(post) and not post.is_deleted and not post.is_hidden
                and not post.thread.is_locked and self.may_post)

    def can_delete(self, post: Post) -> bool:
        """Only the author deletes; a moderator removes someone else's post by hiding it, with
        a reason the author can appeal (app/moderation), never by deleting it."""
        return not post.is_deleted and self.is_author(post)

    def can_react(self, post: Post) -> bool:
        return not post.is_deleted and not post.is_hidden and self.may_post

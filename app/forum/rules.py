"""Who may read and write in the forum; composed from the network rules."""

from __future__ import annotations

from app.accounts.rules import is_signed_in
from app.forum.models import Post, Thread
from app.networks.rules import can_moderate, can_post, can_view_content, is_moderator


def can_view_thread(user, thread: Thread) -> bool:  # noqa: ANN001
    """Hidden threads stay visible to moderators and to their author (who may appeal)."""
    if not can_view_content(user, thread.network):
        return False
    return (not thread.is_hidden or can_moderate(user, thread.network)
            or (is_signed_in(user) and thread.author_id == user.id))


def can_see_hidden(user, network) -> bool:  # noqa: ANN001
    return can_moderate(user, network)


def can_start_thread(user, network) -> bool:  # noqa: ANN001
    return can_post(user, network)


def can_reply(user, thread: Thread) -> bool:  # noqa: ANN001
    """May write in the network. Whether the thread takes replies (locked) is a state rule."""
    return can_post(user, thread.network)


def is_author(user, post: Post) -> bool:  # noqa: ANN001
    return is_signed_in(user) and post.author_id is not None and post.author_id == user.id


def can_edit_post(user, post: Post) -> bool:  # noqa: ANN001
    return (is_author(user, post) and not post.is_deleted and not post.is_hidden
            and not post.thread.is_locked
            and can_post(user, post.thread.network))


def can_delete_post(user, post: Post) -> bool:  # noqa: ANN001
    return not post.is_deleted and (is_author(user, post)
                                    or is_moderator(user, post.thread.network))


def can_react(user, post: Post) -> bool:  # noqa: ANN001
    return not post.is_deleted and not post.is_hidden and can_post(user, post.thread.network)

"""The post cards of a thread page, each rendered once per look (app/core/fragments.py),
the empty reply form under them, rendered once per language and thread, and the rows of a
network's thread list, rendered once per look of the thread.

What a card shows: the post (author, times, text, count of "genkender det", whether it is
hidden or deleted) and the buttons this reader gets on it. Both go into the card's key, with
the language, the address the card's forms return to and the shape of its links. The reader's
own CSRF token is filled in on the way out; the kept card holds a placeholder.

The rules about reporting and appealing belong to moderation, a floor above the forum, so the
template hands them in (``rules.moderation.can_report`` and ``can_appeal``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import render_template, url_for
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.core.forms import new_submission_key
from app.core.fragments import TOKEN_PLACEHOLDER, digest, fragments
from app.core.templating import UrlForEach
from app.forum.forms import PostForm
from app.forum.models import Post, Thread
from app.forum.rules import PostRights

KEY_PLACEHOLDER = "\x00submission-key\x00"


@dataclass(frozen=True, slots=True)
class Buttons:
    """What this reader may do with this post, as the card shows it."""

    react: bool  # the "genkender det" button (else just the count)
    pressed: bool  # ... and the reader has pressed it
    quote: bool
    edit: bool
    report: bool
    appeal: bool  # the author of a hidden post: a link to appeal
    moderate: bool  # hide / show again
    delete: bool


class PostCards:
    """``post_cards(...)`` in a thread template; ``cards.render(post)`` for each post."""

    def __init__(self, macro: Callable[..., Any], thread: Thread, rights: PostRights, moderator: bool,
                 can_reply: bool, reacted: set[int], csrf: str, back: str, user: Any,
                 can_report: Callable[[Any, Any], bool], can_appeal: Callable[[Any, Any], bool],
                 target: Callable[[str, Any], Any]) -> None:
        self.macro, self.thread, self.rights, self.moderator = macro, thread, rights, moderator
        self.can_reply, self.reacted, self.csrf, self.back, self.user = (
            can_reply, reacted, csrf, back, user)
        self.can_report, self.can_appeal, self.target = can_report, can_appeal, target
        self.links = _Links(thread.id)
        self.locale = str(get_locale())

    def buttons(self, post: Post) -> Buttons:
        target = self.target("post", post)
        react = self.rights.can_react(post)
        return Buttons(
            react=react, pressed=react and post.id in self.reacted,
            quote=self.can_reply and not self.thread.is_locked,
            edit=self.rights.can_edit(post), report=self.can_report(self.user, target),
            appeal=self.can_appeal(self.user, target), moderate=self.moderator,
            delete=self.rights.can_delete(post))

    def key(self, post: Post, buttons: Buttons) -> tuple | None:
        """Everything the card shows; None when its links cannot be told apart by their shape."""
        shape = self.links.shape()
        if shape is None:
            return None
        return ("post-card", post.id, post.created_at, post.edited_at, post.is_deleted,
                post.is_hidden, post.hidden_reason, post.reaction_count,
                post.author.pseudonym if post.author else None, digest(post.body_html),
                buttons, self.locale, self.back, shape)

    def render(self, post: Post) -> Markup:
        buttons = self.buttons(post)
        key = self.key(post, buttons)

        def render() -> str:
            return str(self.macro(post, buttons, TOKEN_PLACEHOLDER, self.back, self.links))

        html = fragments().get_or_render(key, render)
        return Markup(html.replace(TOKEN_PLACEHOLDER, self.csrf))


class _Links:
    """The links a card can have, one url_for_each per kind."""

    def __init__(self, thread_id: int) -> None:
        self.show = UrlForEach("forum.show_post", "post_id")
        self.appeal = UrlForEach("moderation.appeal", "target_id", kind="post")
        self.react = UrlForEach("forum.react", "post_id")
        self.quote = UrlForEach("forum.reply", "citer", thread_id=thread_id)
        self.edit = UrlForEach("forum.edit_post", "post_id")
        self.report = UrlForEach("moderation.report", "target_id", kind="post")
        self.hide = UrlForEach("moderation.act_on_target", "target_id", kind="post", action="skjul")
        self.show_again = UrlForEach("moderation.act_on_target", "target_id", kind="post", action="vis")
        self.delete = UrlForEach("forum.delete_post", "post_id")
        self._all = (self.show, self.appeal, self.react, self.quote, self.edit, self.report,
                     self.hide, self.show_again, self.delete)
        self._shape: tuple | None | bool = False

    def shape(self) -> tuple | None:
        """Every link's text around the post id (the thread's id is in the quote link), or
        None if one of them is not built that way."""
        if self._shape is False:
            parts = tuple(link.shape() for link in self._all)
            self._shape = None if None in parts else parts
        return self._shape


class ThreadRows:
    """``thread_rows(thread_row)`` in a network template; ``rows.render(thread)`` per thread.

    A row shows the same to every reader: its key is what it shows (title, badges, author,
    count of posts, last activity), the language and the link's shape.
    """

    def __init__(self, macro: Callable[..., Any]) -> None:
        self.macro = macro
        self.links = UrlForEach("forum.show_thread", "thread_id")
        self.locale = str(get_locale())

    def key(self, thread: Thread) -> tuple | None:
        shape = self.links.shape()
        if shape is None:
            return None
        return ("thread-row", thread.id, thread.title, thread.is_pinned, thread.is_hidden,
                thread.is_locked, thread.author.pseudonym if thread.author else None,
                thread.post_count, thread.last_activity_at, self.locale, shape)

    def render(self, thread: Thread) -> Markup:
        key = self.key(thread)

        def render() -> str:
            return str(self.macro(thread, self.links))

        return Markup(fragments().get_or_render(key, render))


def blank_reply_form(thread: Thread) -> Markup:
    """The empty reply form under a thread: the same for every reader in a language but for
    the reader's CSRF token and the form's own submission key, which are filled in fresh."""
    action = url_for("forum.reply", thread_id=thread.id)  # a visitor's ?sprog= would be in it

    def render() -> str:
        form = PostForm()
        html = render_template("forum/_post_form.html", form=form, action=action, preview=None,
                               guard=None)
        return (html.replace(generate_csrf(), TOKEN_PLACEHOLDER)
                .replace(form.submission_key.data, KEY_PLACEHOLDER))

    html = fragments().get_or_render(("reply-form", str(get_locale()), action), render)
    return Markup(html.replace(TOKEN_PLACEHOLDER, generate_csrf())
                  .replace(KEY_PLACEHOLDER, new_submission_key()))

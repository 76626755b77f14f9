"""The post cards of a thread page, each rendered once per look (app/core/fragments.py),
the empty reply form under them, rendered once per language and thread, and the rows of a
network's thread list, rendered once per look of the thread.

What a card shows is one frozen dataclass (``PostCard``: the post's author, times, text,
count of "genkender det", whether it is hidden or deleted, the buttons this reader gets on it,
the language, the address its forms return to and the shape of its links). The card macro
takes it as its only argument and the kept card is found by it, so the key cannot miss
anything the card shows. Thread rows likewise (``ThreadRow``). The reader's own CSRF token is
filled in on the way out; the kept card holds a placeholder.

The rules about reporting and appealing belong to moderation, a floor above the forum, so the
template hands them in (``rules.moderation.can_report`` and ``can_appeal``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import render_template, url_for
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.core.forms import new_submission_key
from app.core.fragments import TOKEN_PLACEHOLDER, fragments
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


@dataclass(frozen=True, slots=True)
class PostCard:
    """Everything one post card shows: the card macro's only argument and the key it is kept
    under, so what is shown and what it is kept by cannot drift apart.

    ``locale`` is the language its words are in; ``back`` the address its forms return to;
    ``link_shape`` the text of its links around the post id (``links`` builds them from it).
    The CSRF token is never in it: the card has a placeholder, filled in per reader.
    """

    id: int
    author: str | None  # the pseudonym; None for a deleted account
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    is_hidden: bool
    hidden_reason: str | None
    reaction_count: int
    body_html: str
    buttons: Buttons
    locale: str
    back: str
    link_shape: tuple | None
    links: _Links = field(compare=False, repr=False)

    csrf = TOKEN_PLACEHOLDER

    @property
    def key(self) -> PostCard | None:
        """The card itself, unless its links cannot be told apart by their shape."""
        return self if self.link_shape is not None else None


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

    def card(self, post: Post) -> PostCard:
        return PostCard(
            id=post.id, author=post.author.pseudonym if post.author else None,
            created_at=post.created_at, edited_at=post.edited_at, is_deleted=post.is_deleted,
            is_hidden=post.is_hidden, hidden_reason=post.hidden_reason,
            reaction_count=post.reaction_count, body_html=post.body_html,
            buttons=self.buttons(post), locale=self.locale, back=self.back,
            link_shape=self.links.shape(), links=self.links)

    def render(self, post: Post) -> Markup:
        card = self.card(post)
        html = fragments().get_or_render(card.key, lambda: str(self.macro(card)))
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


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """Everything one row of a network's thread list shows: the row macro's only argument and
    the key it is kept under. A row looks the same to every reader but for ``unread`` (the
    reader has not seen all its posts: forum/reading.py), so there are two looks to keep."""

    id: int
    title: str
    is_pinned: bool
    is_hidden: bool
    is_locked: bool
    author: str | None  # the pseudonym; None for a deleted account
    post_count: int
    last_activity_at: datetime
    unread: bool
    place: str | None  # the network, in lists across networks (the personal front page)
    locale: str
    link_shape: tuple | None
    link: UrlForEach = field(compare=False, repr=False)

    @property
    def key(self) -> ThreadRow | None:
        return self if self.link_shape is not None else None


class ThreadRows:
    """``thread_rows(thread_row, unread)`` in a template; ``rows.render(thread)`` per thread.
    `unread`: the ids of the threads with posts the reader has not seen; `with_place`: say
    which network each thread is in (its network and municipality must be loaded)."""

    def __init__(self, macro: Callable[..., Any], unread: set[int] | frozenset[int] = frozenset(),
                 with_place: bool = False) -> None:
        self.macro, self.unread, self.with_place = macro, unread, with_place
        self.links = UrlForEach("forum.show_thread", "thread_id")
        self.locale = str(get_locale())

    def row(self, thread: Thread) -> ThreadRow:
        return ThreadRow(
            id=thread.id, title=thread.title, is_pinned=thread.is_pinned,
            is_hidden=thread.is_hidden, is_locked=thread.is_locked,
            author=thread.author.pseudonym if thread.author else None,
            post_count=thread.post_count, last_activity_at=thread.last_activity_at,
            unread=thread.id in self.unread, place=self._place(thread), locale=self.locale,
            link_shape=self.links.shape(), link=self.links)

    def _place(self, thread: Thread) -> str | None:
        if not self.with_place:
            return None
        return f"{thread.network.benefit_group.label} · {thread.network.municipality.name}"

    def render(self, thread: Thread) -> Markup:
        row = self.row(thread)
        return Markup(fragments().get_or_render(row.key, lambda: str(self.macro(row))))


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

"""Forum use cases. Text is sanitised once, here, on write; counters move in the same transaction."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.core.db import add_once, sent_before
from app.core.errors import DomainError
from app.core.events import record_event
from app.core.guard import NO_CRISIS, Verdict, alert_if_crisis
from app.core.models import utcnow
from app.core.sanitize import render_user_markdown
from app.extensions import db
from app.forum.events import REPLIED
from app.forum.models import Post, Reaction, Thread
from app.networks.models import Network


def _touch(network: Network, thread: Thread, now) -> None:
    thread.last_activity_at = now
    network.last_activity_at = now


def submitted_post(actor: User, submission_key: str | None) -> Post | None:
    """The post this person already sent with this form, if any (a resubmission)."""
    return sent_before(Post.author_id, Post.submission_key, actor.id, submission_key)


def _add_once(actor: User, submission_key: str | None, *rows: object) -> Post | None:
    """Add the rows; if the same form was saved at this moment by a concurrent request,
    add nothing and return that request's post instead."""
    return add_once(rows, submission_key, lambda: submitted_post(actor, submission_key))


def start_thread(actor: User, network: Network, title: str, body: str,
                 submission_key: str | None = None) -> Thread:
    return start_thread_once(actor, network, title, body, submission_key)[0]


def start_thread_once(actor: User, network: Network, title: str, body: str,
                      submission_key: str | None = None, verdict: Verdict = NO_CRISIS,
                      ) -> tuple[Thread, bool]:
    """Open a thread; the flag is False when this form was saved before (a resend, which
    alerts nobody twice). Crisis text tells the network's moderators."""
    if (earlier := submitted_post(actor, submission_key)) is not None:
        return earlier.thread, False
    now = utcnow()
    thread = Thread(network_id=network.id, author_id=actor.id, title=" ".join(title.split()),
                    created_at=now, last_activity_at=now, post_count=1)
    opening = Post(thread=thread, author_id=actor.id, body=body,
                   body_html=render_user_markdown(body), created_at=now,
                   submission_key=submission_key)
    if (earlier := _add_once(actor, submission_key, thread, opening)) is not None:
        return earlier.thread, False
    network.thread_count = Network.thread_count + 1
    network.last_activity_at = now
    db.session.flush()
    alert_if_crisis(verdict, actor, network.id, thread_id=thread.id)
    return thread, True


def _refuse_if_locked(thread: Thread) -> None:
    if thread.is_locked:
        reason = thread.lock_reason or _("Ingen begrundelse givet.")
        raise DomainError(_("Tråden er låst, så du kan ikke skrive i den. Begrundelse: %(reason)s "
                            "Din tekst er ikke sendt, men den står her stadig, så du kan gemme "
                            "den.", reason=reason), field="body")


def reply(actor: User, thread: Thread, body: str, submission_key: str | None = None) -> Post:
    """Add a reply. Sent again with the same submission key, it returns the first one."""
    return reply_once(actor, thread, body, submission_key)[0]


def reply_once(actor: User, thread: Thread, body: str, submission_key: str | None = None,
               verdict: Verdict = NO_CRISIS, quoted: Post | None = None) -> tuple[Post, bool]:
    """Add a reply; the flag is False when this form was saved before (a resend, which
    alerts nobody twice). Crisis text tells the network's moderators. The reply is recorded
    for notifications, with the author of the post it quoted (`quoted`, from the same
    thread), if any."""
    if (earlier := submitted_post(actor, submission_key)) is not None:
        return earlier, False
    _refuse_if_locked(thread)
    now = utcnow()
    post = Post(thread_id=thread.id, author_id=actor.id, body=body,
                body_html=render_user_markdown(body), created_at=now,
                submission_key=submission_key)
    if (earlier := _add_once(actor, submission_key, post)) is not None:
        return earlier, False
    thread.post_count = Thread.post_count + 1
    _touch(thread.network, thread, now)
    db.session.flush()
    record_event(REPLIED, actor=actor, network_id=thread.network_id, thread_id=thread.id,
                 post_id=post.id, quoted_author_id=quoted.author_id if (
                     quoted is not None and quoted.thread_id == thread.id) else None)
    alert_if_crisis(verdict, actor, thread.network_id, thread_id=thread.id, post_id=post.id)
    return post, True


def edit_post(actor: User, post: Post, body: str, verdict: Verdict = NO_CRISIS) -> None:
    """Change the text; changed crisis text tells the network's moderators."""
    if post.is_deleted:
        raise DomainError(_("Indlægget er slettet og kan ikke rettes."), field="body")
    _refuse_if_locked(post.thread)
    if body == post.body:
        return
    post.body = body
    post.body_html = render_user_markdown(body)
    post.edited_at = utcnow()
    db.session.flush()
    alert_if_crisis(verdict, actor, post.thread.network_id, thread_id=post.thread_id,
                    post_id=post.id)


def delete_post(actor: User, post: Post) -> None:
    """The text goes; a placeholder stays so the replies keep their context."""
    if post.is_deleted:
        raise DomainError(_("Indlægget er allerede slettet."))
    post.deleted_at = utcnow()
    post.body = ""
    post.body_html = ""
    db.session.execute(delete(Reaction).where(Reaction.post_id == post.id))
    post.reaction_count = 0
    db.session.flush()


def toggle_reaction(actor: User, post: Post) -> bool:
    """Add or take back "genkender det". Returns True when the person now recognises it."""
    existing = db.session.scalar(select(Reaction.id).where(
        Reaction.post_id == post.id, Reaction.user_id == actor.id))
    if existing is not None:
        removed = db.session.execute(delete(Reaction).where(Reaction.id == existing)).rowcount
        if removed:
            post.reaction_count = Post.reaction_count - removed
        db.session.flush()
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Reaction(post_id=post.id, user_id=actor.id))
    except IntegrityError:
        return True  # a simultaneous click already added it
    post.reaction_count = Post.reaction_count + 1
    db.session.flush()
    return True

"""The bell, the list, and how each notification is shown to its owner.

What a notification may show is decided when it is shown, not when it was made: a post hidden
since, or a network the person has left, leaves only "no longer visible" (no title, no link).
The checks use the features' SQL visibility filters, a fixed number of queries per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.pagination import keyset_page
from app.core.vocabulary import registered
from app.extensions import db
from app.forum.models import Post, Thread
from app.forum.rules import readable_posts, readable_threads
from app.networks.models import Network
from app.networks.rules import readable_networks
from app.notifications.models import Notification
from app.proposals.models import Proposal
from app.proposals.rules import readable_proposals

PAGE_SIZE = 20
BELL_CAP = 99  # the bell says "99+" beyond this, so its count costs the same at any size


def unread_count(user_id: int) -> int:
    """Unread notifications, counted up to BELL_CAP + 1 (one bounded query)."""
    unread = (select(Notification.id).where(Notification.user_id == user_id,
                                            Notification.read_at.is_(None))
              .limit(BELL_CAP + 1).subquery())
    return db.session.scalar(select(func.count()).select_from(unread))


@dataclass(frozen=True)
class Shown:
    notification: Notification
    label: str
    message: str | None  # a message addressed to the person (a moderator's decision, say)
    title: str | None  # the thread's or proposal's title, when the person may still see it
    visible: bool  # may the person still open what it is about?

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def _ids(rows, key) -> set[int]:
    return {value for row in rows if (value := key(row)) is not None}


def describe(user, notifications: list[Notification]) -> list[Shown]:
    """How each notification looks to its owner (at most four queries for any number)."""
    events = [n.event for n in notifications]
    post_ids = _ids(events, lambda e: e.data.get("post_id"))
    thread_ids = _ids(events, lambda e: e.data.get("thread_id"))
    proposal_ids = _ids(events, lambda e: e.proposal_id)
    network_ids = _ids(events, lambda e: e.network_id)
    posts = set(db.session.scalars(select(Post.id).where(
        Post.id.in_(post_ids), readable_posts(user)))) if post_ids else set()
    threads = dict(db.session.execute(select(Thread.id, Thread.title).where(
        Thread.id.in_(thread_ids), readable_threads(user))).all()) if thread_ids else {}
    proposals = dict(db.session.execute(select(Proposal.id, Proposal.title).where(
        Proposal.id.in_(proposal_ids), readable_proposals(user))).all()) if proposal_ids else {}
    networks = set(db.session.scalars(select(Network.id).where(
        Network.id.in_(network_ids), readable_networks(user)))) if network_ids else set()
    kinds = registered()
    shown = []
    for notification in notifications:
        event = notification.event
        kind = kinds.get(event.kind)
        post_id, thread_id = event.data.get("post_id"), event.data.get("thread_id")
        if event.recipient_id == user.id:
            visible = True  # addressed to them: an invitation, a decision about their text
        elif post_id is not None:
            visible = post_id in posts
        elif thread_id is not None:
            visible = thread_id in threads
        elif event.proposal_id is not None:
            visible = event.proposal_id in proposals
        else:
            visible = event.network_id is None or event.network_id in networks
        title = threads.get(thread_id) if thread_id else proposals.get(event.proposal_id)
        shown.append(Shown(
            notification, str(kind.label) if kind else event.kind,
            str(kind.message(event)) if kind is not None and kind.to_member else None,
            title if visible else None, visible))
    return shown


def notification_page(user, cursor: int | None):
    """The person's notifications, newest first, PAGE_SIZE at a time (keyset on id)."""
    query = (select(Notification).where(
        Notification.user_id == user.id, *([Notification.id < cursor] if cursor else []))
        .order_by(Notification.id.desc()).limit(PAGE_SIZE + 1))
    return keyset_page(db.session.scalars(query), PAGE_SIZE, cursor)


def own_notification(user, notification_id: int) -> Notification | None:
    return db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))

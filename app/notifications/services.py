"""Turning events into notifications, reading them, following and muting, delivery choices.
Services flush and never commit, except ``fan_out``, which is the after-commit step itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from app.accounts.models import User
from app.core.db import commit, save_bookkeeping, upsert
from app.core.errors import DomainError
from app.core.events import Event
from app.core.models import utcnow
from app.extensions import db
from app.notifications.models import (
    Delivery,
    DeliveryChoice,
    Follow,
    FollowTarget,
    Notification,
    NotificationProfile,
)
from app.notifications.recipients import recipients
from app.notifications.topics import BY_KEY, TOPICS

FAN_OUT_BATCH = 200
READ_KEPT = timedelta(days=365)  # read notifications are deleted after a year (flask purge)
SEEN_EVERY = timedelta(minutes=10)


# Fan-out ----------------------------------------------------------------------------------

def _claim(limit: int) -> list[Event]:
    """Events not yet turned into notifications, each claimed by one run only: the UPDATE
    sets the flag only where it is still unset, so a second run at the same moment (another
    request, the scheduler) skips what this one took."""
    ids = list(db.session.scalars(select(Event.id).where(Event.notified.is_(False))
                                  .order_by(Event.id).limit(limit)))
    if not ids:
        return []
    claimed = list(db.session.scalars(
        update(Event).where(Event.id.in_(ids), Event.notified.is_(False))
        .values(notified=True).returning(Event.id)))
    return list(db.session.scalars(select(Event).where(Event.id.in_(claimed))
                                   .order_by(Event.id)))


def fan_out(limit: int = FAN_OUT_BATCH) -> list[int]:
    """Turn waiting events into notifications and commit; returns the new notifications'
    ids (the at-once mails go out for these). Runs after every commit that saved events
    (core.db.after_events), and from ``flask notifications fan-out``."""
    created: list[Notification] = []
    for event in _claim(limit):
        told = recipients(event)
        switched_off = _switched_off(told)
        created.extend(Notification(user_id=user_id, event_id=event.id, topic=topic,
                                    created_at=event.created_at)
                       for user_id, topic in told.items() if (user_id, topic) not in switched_off)
    db.session.add_all(created)
    commit()
    return [notification.id for notification in created]


def _switched_off(told: dict[int, str]) -> set[tuple[int, str]]:
    """Who of these chose "off" for the topic they would be told under (one query)."""
    if not told:
        return set()
    return {tuple(row) for row in db.session.execute(
        select(DeliveryChoice.user_id, DeliveryChoice.topic).where(
            DeliveryChoice.user_id.in_(told), DeliveryChoice.topic.in_(set(told.values())),
            DeliveryChoice.delivery == Delivery.OFF))}


# Reading -----------------------------------------------------------------------------------

def mark_read(user: User, notification: Notification, now: datetime | None = None) -> None:
    if notification.user_id != user.id:
        raise DomainError(_("Beskeden findes ikke."))
    if notification.read_at is None:
        notification.read_at = now or utcnow()
    db.session.flush()


def mark_all_read(user: User, now: datetime | None = None) -> int:
    done = db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=now or utcnow())).rowcount
    db.session.flush()
    return done


def purge_read(now: datetime | None = None) -> int:
    """Delete notifications read more than READ_KEPT ago (flask purge)."""
    gone = db.session.execute(delete(Notification).where(
        Notification.read_at < (now or utcnow()) - READ_KEPT)).rowcount
    db.session.flush()
    return gone


def profile(user_id: int) -> NotificationProfile:
    found = db.session.get(NotificationProfile, user_id)
    if found is None:
        found = NotificationProfile(user_id=user_id)
        db.session.add(found)
    return found


def shows_titles(user_id: int) -> bool:
    return bool(db.session.scalar(select(NotificationProfile.show_titles).where(
        NotificationProfile.user_id == user_id)))


def seen(user_id: int, now: datetime | None = None) -> bool:
    """Remember that the person was here (a digest goes only to someone who has been away).
    A write on a page view, kept small: one upsert on its own connection
    (``core.db.save_bookkeeping``), at most every SEEN_EVERY. Returns whether it was saved."""
    table = NotificationProfile.__table__
    statement = upsert(table).values(user_id=user_id, last_seen_at=now or utcnow())
    return save_bookkeeping(statement.on_conflict_do_update(
        index_elements=[table.c.user_id],
        set_={"last_seen_at": statement.excluded.last_seen_at}))


# Following and muting ------------------------------------------------------------------------

def set_follow(user: User, target: FollowTarget, target_id: int, choice: str) -> None:
    """``follow``, ``mute`` or ``default`` (neither: the ordinary rules decide)."""
    if choice not in ("follow", "mute", "default"):
        raise DomainError(_("Vælg, om du vil følge eller slå beskeder fra."))
    row = db.session.scalar(select(Follow).where(
        Follow.user_id == user.id, Follow.target == target, Follow.target_id == target_id))
    if choice == "default":
        if row is not None:
            db.session.delete(row)
    else:
        if row is None:
            row = Follow(user_id=user.id, target=target, target_id=target_id)
            db.session.add(row)
        row.muted = choice == "mute"
    db.session.flush()


def follow_state(user: User, target: FollowTarget, target_id: int) -> str:
    row = db.session.scalar(select(Follow.muted).where(
        Follow.user_id == user.id, Follow.target == target, Follow.target_id == target_id))
    return "default" if row is None else ("mute" if row else "follow")


# Delivery choices --------------------------------------------------------------------------

def delivery_for(user_id: int, topic: str) -> Delivery:
    chosen = db.session.scalar(select(DeliveryChoice.delivery).where(
        DeliveryChoice.user_id == user_id, DeliveryChoice.topic == topic))
    return chosen or BY_KEY[topic].default


def choices(user_id: int) -> dict[str, Delivery]:
    chosen = dict(db.session.execute(select(DeliveryChoice.topic, DeliveryChoice.delivery)
                                     .where(DeliveryChoice.user_id == user_id)).all())
    return {topic.key: chosen.get(topic.key, topic.default) for topic in TOPICS}


def set_choices(user: User, chosen: dict[str, str], show_titles: bool) -> None:
    for key, value in chosen.items():
        if key not in BY_KEY:
            continue
        try:
            delivery = Delivery(value)
        except ValueError:
            raise DomainError(_("Vælg en af mulighederne."), field=key) from None
        row = db.session.get(DeliveryChoice, (user.id, key))
        if row is None:
            db.session.add(DeliveryChoice(user_id=user.id, topic=key, delivery=delivery))
        else:
            row.delivery = delivery
    profile(user.id).show_titles = show_titles
    db.session.flush()


def unsubscribe(user_id: int, topics: list[str]) -> list[str]:
    """Stop e-mail for these topics (they stay in the app): the one-click unsubscribe."""
    if db.session.get(User, user_id) is None:
        return []  # the account is gone: nothing more is mailed to it anyway
    stopped = []
    for key in topics:
        if key not in BY_KEY:
            continue
        row = db.session.get(DeliveryChoice, (user_id, key))
        if row is None:
            db.session.add(DeliveryChoice(user_id=user_id, topic=key, delivery=Delivery.IN_APP))
        elif row.delivery not in (Delivery.OFF, Delivery.IN_APP):
            row.delivery = Delivery.IN_APP
        stopped.append(key)
    db.session.flush()
    return stopped

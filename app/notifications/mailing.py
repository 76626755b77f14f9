"""Content-free e-mail about notifications: at once, or as a daily or weekly digest.

Content-free by construction: the subject is fixed ("Borgernet: nyt siden sidst"); the body
holds counts per topic and links to the person's own list (``/beskeder``: no network or
benefit-group slug in any mailed address); no title, excerpt, pseudonym, network name or
benefit group anywhere in the message or its headers. A person who opted in sees the titles
of threads and proposals they may still read (never a network's name).

Every mail carries a signed one-click unsubscribe for the topics it counts
(``List-Unsubscribe`` + ``List-Unsubscribe-Post``; the link acts only on POST).

A digest goes out only to someone who has been away (nothing in it is older than their last
visit), never between 21:00 and 08:00 Danish time, and holds each notification once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select

from app.accounts.models import User
from app.core import mail
from app.core.db import commit
from app.core.models import utcnow
from app.extensions import db
from app.notifications import services
from app.notifications.models import Delivery, DeliveryChoice, Notification, NotificationProfile
from app.notifications.queries import describe
from app.notifications.topics import BY_KEY

SUBJECT = _l("Borgernet: nyt siden sidst")
QUIET_FROM, QUIET_UNTIL = 21, 8  # Danish local hours: no digest in between
DIGEST_EVERY = {Delivery.DAILY: timedelta(days=1), Delivery.WEEKLY: timedelta(days=7)}
BATCH = 5000
LOCAL = ZoneInfo("Europe/Copenhagen")


# The one-click unsubscribe -------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="borgernet.unsubscribe")


def unsubscribe_token(user_id: int, topics: list[str]) -> str:
    return _serializer().dumps({"u": user_id, "t": sorted(topics)})


def read_unsubscribe_token(token: str) -> tuple[int, list[str]] | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    topics = [key for key in data.get("t", []) if key in BY_KEY]
    return (data["u"], topics) if topics else None


# Building and sending ------------------------------------------------------------------------

def _send(user: User, notifications: list[Notification], show_titles: bool,
          now: datetime) -> bool:
    """One mail about these notifications; False (and nothing sent) when none of them is
    about something the person may still see."""
    shown = [item for item in describe(user, notifications) if item.visible]
    if not shown:
        return False
    counts: dict[str, int] = defaultdict(int)
    titles: dict[str, list[str]] = defaultdict(list)
    for item in shown:
        counts[item.notification.topic] += 1
        if show_titles and item.title and item.title not in titles[item.notification.topic]:
            titles[item.notification.topic].append(item.title)
    lines = [(BY_KEY[key], counts[key], titles.get(key, [])) for key in BY_KEY if counts[key]]
    token = unsubscribe_token(user.id, list(counts))
    unsubscribe = mail.mailed_url("notifications.unsubscribe", token=token)
    mail.send_mail(
        user.email, SUBJECT, "notifications", locale=user.locale or "da",
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        lines=lines, list_url=mail.mailed_url("notifications.list_notifications"),
        settings_url=mail.mailed_url("notifications.settings"), unsubscribe_url=unsubscribe)
    for notification in notifications:
        notification.mailed_at = now
    return True


def _choices_and_profiles(user_ids: set[int]):
    chosen = {(user_id, topic): delivery for user_id, topic, delivery in db.session.execute(
        select(DeliveryChoice.user_id, DeliveryChoice.topic, DeliveryChoice.delivery)
        .where(DeliveryChoice.user_id.in_(user_ids)))}
    profiles = {row.user_id: row for row in db.session.scalars(
        select(NotificationProfile).where(NotificationProfile.user_id.in_(user_ids)))}
    users = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_(user_ids)))}
    return chosen, profiles, users


def _delivery(chosen, user_id: int, topic: str) -> Delivery:
    return chosen.get((user_id, topic), BY_KEY[topic].default)


def send_now(notification_ids: list[int], now: datetime | None = None) -> int:
    """The at-once mails for new notifications: one mail per person; returns mails sent."""
    if not notification_ids:
        return 0
    now = now or utcnow()
    waiting = list(db.session.scalars(select(Notification).where(
        Notification.id.in_(notification_ids), Notification.mailed_at.is_(None))))
    chosen, profiles, users = _choices_and_profiles({n.user_id for n in waiting})
    per_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        if _delivery(chosen, notification.user_id, notification.topic) is Delivery.NOW:
            per_user[notification.user_id].append(notification)
    sent = sum(_send(users[user_id], items, _titles(profiles, user_id), now)
               for user_id, items in per_user.items() if user_id in users)
    commit()
    return sent


def _titles(profiles, user_id: int) -> bool:
    profile = profiles.get(user_id)
    return bool(profile and profile.show_titles)


def quiet(now: datetime) -> bool:
    hour = now.astimezone(LOCAL).hour
    return hour >= QUIET_FROM or hour < QUIET_UNTIL


def send_digests(now: datetime | None = None) -> int:
    """``flask send-digests`` (hourly): a daily or weekly digest to each person who has been
    away, when it is due. Returns how many mails went out."""
    now = now or utcnow()
    if quiet(now):
        return 0
    # Only what came after the person's last visit: what they saw on the site is not news.
    waiting = list(db.session.scalars(
        select(Notification)
        .outerjoin(NotificationProfile, NotificationProfile.user_id == Notification.user_id)
        .where(Notification.mailed_at.is_(None), Notification.read_at.is_(None),
               or_(NotificationProfile.last_seen_at.is_(None),
                   Notification.created_at > NotificationProfile.last_seen_at))
        .order_by(Notification.user_id, Notification.id).limit(BATCH)))
    chosen, profiles, users = _choices_and_profiles({n.user_id for n in waiting})
    per_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        if _delivery(chosen, notification.user_id, notification.topic) in DIGEST_EVERY:
            per_user[notification.user_id].append(notification)
    sent = 0
    for user_id, items in per_user.items():
        profile = profiles.get(user_id)
        every = min(DIGEST_EVERY[_delivery(chosen, user_id, n.topic)] for n in items)
        last = profile.last_digest_at if profile else None
        if user_id not in users or (last is not None and now - last < every):
            continue
        if _send(users[user_id], items, _titles(profiles, user_id), now):
            sent += 1
            (profile or services.profile(user_id)).last_digest_at = now
    commit()
    return sent


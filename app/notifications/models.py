"""A person's notifications, what they follow or mute, and how they want to be told.

- ``Notification``: one event for one person, once (unique per person and event), read or
  not, mailed or not. The event (app.core.events.Event) says what happened; the
  notification only says to whom.
- ``Follow``: a person follows or mutes a network, a thread or a proposal. Muting wins over
  everything that would otherwise tell the person about it.
- ``DeliveryChoice``: per topic (topics.py), off, in the app only, e-mail at once, or a
  daily or weekly digest. Without a row the topic's default applies.
- ``NotificationProfile``: when the person was last seen (a digest goes only to someone who
  has been away), when the last digest went, and whether mails may name titles.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.events import Event
from app.core.models import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id", name="uq_notifications_user_id_event_id"),
        # The list (newest first, keyset) and the bell's unread count.
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         nullable=False)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True, nullable=False)
    topic: Mapped[str] = mapped_column(String(30), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship(lazy="joined")


class FollowTarget(enum.Enum):
    NETWORK = "network"
    THREAD = "thread"
    PROPOSAL = "proposal"


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "target", "target_id",
                         name="uq_follows_user_id_target_target_id"),
        Index("ix_follows_target_target_id", "target", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         nullable=False)
    target: Mapped[FollowTarget] = mapped_column(str_enum(FollowTarget, length=10),
                                                 nullable=False)
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    muted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class Delivery(enum.Enum):
    OFF = "off"
    IN_APP = "in_app"
    NOW = "now"
    DAILY = "daily"
    WEEKLY = "weekly"


class DeliveryChoice(db.Model):
    __tablename__ = "notification_choices"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    topic: Mapped[str] = mapped_column(String(30), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery, length=10), nullable=False)


class NotificationProfile(db.Model):
    __tablename__ = "notification_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Mails name thread and proposal titles (never a network) only when the person asks.
    show_titles: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

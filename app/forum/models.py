"""Threads, posts and "genkender det" reactions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.models import UTCDateTime, utcnow
from app.core.moderation_fields import HideableMixin
from app.extensions import db
from app.networks.models import Network


class Thread(HideableMixin, db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        # The thread list: pinned first, then newest activity, keyset on (last_activity_at, id).
        Index("ix_threads_network_list", "network_id", "is_pinned", "last_activity_at", "id"),
        # The personal front page: the newest activity across a person's networks, and the
        # threads active since their last visit (app/home/queries.py).
        Index("ix_threads_network_activity", "network_id", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"),
                                            nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                       nullable=False)
    # Kept in the same transaction as the post that changes it.
    post_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    lock_reason: Mapped[str | None] = mapped_column(String(300))

    network: Mapped[Network] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class Post(HideableMixin, db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        # Thread pages: keyset pagination on (thread_id, id).
        Index("ix_posts_thread_id_id", "thread_id", "id"),
        # A form sent twice (a double click, a retry after a lost answer) saves one post.
        UniqueConstraint("author_id", "submission_key", name="uq_posts_author_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # Sanitised HTML rendered once on write; the only field templates mark safe.
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reaction_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # The random key of the form that sent the post (see core.forms.SubmissionKey).
    submission_key: Mapped[str | None] = mapped_column(String(32))

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Reaction(db.Model):
    """ "Genkender det": one per member per post."""

    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

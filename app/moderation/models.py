"""Reports (anmeldelser) and appeals. The audit log itself is app.core.audit."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.models import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.forum.models import Post, Thread
from app.networks.models import Network
from app.proposals.models import Proposal, ProposalComment

_ONE_TARGET = ("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END + CASE WHEN thread_id IS NULL "
               "THEN 0 ELSE 1 END + CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END + "
               "CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1")


class ReportReason(enum.Enum):
    PERSONAL_DATA = "personal_data"
    HARASSMENT = "harassment"
    DISCRIMINATION = "discrimination"
    SPAM = "spam"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self])


REASON_LABELS = {
    ReportReason.PERSONAL_DATA: _l("Personlige oplysninger er delt"),
    ReportReason.HARASSMENT: _l("Chikane eller trusler"),
    ReportReason.DISCRIMINATION: _l("Diskrimination"),
    ReportReason.SPAM: _l("Spam eller reklame"),
    ReportReason.OTHER: _l("Andet"),
}


class ReportStatus(enum.Enum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


class AppealStatus(enum.Enum):
    OPEN = "open"
    RESTORED = "restored"
    UPHELD = "upheld"


class TargetMixin:
    """Exactly one of post, thread, proposal or proposal comment: explicit keys, no generic
    foreign key."""

    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                               ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_comments.id",
                                                              ondelete="CASCADE"))


class Report(TargetMixin, db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        # A member reports the same thing once.
        UniqueConstraint("reporter_id", "post_id", name="uq_reports_reporter_post"),
        UniqueConstraint("reporter_id", "thread_id", name="uq_reports_reporter_thread"),
        UniqueConstraint("reporter_id", "proposal_id", name="uq_reports_reporter_proposal"),
        UniqueConstraint("reporter_id", "comment_id", name="uq_reports_reporter_comment"),
        CheckConstraint(_ONE_TARGET, name="one_target"),
        # The queue: a network's open reports in order.
        Index("ix_reports_network_status_id", "network_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"),
                                            nullable=False)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[ReportReason] = mapped_column(str_enum(ReportReason, length=20),
                                                 nullable=False)
    text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[ReportStatus] = mapped_column(str_enum(ReportStatus, length=12),
                                                 default=ReportStatus.OPEN, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    network: Mapped[Network] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    post: Mapped[Post | None] = relationship()
    thread: Mapped[Thread | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    comment: Mapped[ProposalComment | None] = relationship()


class Appeal(TargetMixin, db.Model):
    __tablename__ = "appeals"
    __table_args__ = (
        # One appeal per hidden piece of content.
        UniqueConstraint("post_id"), UniqueConstraint("thread_id"),
        UniqueConstraint("proposal_id"), UniqueConstraint("comment_id"),
        CheckConstraint(_ONE_TARGET, name="one_target"),
        Index("ix_appeals_network_status_id", "network_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"),
                                            nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[AppealStatus] = mapped_column(str_enum(AppealStatus, length=12),
                                                 default=AppealStatus.OPEN, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    post: Mapped[Post | None] = relationship()
    thread: Mapped[Thread | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    comment: Mapped[ProposalComment | None] = relationship()


class HandledCrisisAlert(db.Model):
    """A crisis alert (an ``events`` row of kind ``moderation.crisis_alert``) a moderator has
    looked after: it leaves the open list. One row per alert; the audit log says who and when
    as well (``crisis.handled``)."""

    __tablename__ = "handled_crisis_alerts"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          primary_key=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

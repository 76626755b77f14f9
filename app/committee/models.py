"""The committee: its seats, the proposals forwarded to it, and its public clock.

A ``Forwarding`` is a passed proposal sent by a moderator to the municipality's employment
committee. It carries the cover note, up to five chosen comments, the receipt, the meeting
date and the official answer. The proposal's own state moves through its model transitions
(``Proposal.forward()``, ``mark_received()``, ``mark_answered()``); committee/services.py
calls them, proposals never import this module.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.models import TimestampMixin, UTCDateTime, str_enum
from app.extensions import db
from app.networks.models import Municipality
from app.proposals.models import Proposal, ProposalComment

MAX_FORWARDED_COMMENTS = 5
REMINDER_DAYS_BEFORE = 7
# Every municipality on the platform is Danish: due dates are Danish calendar days.
LOCAL_TIMEZONE = ZoneInfo("Europe/Copenhagen")


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TIMEZONE).date()


def local_today() -> date:
    return datetime.now(LOCAL_TIMEZONE).date()


class CommitteeMember(TimestampMixin, db.Model):
    __tablename__ = "committee_members"
    __table_args__ = (UniqueConstraint("municipality_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)

    municipality: Mapped[Municipality] = relationship()
    user: Mapped[User] = relationship()


class AnswerStatus(enum.Enum):
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(ANSWER_LABELS[self])


ANSWER_LABELS = {
    AnswerStatus.ADOPTED: _l("Udvalget siger ja"),
    AnswerStatus.PARTLY_ADOPTED: _l("Udvalget siger delvist ja"),
    AnswerStatus.REJECTED: _l("Udvalget siger nej"),
}


class CommitteeStatus(enum.Enum):
    """Where a forwarded proposal is in the committee's work (the list's filters)."""

    NEW = "ny"
    RECEIVED = "modtaget"
    ON_AGENDA = "dagsorden"
    ANSWERED = "besvaret"

    @property
    def label(self) -> str:
        return str(COMMITTEE_STATUS_LABELS[self])


COMMITTEE_STATUS_LABELS = {
    CommitteeStatus.NEW: _l("Nye"),
    CommitteeStatus.RECEIVED: _l("Modtaget"),
    CommitteeStatus.ON_AGENDA: _l("På dagsordenen"),
    CommitteeStatus.ANSWERED: _l("Besvaret"),
}


@dataclass(frozen=True)
class Clock:
    """The public clock on the committee's answer, as seen on one calendar day."""

    forwarded_on: date
    due_on: date
    days_since_forwarding: int
    days_left: int
    answered: bool
    answered_late: bool

    @property
    def overdue(self) -> bool:
        return not self.answered and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return not self.answered and 0 <= self.days_left <= REMINDER_DAYS_BEFORE

    @classmethod
    def between(cls, started_on: date, due_on: date, answered_on: date | None,
                today: date) -> Clock:
        """The clock of anything the committee must answer: started on `started_on` (a
        proposal forwarded, a survey period ended), due on `due_on`, answered on
        `answered_on` (or not yet)."""
        until = answered_on or today
        return cls(forwarded_on=started_on, due_on=due_on,
                   days_since_forwarding=(until - started_on).days,
                   days_left=(due_on - today).days, answered=answered_on is not None,
                   answered_late=bool(answered_on and answered_on > due_on))


class Forwarding(db.Model):
    __tablename__ = "forwardings"
    __table_args__ = (
        # The committee's list, newest first, and the reminder run over unanswered ones.
        Index("ix_forwardings_municipality_id_id", "municipality_id", "id"),
        Index("ix_forwardings_answered_at_due_on", "answered_at", "due_on"),
        CheckConstraint("(answer_status IS NULL) = (answered_at IS NULL)", name="answer_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             unique=True, nullable=False)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    forwarded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    cover_note: Mapped[str] = mapped_column(Text, nullable=False)
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # Fixed when the proposal is forwarded, so a later change of the municipality's deadline
    # never moves a promise already made in public.
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    meeting_date: Mapped[date | None] = mapped_column(Date)
    answer_status: Mapped[AnswerStatus | None] = mapped_column(str_enum(AnswerStatus, length=20))
    answer_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)

    proposal: Mapped[Proposal] = relationship()
    municipality: Mapped[Municipality] = relationship()
    forwarded_by: Mapped[User | None] = relationship(foreign_keys=[forwarded_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    chosen_comments: Mapped[list[ForwardedComment]] = relationship(
        order_by="ForwardedComment.position", lazy="raise_on_sql",
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def status(self) -> CommitteeStatus:
        if self.answered_at is not None:
            return CommitteeStatus.ANSWERED
        if self.meeting_date is not None:
            return CommitteeStatus.ON_AGENDA
        if self.received_at is not None:
            return CommitteeStatus.RECEIVED
        return CommitteeStatus.NEW

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def clock(self, today: date | None = None) -> Clock:
        return Clock.between(local_date(self.forwarded_at), self.due_on,
                             local_date(self.answered_at) if self.answered_at else None,
                             today or local_today())


def due_date(forwarded_at: datetime, deadline_days: int) -> date:
    return local_date(forwarded_at) + timedelta(days=deadline_days)


class ForwardedComment(db.Model):
    """One of the (at most five) comments a moderator chose as representative."""

    __tablename__ = "forwarded_comments"
    __table_args__ = (
        UniqueConstraint("forwarding_id", "comment_id",
                         name="uq_forwarded_comments_forwarding_id_comment_id"),
        UniqueConstraint("forwarding_id", "position",
                         name="uq_forwarded_comments_forwarding_id_position"),
        CheckConstraint(f"position BETWEEN 1 AND {MAX_FORWARDED_COMMENTS}", name="position_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forwarding_id: Mapped[int] = mapped_column(ForeignKey("forwardings.id", ondelete="CASCADE"),
                                               nullable=False)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_comments.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)

    comment: Mapped[ProposalComment] = relationship()

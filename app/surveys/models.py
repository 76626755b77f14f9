"""Surveys, their own questions, invitation-code batches, and the anonymous answers.

Anonymity is built into the tables (issue 11, item 4):

- ``survey_responses`` holds an answer under a random key (no sequence), the survey period
  ("YYYY-MM", nothing finer), and no user, code, address, agent or time column.
- ``survey_participations`` records that someone answered: only a keyed hash (HMAC) of
  (survey, period, person) or of the code, under a random key, with no time. Nothing joins
  it to a response.
- ``survey_codes`` holds only a keyed hash of each invitation code and its batch.

The three anonymous tables are SQLite ``WITHOUT ROWID`` tables, so even the physical order
is that of the random keys, not of the inserts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.networks.models import BenefitGroup, Municipality
from app.surveys.records import Series

PERIOD_MONTHS = (1, 2, 3, 6)
_NO_ROWID = {"sqlite_with_rowid": False}


class Survey(db.Model):
    """One municipality's satisfaction survey. It runs in periods of ``period_months``
    months; ``open_link`` lets anyone answer without a code (the "unverified" series).
    Once the first answer exists ``locked`` is set, and the questions and the anonymity
    settings can no longer change."""

    __tablename__ = "surveys"
    __table_args__ = (CheckConstraint("period_months IN (1, 2, 3, 6)", name="period_months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), unique=True, nullable=False)
    period_months: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    open_link: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        order_by="SurveyQuestion.id", cascade="all, delete-orphan", lazy="selectin")


class SurveyQuestion(db.Model):
    """An admin's own question (at most five), answered on the same 1-5 scale."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"),
                                           index=True, nullable=False)
    text: Mapped[str] = mapped_column(String(200), nullable=False)


class SurveyCodeBatch(db.Model):
    """A batch of one-time invitation codes for one benefit group and period. The batch is
    not a person: it may say when it was made. The codes themselves are never stored."""

    __tablename__ = "survey_code_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"),
                                           index=True, nullable=False)
    benefit_group: Mapped[BenefitGroup] = mapped_column(str_enum(BenefitGroup), nullable=False)
    period: Mapped[str] = mapped_column(String(7), nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class SurveyCode(db.Model):
    """The keyed hash of one invitation code; used codes have a participation row with the
    same hash."""

    __tablename__ = "survey_codes"
    __table_args__ = (_NO_ROWID,)

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("survey_code_batches.id", ondelete="CASCADE"),
                                          index=True, nullable=False)

    batch: Mapped[SurveyCodeBatch] = relationship(lazy="joined")


class SurveyResponse(db.Model):
    """One anonymous answer. ``scores`` maps a question key to 1-5, or None for "ved ikke"."""

    __tablename__ = "survey_responses"
    __table_args__ = (_NO_ROWID,)

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"),
                                           index=True, nullable=False)
    period: Mapped[str] = mapped_column(String(7), nullable=False)
    series: Mapped[Series] = mapped_column(str_enum(Series, 16), nullable=False)
    benefit_group: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(16))
    missed_meeting: Mapped[bool | None] = mapped_column(Boolean)
    scores: Mapped[dict] = mapped_column(JSON, nullable=False)
    different: Mapped[str | None] = mapped_column(Text)
    idea: Mapped[str | None] = mapped_column(Text)


class SurveyParticipation(db.Model):
    """That someone answered: a keyed hash of (survey, period, person) or of a code."""

    __tablename__ = "survey_participations"
    __table_args__ = (_NO_ROWID,)

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)

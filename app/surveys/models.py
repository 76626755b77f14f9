"""Surveys, their own questions, invitation-code batches, and the anonymous answers.

Anonymity is built into the tables (issue 11, item 4):

- ``survey_responses`` holds an answer under a random key (no sequence), the survey period
  ("YYYY-MM", nothing finer), and no user, code, address, agent or time column. A new
  answer waits in ``survey_pending_responses`` until SHUFFLE_BATCH answers are there; then
  they move together, in random order and under new random keys, so that neither the
  physical order (PostgreSQL's ctid) nor the writing transaction (xmin) pairs an answer
  with the participation written beside it, beyond "one of this batch". Each new answer
  also rewrites the ones still waiting in random order under new keys, so the waiting
  answers share one transaction and no order either.
- ``survey_participations`` records that a signed-in person answered: only a keyed hash
  (HMAC) of (survey, period, person), under a random key, with no time. Nothing joins it
  to a response.
- ``survey_codes`` holds only a keyed hash of each unused invitation code and its batch.
  Using a code deletes its row, so nothing is left to pair with the response.

The three anonymous tables are SQLite ``WITHOUT ROWID`` tables, so even the physical order
is that of the random keys, not of the inserts.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
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
    """The keyed hash of one unused invitation code (a used code's row is deleted)."""

    __tablename__ = "survey_codes"
    __table_args__ = (_NO_ROWID,)

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("survey_code_batches.id", ondelete="CASCADE"),
                                          index=True, nullable=False)

    batch: Mapped[SurveyCodeBatch] = relationship(lazy="joined")


def random_key() -> str:
    """The primary key of an anonymous row: random, so no order of keys follows the order
    in which answers came in (no sequence to sort by)."""
    return secrets.token_hex(16)


class _AnswerColumns:
    """An answer's columns. ``scores`` maps a question key to 1-5, or None for "ved ikke"."""

    key: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
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


class PendingResponse(_AnswerColumns, db.Model):
    """A new answer waiting for its shuffled batch (services.SHUFFLE_BATCH answers)."""

    __tablename__ = "survey_pending_responses"
    __table_args__ = (_NO_ROWID,)


class SurveyResponse(_AnswerColumns, db.Model):
    """An anonymous answer, written together with others in a shuffled batch under a new
    random key: neither its position in the table nor the transaction that wrote it tells
    which of the batch's answers it was."""

    __tablename__ = "survey_responses"
    __table_args__ = (_NO_ROWID,)


ANSWER_COLUMNS = ("period", "series", "benefit_group", "channel", "missed_meeting", "scores",
                  "different", "idea")


class SurveyParticipation(db.Model):
    """That a signed-in person answered in a period: a keyed hash of (survey, period, person)."""

    __tablename__ = "survey_participations"
    __table_args__ = (_NO_ROWID,)

    key: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)


class SurveyFollowUp(db.Model):
    """"Du sagde — vi gjorde": the committee's public answer to one closed period's findings.

    Published once by a committee member of the municipality, or by an admin on the
    committee's behalf (``on_behalf``). Like the committee's answer to a proposal it cannot be
    changed afterwards, and it carries the due date its clock ran against.
    """

    __tablename__ = "survey_follow_ups"
    __table_args__ = (UniqueConstraint("survey_id", "period",
                                       name="uq_survey_follow_ups_survey_id_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"),
                                           nullable=False)
    period: Mapped[str] = mapped_column(String(7), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

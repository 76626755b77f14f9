"""One query helper per page, and the one door through which answers leave storage."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from app.core.guard import redact
from app.extensions import db
from app.networks.models import Municipality
from app.surveys.models import (
    Survey,
    SurveyCode,
    SurveyCodeBatch,
    SurveyParticipation,
    SurveyResponse,
)
from app.surveys.records import ResponseRecord

MAX_RECORDS = 100_000
FREE_TEXT_PAGE = 200


def response_records(survey: Survey) -> list[ResponseRecord]:
    """Every answer of a survey as records (period, group, channel, series, scores): one
    query, at most MAX_RECORDS rows, ordered by period and then the random key."""
    rows = db.session.execute(
        select(SurveyResponse.period, SurveyResponse.benefit_group, SurveyResponse.channel,
               SurveyResponse.series, SurveyResponse.scores)
        .where(SurveyResponse.survey_id == survey.id)
        .order_by(SurveyResponse.period, SurveyResponse.key).limit(MAX_RECORDS))
    return [ResponseRecord(period, group, channel, series, dict(scores or {}))
            for period, group, channel, series, scores in rows]


def survey_for_slug(slug: str) -> Survey | None:
    return db.session.scalar(select(Survey).join(Survey.municipality)
                             .where(Municipality.slug == slug))


def surveys_overview() -> Select:
    """The admin list: every municipality with its survey, if it has one."""
    return (select(Municipality, Survey)
            .outerjoin(Survey, Survey.municipality_id == Municipality.id)
            .order_by(Municipality.name))


def municipalities_without_survey() -> Select:
    return (select(Municipality.id, Municipality.name)
            .where(~select(Survey.id).where(Survey.municipality_id == Municipality.id).exists())
            .order_by(Municipality.name))


def batches_with_use(survey: Survey) -> list[tuple[SurveyCodeBatch, int]]:
    """The survey's code batches, newest first, each with how many of its codes are used
    (one GROUP BY; a used code has a participation row with the code's hash)."""
    used = dict(db.session.execute(
        select(SurveyCode.batch_id, func.count())
        .join(SurveyParticipation, SurveyParticipation.digest == SurveyCode.digest)
        .join(SurveyCodeBatch, SurveyCodeBatch.id == SurveyCode.batch_id)
        .where(SurveyCodeBatch.survey_id == survey.id).group_by(SurveyCode.batch_id)).all())
    batches = db.session.scalars(select(SurveyCodeBatch).where(
        SurveyCodeBatch.survey_id == survey.id).order_by(SurveyCodeBatch.id.desc())).all()
    return [(batch, used.get(batch.id, 0)) for batch in batches]


def answer_counts(survey: Survey) -> list[tuple[str, int]]:
    """Answers per period, newest first."""
    return list(db.session.execute(
        select(SurveyResponse.period, func.count()).where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.period).order_by(SurveyResponse.period.desc())).tuples())


def free_texts(survey: Survey, period: str) -> list[tuple[str | None, str | None]]:
    """The free-text answers of one period for admins, with CPR numbers, phone numbers and
    e-mail addresses masked (again: they were masked when saved, too). Never public."""
    rows = db.session.execute(
        select(SurveyResponse.different, SurveyResponse.idea)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.period == period,
               (SurveyResponse.different.is_not(None)) | (SurveyResponse.idea.is_not(None)))
        .order_by(SurveyResponse.key).limit(FREE_TEXT_PAGE))
    return [tuple(redact(text, ("cpr", "phones", "emails")) if text else None
                  for text in row) for row in rows]

"""One query helper per page, and the one door through which answers leave storage."""

from __future__ import annotations

from sqlalchemy import Select, func, select, union_all

from app.core.guard import redact
from app.extensions import db
from app.networks.models import Municipality
from app.surveys.models import (
    PendingResponse,
    Survey,
    SurveyCode,
    SurveyCodeBatch,
    SurveyResponse,
)
from app.surveys.records import ResponseRecord, Series

MAX_RECORDS = 100_000
FREE_TEXT_PAGE = 200


def _answers(survey: Survey, *where):
    """A survey's answers, written and still waiting for their batch, as one subquery."""
    return union_all(*(
        select(model.key, model.period, model.benefit_group, model.channel, model.series,
               model.scores, model.different, model.idea)
        .where(model.survey_id == survey.id, *(test(model) for test in where))
        for model in (SurveyResponse, PendingResponse))).subquery()


def response_records(survey: Survey) -> list[ResponseRecord]:
    """Every answer of a survey as records (period, group, channel, series, scores): one
    query, at most MAX_RECORDS rows, ordered by period and then the random key."""
    answers = _answers(survey)
    rows = db.session.execute(
        select(answers.c.period, answers.c.benefit_group, answers.c.channel,
               answers.c.series, answers.c.scores)
        .order_by(answers.c.period, answers.c.key).limit(MAX_RECORDS))
    return [ResponseRecord(period, group, channel, Series(series), dict(scores or {}))
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
    (a used code's row is deleted; one GROUP BY counts the rest)."""
    left = dict(db.session.execute(
        select(SurveyCode.batch_id, func.count())
        .join(SurveyCodeBatch, SurveyCodeBatch.id == SurveyCode.batch_id)
        .where(SurveyCodeBatch.survey_id == survey.id).group_by(SurveyCode.batch_id)).all())
    batches = db.session.scalars(select(SurveyCodeBatch).where(
        SurveyCodeBatch.survey_id == survey.id).order_by(SurveyCodeBatch.id.desc())).all()
    return [(batch, batch.count - left.get(batch.id, 0)) for batch in batches]


def answer_counts(survey: Survey) -> list[tuple[str, int]]:
    """Answers per period, newest first."""
    answers = _answers(survey)
    return list(db.session.execute(
        select(answers.c.period, func.count()).group_by(answers.c.period)
        .order_by(answers.c.period.desc())).all())


def free_texts(survey: Survey, period: str) -> list[tuple[str | None, str | None]]:
    """The free-text answers of one period for admins, with CPR numbers, phone numbers and
    e-mail addresses masked (again: they were masked when saved, too). Never public."""
    answers = _answers(survey, lambda model: model.period == period,
                       lambda model: model.different.is_not(None) | model.idea.is_not(None))
    rows = db.session.execute(select(answers.c.different, answers.c.idea)
                              .order_by(answers.c.key).limit(FREE_TEXT_PAGE))
    return [tuple(redact(text, ("cpr", "phones", "emails")) if text else None
                  for text in row) for row in rows]

"""One query helper per page, and the one door through which answers leave storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select, union_all

from app.core.guard import redact
from app.extensions import db
from app.networks.models import BenefitGroup, Municipality
from app.surveys.models import (
    PendingResponse,
    Survey,
    SurveyCode,
    SurveyCodeBatch,
    SurveyFollowUp,
    SurveyResponse,
)
from app.surveys.publication import Publication, publish
from app.surveys.questions import CHANNELS, STANDARD_QUESTIONS, own_key
from app.surveys.records import ResponseRecord, Series
from app.surveys.services import closed_periods, period_of, today

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


@dataclass(frozen=True)
class SurveyResults:
    """What the public results page and its CSV read: the municipality, its survey (or
    None), the closed periods, every answer as records, the questions as (key, label in
    the reader's language), the codes sent per (benefit group, period) and the committee's
    published follow-ups per period ("Du sagde — vi gjorde")."""

    municipality: Municipality
    survey: Survey | None = None
    closed_periods: tuple[str, ...] = ()
    records: list[ResponseRecord] = field(default_factory=list)
    questions: tuple[tuple[str, str], ...] = ()
    codes_issued: dict[tuple[str, str], int] = field(default_factory=dict)
    follow_ups: dict[str, SurveyFollowUp] = field(default_factory=dict)


def survey_results(slug: str) -> SurveyResults | None:
    """The results page (and its CSV) of a municipality; None if the municipality is
    unknown. A fixed number of statements, however many answers there are."""
    found = db.session.execute(
        select(Municipality, Survey).outerjoin(Survey, Survey.municipality_id == Municipality.id)
        .where(Municipality.slug == slug)).first()
    if found is None:
        return None
    municipality, survey = found
    if survey is None:
        return SurveyResults(municipality)
    records = response_records(survey)
    created = period_of(survey, survey.created_at.astimezone(ZoneInfo("Europe/Copenhagen")).date())
    first = min(created, records[0].period) if records else created
    codes = db.session.execute(
        select(SurveyCodeBatch.benefit_group, SurveyCodeBatch.period, func.sum(SurveyCodeBatch.count))
        .where(SurveyCodeBatch.survey_id == survey.id)
        .group_by(SurveyCodeBatch.benefit_group, SurveyCodeBatch.period))
    questions = (*((question.key, str(question.text)) for question in STANDARD_QUESTIONS),
                 *((own_key(question.id), question.text) for question in survey.questions))
    return SurveyResults(
        municipality, survey, tuple(closed_periods(survey, first, today())), records, questions,
        {(group.value, period): int(count) for group, period, count in codes},
        follow_ups(survey))


def follow_ups(survey: Survey) -> dict[str, SurveyFollowUp]:
    """The committee's published answers to the survey's periods, by period."""
    return {follow_up.period: follow_up for follow_up in db.session.scalars(
        select(SurveyFollowUp).where(SurveyFollowUp.survey_id == survey.id))}


def published(slug: str) -> tuple[SurveyResults, Publication] | None:
    """A municipality's results page data and its publication (with no period while none
    has closed); None if the municipality is unknown."""
    found = survey_results(slug)
    if found is None:
        return None
    return found, publish(
        found.records, found.questions, closed_periods=found.closed_periods,
        groups=[group.value for group in BenefitGroup], channels=[key for key, _label in CHANNELS],
        codes_issued=found.codes_issued)

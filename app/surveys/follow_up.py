""""Du sagde — vi gjorde": the committee's public answer to a closed survey period.

When a period ends, its figures are published (publication.py) and the committee's clock
starts: it runs from the day after the period to the municipality's answer deadline, the same
promise as for a forwarded proposal (``Municipality.answer_deadline_days``, the same
``Clock``). The answer is published once, by a committee member, or by an admin on the
committee's behalf, and cannot be changed afterwards. Services flush and never commit.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.committee.models import Clock, local_date
from app.committee.rules import is_committee_member
from app.core.audit import record_audit
from app.core.errors import DomainError
from app.core.events import record_event
from app.core.models import utcnow
from app.extensions import db
from app.surveys.events import FOLLOW_UP_PUBLISHED
from app.surveys.models import Survey, SurveyFollowUp
from app.surveys.services import is_period, period_of

FOLLOW_UP_MAX = 4000


def period_start(period: str) -> date:
    year, month = (int(part) for part in period.split("-"))
    return date(year, month, 1)


def period_ended_on(survey: Survey, period: str) -> date:
    """The first day after the period: the day its figures are published and the clock starts."""
    start = period_start(period)
    month = start.month - 1 + survey.period_months
    return date(start.year + month // 12, month % 12 + 1, 1)


def due_on(survey: Survey, period: str) -> date:
    return period_ended_on(survey, period) + timedelta(
        days=survey.municipality.answer_deadline_days)


def clock(survey: Survey, period: str, follow_up: SurveyFollowUp | None, today: date) -> Clock:
    """The period's public clock: running until the follow-up is published."""
    if follow_up is None:
        return Clock.between(period_ended_on(survey, period), due_on(survey, period), None, today)
    return Clock.between(period_ended_on(survey, period), follow_up.due_on,
                         local_date(follow_up.published_at), today)


def page_context(survey: Survey | None, follow_ups: dict[str, SurveyFollowUp],
                 today: date) -> dict:
    """What surveys/_follow_up.html needs: the published answers and each period's clock."""
    return {"follow_ups": follow_ups,
            "follow_up_clock": lambda period: clock(survey, period, follow_ups.get(period), today)}


def is_closed_period(survey: Survey, period: str, today: date) -> bool:
    """A real period of this survey (its first month) that has ended by `today`."""
    return (is_period(period) and period_of(survey, period_start(period)) == period
            and period < period_of(survey, today))


def publish_follow_up(actor: User, survey: Survey, period: str, text: str | None, today: date,
                      now: datetime | None = None) -> SurveyFollowUp:
    """Publish the answer to one closed period. Once only: a second answer to the same
    period (also one sent at the same moment) is refused with a plain message."""
    if not is_closed_period(survey, period, today):
        raise DomainError(_("Du kan først svare, når perioden er slut."))
    cleaned = (text or "").strip()
    if not cleaned:
        raise DomainError(_("Skriv, hvad udvalget vil gøre ved det, borgerne har svaret."),
                          field="text")
    if len(cleaned) > FOLLOW_UP_MAX:
        raise DomainError(_("Teksten må højst være %(max)d tegn.", max=FOLLOW_UP_MAX),
                          field="text")
    already = DomainError(_("Udvalget har allerede svaret for den periode. Svaret kan ikke "
                            "ændres."))
    if db.session.scalar(select(SurveyFollowUp.id).where(SurveyFollowUp.survey_id == survey.id,
                                                         SurveyFollowUp.period == period)):
        raise already
    follow_up = SurveyFollowUp(
        survey_id=survey.id, period=period, text=cleaned, due_on=due_on(survey, period),
        published_at=now or utcnow(), published_by_id=actor.id,
        on_behalf=not is_committee_member(actor, survey.municipality_id))
    try:
        with db.session.begin_nested():
            db.session.add(follow_up)
    except IntegrityError:  # another member published the same period a moment ago
        raise already from None
    record_audit(FOLLOW_UP_PUBLISHED, actor=actor, reason=period,
                 municipality_id=survey.municipality_id)
    record_event(FOLLOW_UP_PUBLISHED, actor=actor, survey_id=survey.id, period=period,
                 municipality_id=survey.municipality_id,
                 municipality_slug=survey.municipality.slug)
    db.session.flush()
    return follow_up

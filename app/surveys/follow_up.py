""""Du sagde — vi gjorde": the committee's public answer to a closed survey period.

When a period ends, its figures are published (publication.py) and the committee's clock
starts: it runs from the day after the period to the municipality's answer deadline, the same
promise as for a forwarded proposal (``Municipality.answer_deadline_days``, the same
``Clock``). The answer is published once, by a committee member, or by an admin on the
committee's behalf, and cannot be changed afterwards. Services flush and never commit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.committee.models import REMINDER_DAYS_BEFORE, Clock, local_date
from app.committee.rules import is_committee_member
from app.committee.services import committee_seats, reminder_kind
from app.core.audit import record_audit
from app.core.errors import DomainError
from app.core.events import Event, record_event
from app.core.models import utcnow
from app.extensions import db
from app.surveys.events import (
    FOLLOW_UP_PUBLISHED,
    FOLLOW_UP_REMINDER_DUE_DAY,
    FOLLOW_UP_REMINDER_WEEK_BEFORE,
)
from app.surveys.models import Survey, SurveyFollowUp
from app.surveys.services import closed_periods, is_period, period_of

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


REMINDERS = (FOLLOW_UP_REMINDER_WEEK_BEFORE, FOLLOW_UP_REMINDER_DUE_DAY)


def _first_period(survey: Survey) -> str:
    return period_of(survey, survey.created_at.astimezone(ZoneInfo("Europe/Copenhagen")).date())


def send_due_reminders(today: date) -> int:
    """Remind every committee member of survey periods whose public answer is due within a
    week or today, as for a forwarded proposal (committee.services.reminder_kind).

    Only periods due from a week ago on are reminded of: a scheduler that missed a few days
    still sends the reminder, but a new installation does not send one for every old period.
    One event per member, period and kind of reminder: running it again (or twice at once,
    the surveys' rows are locked) records nothing new. Returns how many were recorded."""
    surveys = list(db.session.scalars(
        select(Survey).order_by(Survey.id).with_for_update(of=Survey)))
    answered = {(survey_id, period) for survey_id, period in db.session.execute(
        select(SurveyFollowUp.survey_id, SurveyFollowUp.period))}
    due: list[tuple[Survey, str, date]] = []
    for survey in surveys:
        for period in closed_periods(survey, _first_period(survey), today):
            deadline = due_on(survey, period)
            if ((survey.id, period) not in answered
                    and deadline >= today - timedelta(days=REMINDER_DAYS_BEFORE)
                    and reminder_kind(deadline, today, REMINDERS) is not None):
                due.append((survey, period, deadline))
    if not due:
        return 0
    seats = committee_seats(survey.municipality_id for survey, _period, _deadline in due)
    since = datetime.combine(today - timedelta(days=60), datetime.min.time(), tzinfo=UTC)
    sent = {(kind, data.get("survey_id"), data.get("period"), recipient_id)
            for kind, data, recipient_id in db.session.execute(
                select(Event.kind, Event.data, Event.recipient_id).where(
                    Event.kind.in_([kind.name for kind in REMINDERS]),
                    Event.created_at >= since))}
    recorded = 0
    for survey, period, deadline in due:
        kind = reminder_kind(deadline, today, REMINDERS)
        for seat in seats.get(survey.municipality_id, []):
            if (kind.name, survey.id, period, seat.user_id) in sent:
                continue
            record_event(kind, recipient=seat.user, survey_id=survey.id, period=period,
                         municipality_id=survey.municipality_id,
                         municipality_slug=survey.municipality.slug, due_on=deadline.isoformat())
            recorded += 1
    db.session.flush()
    return recorded

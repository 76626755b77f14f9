"""Survey set-up, invitation codes and anonymous answers. Services flush and never commit.

The hashes: every code and every "this person answered in this period" is stored only as an
HMAC keyed with a secret derived from SECRET_KEY, so the database alone cannot reverse them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.core.guard import redact
from app.extensions import db
from app.networks.models import BenefitGroup, Municipality
from app.surveys.models import (
    ANSWER_COLUMNS,
    PERIOD_MONTHS,
    PendingResponse,
    Survey,
    SurveyCode,
    SurveyCodeBatch,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from app.surveys.questions import MAX_OWN_QUESTIONS
from app.surveys.records import Series

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CODE_LENGTH = 10
MAX_BATCH = 2000
FREE_TEXT_MAX = 2000
SHUFFLE_BATCH = 10  # answers written together, in random order
QUESTION_MAX = 200
PERSONAL_DATA = ("cpr", "phones", "emails")
_NOT_CODE = re.compile(r"[^0-9A-Z]")
_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")

LOCKED = _l("Undersøgelsen har fået svar. Derfor kan spørgsmålene og indstillingerne ikke "
            "ændres længere. Det sikrer, at alle svar kan sammenlignes.")


def _key() -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"borgernet.surveys",
                    hashlib.sha256).digest()


def keyed_hash(value: str) -> str:
    return hmac.new(_key(), value.encode(), hashlib.sha256).hexdigest()


def code_digest(code: str) -> str:
    return keyed_hash("code:" + normalise_code(code))


def member_digest(survey: Survey, period: str, user_id: int) -> str:
    return keyed_hash(f"member:{survey.id}:{period}:{user_id}")


# Periods ---------------------------------------------------------------------------------

def today() -> date:
    """Today in Denmark: every municipality on the platform is Danish."""
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def period_of(survey: Survey, day: date) -> str:
    """The period a day belongs to, named by its first month: "2026-10"."""
    first = (day.month - 1) // survey.period_months * survey.period_months + 1
    return f"{day.year:04d}-{first:02d}"


def is_period(value: str) -> bool:
    return bool(_PERIOD.fullmatch(value or ""))


def closed_periods(survey: Survey, first: str, today: date, at_most: int = 24) -> list[str]:
    """The periods from ``first`` (a period of the survey) whose end has passed by ``today``,
    oldest first: the ``at_most`` newest of them. Every period counts, also one without
    answers, so that a missing month never tells that nobody answered."""
    current = period_of(survey, today)
    year, month = (int(part) for part in first.split("-"))
    found: list[str] = []
    while (period := f"{year:04d}-{month:02d}") < current:
        found.append(period)
        month += survey.period_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return found[-at_most:]


# Set-up ----------------------------------------------------------------------------------

def _check_period_months(period_months: int) -> None:
    if period_months not in PERIOD_MONTHS:
        raise DomainError(str(_l("Vælg en af periodelængderne.")), "period_months")


def create_survey(municipality: Municipality, period_months: int = 1,
                  open_link: bool = True) -> Survey:
    _check_period_months(period_months)
    if db.session.scalar(select(Survey.id).where(Survey.municipality_id == municipality.id)):
        raise DomainError(str(_l("Kommunen har allerede en undersøgelse.")), "municipality")
    survey = Survey(municipality_id=municipality.id, period_months=period_months,
                    open_link=open_link)
    db.session.add(survey)
    db.session.flush()
    return survey


def _unlocked(survey: Survey) -> None:
    if survey.locked:
        raise DomainError(str(LOCKED))


def change_settings(survey: Survey, period_months: int, open_link: bool) -> None:
    _unlocked(survey)
    _check_period_months(period_months)
    survey.period_months, survey.open_link = period_months, open_link
    db.session.flush()


def add_question(survey: Survey, text: str) -> SurveyQuestion:
    _unlocked(survey)
    text = (text or "").strip()
    if not text or len(text) > QUESTION_MAX:
        raise DomainError(str(_l("Skriv spørgsmålet med højst %(max)d tegn.", max=QUESTION_MAX)),
                          "text")
    if len(survey.questions) >= MAX_OWN_QUESTIONS:
        raise DomainError(str(_l("Du kan højst tilføje %(max)d egne spørgsmål.",
                                 max=MAX_OWN_QUESTIONS)), "text")
    question = SurveyQuestion(text=text)
    survey.questions.append(question)
    db.session.flush()
    return question


def remove_question(survey: Survey, question_id: int) -> None:
    _unlocked(survey)
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        raise DomainError(str(_l("Spørgsmålet findes ikke.")))
    survey.questions.remove(question)
    db.session.flush()


# Invitation codes ------------------------------------------------------------------------

def normalise_code(typed: str) -> str:
    return _NOT_CODE.sub("", (typed or "").upper())


def format_code(code: str) -> str:
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def generate_codes(survey: Survey, benefit_group: BenefitGroup, period: str,
                   count: int) -> tuple[SurveyCodeBatch, list[str]]:
    """Make a batch of one-time codes. The plain codes are returned once, for the download;
    only their keyed hashes are stored."""
    if not 1 <= count <= MAX_BATCH:
        raise DomainError(str(_l("Vælg et antal fra 1 til %(max)d.", max=MAX_BATCH)), "count")
    if not is_period(period):
        raise DomainError(str(_l("Skriv perioden som år-måned, for eksempel 2026-12.")),
                          "period")
    codes: dict[str, str] = {}
    while len(codes) < count:
        code = new_code()
        codes[code_digest(code)] = code
    batch = SurveyCodeBatch(survey_id=survey.id, benefit_group=benefit_group, period=period,
                            count=count)
    db.session.add(batch)
    db.session.flush()
    db.session.add_all(SurveyCode(digest=digest, batch_id=batch.id) for digest in codes)
    db.session.flush()
    return batch, list(codes.values())


def find_code(survey: Survey, typed: str, today: date) -> SurveyCode:
    """The unused code typed, or a DomainError on the field "code" saying what is wrong.
    A used code is deleted, so "unknown" and "used" are one message."""
    code = db.session.scalar(select(SurveyCode).where(
        SurveyCode.digest == code_digest(typed))) if normalise_code(typed) else None
    if code is None or code.batch.survey_id != survey.id:
        raise DomainError(str(UNKNOWN_CODE), "code")
    if code.batch.period != period_of(survey, today):
        raise DomainError(str(_l("Koden gælder ikke i denne periode. Du kan svare uden "
                                 "kode.")), "code")
    return code


def use_code(survey: Survey, typed: str, today: date) -> None:
    """Use a code up by deleting its row. Two requests with the same code: the database lets
    one delete it, the other deletes nothing and is refused."""
    digest = find_code(survey, typed, today).digest
    if not db.session.execute(delete(SurveyCode).where(SurveyCode.digest == digest)).rowcount:
        raise DomainError(str(UNKNOWN_CODE), "code")


UNKNOWN_CODE = _l("Vi kender ikke koden, eller den er allerede brugt. Tjek, at du har skrevet "
                  "den rigtigt. Du kan også svare uden kode.")


# Answers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """What a person answered, as plain values (the pages collect it over several steps)."""

    benefit_group: str | None
    channel: str | None
    missed_meeting: bool | None
    scores: dict[str, int | None] = field(default_factory=dict)
    different: str | None = None
    idea: str | None = None


def has_answered(survey: Survey, user_id: int, today: date) -> bool:
    digest = member_digest(survey, period_of(survey, today), user_id)
    return db.session.scalar(select(SurveyParticipation.key).where(
        SurveyParticipation.digest == digest)) is not None


def _free_text(text: str | None) -> str | None:
    text = (text or "").strip()[:FREE_TEXT_MAX]
    return redact(text, PERSONAL_DATA) if text else None


def submit_answer(survey: Survey, answer: Answer, today: date, *, code: str | None = None,
                  member_id: int | None = None, assisted: bool = False) -> None:
    """Save one answer. With a code it is "verified" and the code is used up (its row
    deleted); a signed-in member answers once per period (a participation row holding a
    keyed hash); an assisted answer (a moderator on the phone) records nothing about anyone.
    The participation row and the response share no key, no time and no order."""
    period = period_of(survey, today)
    series = Series.ASSISTED if assisted else Series.UNVERIFIED
    if not assisted and member_id is not None:
        try:
            with db.session.begin_nested():
                db.session.add(SurveyParticipation(
                    digest=member_digest(survey, period, member_id)))
        except IntegrityError:
            raise DomainError(str(_l("Du har allerede svaret i denne periode. Tak!"))) from None
    if code and not assisted:
        use_code(survey, code, today)
        series = Series.VERIFIED
    elif not assisted and not survey.open_link:
        raise DomainError(str(_l("Du skal bruge en kode fra dit brev for at svare.")), "code")
    db.session.add(PendingResponse(
        survey_id=survey.id, period=period, series=series,
        benefit_group=answer.benefit_group, channel=answer.channel,
        missed_meeting=answer.missed_meeting, scores=dict(answer.scores),
        different=_free_text(answer.different), idea=_free_text(answer.idea)))
    if not survey.locked:
        survey.locked = True
    db.session.flush()
    release_batch(survey)


def release_batch(survey: Survey, at_least: int | None = None) -> int:
    """Take every waiting answer (DELETE ... RETURNING hands each to one transaction only,
    also when two answers arrive at once) and write them again in random order under new
    random keys: into survey_responses once at least ``at_least`` (SHUFFLE_BATCH) wait,
    otherwise back into the waiting table. So even the few answers still waiting have no
    physical order (PostgreSQL's ctid) and no writing transaction (xmin) of their own that
    would pair the newest of them with the participation written beside it. Returns how
    many answers moved to survey_responses."""
    at_least = SHUFFLE_BATCH if at_least is None else at_least
    columns = [getattr(PendingResponse, name) for name in ANSWER_COLUMNS]
    rows = [dict(row._mapping) for row in db.session.execute(
        delete(PendingResponse).where(PendingResponse.survey_id == survey.id)
        .returning(*columns))]
    secrets.SystemRandom().shuffle(rows)
    target = SurveyResponse if rows and len(rows) >= at_least else PendingResponse
    db.session.add_all(target(survey_id=survey.id, **row) for row in rows)
    db.session.flush()
    return len(rows) if target is SurveyResponse else 0

"""Survey services without HTTP: set-up and its lock, codes, one answer per code and member."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.db import commit
from app.core.errors import DomainError
from app.extensions import db
from app.networks.models import BenefitGroup
from app.surveys import queries, services
from app.surveys.models import PendingResponse, SurveyCode
from app.surveys.records import ResponseRecord, Series
from app.surveys.services import today
from tests.factories import make_user
from tests.surveys.builders import answer, make_codes, make_survey


def test_period_follows_period_length(app_ctx):
    survey = make_survey()
    assert services.period_of(survey, date(2026, 11, 30)) == "2026-11"
    survey.period_months = 3
    assert services.period_of(survey, date(2026, 11, 30)) == "2026-10"
    assert services.period_of(survey, date(2026, 1, 1)) == "2026-01"


def test_codes_are_stored_only_as_keyed_hashes(app_ctx):
    survey = make_survey()
    codes = make_codes(survey, count=50)
    assert len(set(codes)) == 50
    assert all(len(code) == 10 and not set(code) & set("01OI") for code in codes)
    stored = set(db.session.scalars(select(SurveyCode.digest)))
    assert stored == {services.code_digest(code) for code in codes}
    assert not any(code in digest.upper() for code in codes for digest in stored)
    # Typed with a dash, spaces and small letters, it is the same code.
    typed = services.format_code(codes[0]).lower().replace("-", " - ")
    assert services.find_code(survey, typed, today()).digest == services.code_digest(codes[0])


def test_a_code_answers_once_and_is_verified(app_ctx):
    survey = make_survey()
    code = make_codes(survey, count=1)[0]
    services.submit_answer(survey, answer(), today(), code=code)
    commit()
    with pytest.raises(DomainError) as refused:
        services.submit_answer(survey, answer(), today(), code=code)
    assert refused.value.field == "code"
    db.session.rollback()
    [record] = queries.response_records(survey)
    assert record == ResponseRecord(services.period_of(survey, today()), "kontanthjaelp",
                                    "telefon", Series.VERIFIED,
                                    {"respekt": 4, "fremdrift": 2, "samlet": None})


def test_unknown_code_and_other_period_are_refused(app_ctx):
    survey = make_survey()
    other = make_survey()
    foreign = make_codes(other, count=1)[0]
    old = make_codes(survey, count=1, day=date(2020, 1, 15))[0]
    for code in ("ABCDE-FGHJK", foreign, old, ""):
        with pytest.raises(DomainError) as refused:
            services.find_code(survey, code, today())
        assert refused.value.field == "code"


def test_member_answers_once_per_period(app_ctx):
    survey = make_survey()
    member = make_user()
    assert not services.has_answered(survey, member.id, today())
    services.submit_answer(survey, answer(), today(), member_id=member.id)
    commit()
    assert services.has_answered(survey, member.id, today())
    with pytest.raises(DomainError):
        services.submit_answer(survey, answer(), today(), member_id=member.id)
    db.session.rollback()
    next_period = date(today().year + 1, 1, 10)
    services.submit_answer(survey, answer(), next_period, member_id=member.id)
    commit()
    assert len(queries.response_records(survey)) == 2


def test_assisted_answers_record_no_participation(app_ctx):
    survey = make_survey()
    for _ in range(3):
        services.submit_answer(survey, answer(), today(), assisted=True)
    commit()
    assert {r.series for r in queries.response_records(survey)} == {Series.ASSISTED}


def test_closed_survey_needs_a_code(app_ctx):
    survey = make_survey(open_link=False)
    with pytest.raises(DomainError):
        services.submit_answer(survey, answer(), today())


def test_questions_and_settings_lock_after_first_answer(app_ctx):
    survey = make_survey()
    for n in range(5):
        services.add_question(survey, f"Spørgsmål {n}")
    with pytest.raises(DomainError):
        services.add_question(survey, "Et sjette")
    services.remove_question(survey, survey.questions[0].id)
    services.change_settings(survey, 3, False)
    commit()
    services.submit_answer(survey, answer(), today(), assisted=True)
    commit()
    assert survey.locked
    for change in (lambda: services.add_question(survey, "Nyt"),
                   lambda: services.remove_question(survey, survey.questions[0].id),
                   lambda: services.change_settings(survey, 1, True)):
        with pytest.raises(DomainError) as refused:
            change()
        assert "ikke ændres længere" in refused.value.message


def test_free_text_is_masked_on_write_and_read(app_ctx):
    survey = make_survey()
    services.submit_answer(survey, answer(
        different="Ring til mig på 23 45 67 89 eller mette@example.org, CPR 010190-1234."),
        today(), assisted=True)
    commit()
    stored = db.session.scalar(select(PendingResponse.different))
    assert "23 45 67 89" not in stored and "mette@" not in stored and "1234" not in stored
    [(different, _idea)] = queries.free_texts(survey, services.period_of(survey, today()))
    assert "[fjernet]" in different


def test_batch_limits(app_ctx):
    survey = make_survey()
    for count, period in ((0, "2026-12"), (5000, "2026-12"), (5, "december")):
        with pytest.raises(DomainError):
            services.generate_codes(survey, BenefitGroup.DAGPENGE, period, count)

"""The demo survey (app/demo/surveys.py): a running survey with a few hundred answers over
several periods, groups and channels, some cells small enough to be suppressed, a code batch."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from app.demo import seed_demo
from app.extensions import db
from app.surveys import queries
from app.surveys.models import Survey, SurveyCodeBatch
from app.surveys.records import Series


def test_demo_survey_has_answers_small_cells_and_codes(app_ctx):
    assert seed_demo()
    db.session.commit()
    survey = db.session.scalar(select(Survey))
    assert survey.locked and len(survey.questions) == 1
    records = queries.response_records(survey)
    assert 200 <= len(records) <= 500
    assert len({r.period for r in records}) == 4
    assert len({r.channel for r in records}) == 5 and set(Series) == {r.series for r in records}
    cells = Counter((r.period, r.benefit_group) for r in records)
    assert min(cells.values()) < 5 <= max(cells.values())
    batch = db.session.scalar(select(SurveyCodeBatch))
    assert batch.count == 100 and queries.batches_with_use(survey) == [(batch, 0)]
    assert queries.free_texts(survey, records[-1].period)


def test_demo_committee_answered_the_oldest_closed_month_and_the_others_wait(app, app_ctx):
    from tests.proposals.builders import Browser

    assert seed_demo()
    db.session.commit()
    survey = db.session.scalar(select(Survey))
    found = queries.survey_results(survey.municipality.slug)
    assert list(found.follow_ups) == [found.closed_periods[0]] and len(found.closed_periods) == 3
    oldest = found.follow_ups[found.closed_periods[0]]
    assert not oldest.on_behalf and oldest.published_at.date() <= oldest.due_on
    url = f"/kommuner/{survey.municipality.slug}/tilfredshed"
    browser = Browser(app)
    assert "har ikke svaret endnu" in browser.page(url)
    answered = browser.page(f"{url}?maaned={found.closed_periods[0]}")
    assert "Du sagde — vi gjorde" in answered and "beskeder inden for to hverdage" in answered

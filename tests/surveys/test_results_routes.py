"""The public results page and its CSV: answers given through the services over three closed
months and the open one, read back over HTTP, with the disclosure control of
app/surveys/publication.py (small cells read "for få svar" on the page and in the CSV)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from app.demo import seed_demo
from app.extensions import db
from app.networks.models import BenefitGroup
from app.surveys import queries, services
from app.surveys.models import Survey
from app.surveys.publication import publish
from app.surveys.publication_csv import HEADER, SUPPRESSED, publication_csv
from app.surveys.questions import CHANNELS, STANDARD_QUESTIONS
from app.surveys.services import today
from tests.committee.builders import build_committee_scene, sign_in
from tests.factories import make_municipality
from tests.proposals.builders import Browser
from tests.surveys.builders import (
    MONTHS_EN,
    give_answers,
    make_survey,
    month_name,
    months_ago,
)


@pytest.fixture
def results(app_ctx):
    """A survey with answers in the three months before this one, and three in this month
    (not published: the month is still open)."""
    survey = make_survey("Svarkommune")
    for n in (3, 2, 1):
        give_answers(survey, months_ago(n), verified=12, assisted=7, small=2, open_link=6)
    give_answers(survey, months_ago(0), verified=3)
    return survey


def url(survey, suffix: str = "") -> str:
    return f"/kommuner/{survey.municipality.slug}/tilfredshed{suffix}"


def test_the_page_shows_the_closed_months_in_danish(app, results):
    page = Browser(app).page(url(results))
    assert "Tilfredshed med jobcentret i Svarkommune" in page
    assert f"Resultater for {month_name(months_ago(1))}" in page
    for n in (1, 2, 3):
        assert month_name(months_ago(n)) in page
    assert month_name(months_ago(0)) not in page  # the open month is never shown
    assert "for få svar" in page  # sygedagpenge: 2 answers a month
    assert "Min sag kommer fremad." in page and "Kontanthjælp" in page
    assert "Hent tallene som CSV-fil" in page and url(results, ".csv") in page
    assert 'class="bn-chart"' in page


def test_the_page_in_english(app, results):
    page = Browser(app).page(url(results) + "?sprog=en")
    latest = months_ago(1)
    assert f"Results for {MONTHS_EN[latest.month - 1]} {latest.year}" in page
    assert "Satisfaction with the job centre in Svarkommune" in page
    assert "My case is moving forward." in page and "too few answers" in page
    assert "for få svar" not in page and "Min sag kommer fremad." not in page


def test_a_month_can_be_chosen_and_an_unknown_one_shows_the_latest(app, results):
    browser = Browser(app)
    oldest = months_ago(3)
    chosen = browser.page(url(results) + f"?maaned={oldest:%Y-%m}")
    assert f"Resultater for {month_name(oldest)}" in chosen
    latest = f"Resultater for {month_name(months_ago(1))}"
    for value in ("1999-01", f"{today():%Y-%m}", "2026-13", "nonsens", ""):
        assert latest in browser.page(url(results) + f"?maaned={value}"), value


def test_the_csv_holds_exactly_the_published_figures(app, results):
    response = Browser(app).raw(url(results, ".csv"))
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="tilfredshed-svarkommune.csv"')
    body = response.get_data(as_text=True)
    closed = [f"{months_ago(n):%Y-%m}" for n in (3, 2, 1)]
    questions = [(question.key, str(question.text)) for question in STANDARD_QUESTIONS]
    expected = publish(queries.response_records(results), questions, closed_periods=closed,
                       groups=[group.value for group in BenefitGroup],
                       channels=[key for key, _label in CHANNELS], headline_keys=("fremdrift", "samlet"),
                       codes_issued={("kontanthjaelp", period): 12 for period in closed})
    assert body == publication_csv(expected)

    rows = list(csv.reader(io.StringIO(body)))
    assert tuple(rows[0]) == HEADER
    table = [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]
    assert {row["periode"] for row in table if row["tabel"] != "kanal"} == set(closed)
    answers = {(row["serie"], row["periode"], row["gruppe_eller_kanal"]): row
               for row in table if row["tabel"] == "svar"}
    small = answers[("verificeret_og_assisteret", closed[-1], "sygedagpenge")]
    assert small["antal_svar"] == SUPPRESSED
    assert all(small[name] == "" for name in HEADER[6:])  # no other figure of a hidden cell
    big = answers[("verificeret_og_assisteret", closed[-1], "kontanthjaelp")]
    assert big["antal_svar"] == "10"  # 12 answers, rounded to 5
    progress = next(row for row in table if row["tabel"] == "gruppe" and row["spoergsmaal"] == "fremdrift"
                    and row["periode"] == closed[-1] and row["gruppe_eller_kanal"] == "kontanthjaelp")
    assert progress["gennemsnit"] == "3.0" and progress["pct_3"] == "100"
    rate = next(row for row in table if row["tabel"] == "svarprocent" and row["periode"] == closed[-1]
                and row["gruppe_eller_kanal"] == "kontanthjaelp")
    assert (rate["koder_udsendt"], rate["svarprocent"]) == ("12", "83")  # 10 of 12 letters
    # Every hidden figure on the CSV is hidden on the page too: the page shows "for få svar".
    assert SUPPRESSED in Browser(app).page(url(results))


def test_no_survey_or_no_closed_month_shows_a_plain_no_results_page(app, app_ctx):
    browser = Browser(app)
    make_municipality("Udenkommune")
    page = browser.page("/kommuner/udenkommune/tilfredshed")
    assert "Der er ingen resultater endnu" in page and "Hent tallene" not in page
    csv_body = browser.raw("/kommuner/udenkommune/tilfredshed.csv").get_data(as_text=True)
    assert csv_body == ",".join(HEADER) + "\r\n"
    fresh = make_survey("Nykommune")  # answers only in the month that is still open
    give_answers(fresh, today(), verified=12)
    assert "Der er ingen resultater endnu" in browser.page(url(fresh))
    english = browser.page(url(fresh) + "?sprog=en")
    assert "There are no results yet" in english
    browser.raw("/kommuner/findes-ikke/tilfredshed", 404)
    browser.raw("/kommuner/findes-ikke/tilfredshed.csv", 404)


def test_a_month_without_answers_between_two_with_answers_is_shown_as_too_few(app, app_ctx):
    survey = make_survey("Hulkommune")
    give_answers(survey, months_ago(3), verified=12)
    give_answers(survey, months_ago(1), verified=12)
    page = Browser(app).page(url(survey))
    assert month_name(months_ago(2)) in page  # a month with no answer reads like one with few


def test_closed_periods_follow_the_survey_period_length(app_ctx):
    survey = make_survey("Kvartalskommune", period_months=3)
    assert services.closed_periods(survey, "2025-04", date(2026, 2, 1)) == [
        "2025-04", "2025-07", "2025-10"]
    assert services.closed_periods(survey, "2026-01", date(2026, 3, 31)) == []
    assert services.closed_periods(survey, "2024-01", date(2026, 4, 1), at_most=2) == [
        "2025-10", "2026-01"]


def _statements(count_queries, browser, address: str) -> int:
    browser.client.get(address)  # warm up
    with count_queries() as counter:
        response = browser.client.get(address)
    assert response.status_code == 200, address
    return counter.count


def test_the_page_costs_the_same_with_few_and_many_answers(app, app_ctx, count_queries):
    survey = make_survey("Tællekommune")
    give_answers(survey, months_ago(2), verified=5, assisted=1)
    browser = Browser(app)
    few = {address: _statements(count_queries, browser, address)
           for address in (url(survey), url(survey, ".csv"))}
    give_answers(survey, months_ago(2), verified=20, assisted=12, small=3, open_link=9)
    give_answers(survey, months_ago(1), verified=15, assisted=8, open_link=4)
    for address, count in few.items():
        assert _statements(count_queries, browser, address) == count, address
    assert few[url(survey)] <= 8


def test_the_pages_that_list_a_municipality_link_to_its_results(app, app_ctx):
    scene = build_committee_scene()
    results = f"/kommuner/{scene.municipality.slug}/tilfredshed"
    link = "Se, hvad borgerne svarer i tilfredshedsundersøgelsen"
    visitor = Browser(app)
    front = visitor.page("/")
    assert f'href="{results}"' in front and (
        f"Se, hvad borgerne i {scene.municipality.name} svarer" in front)
    assert f'href="{results}"' in visitor.page(f"/kommuner/{scene.municipality.slug}/")
    committee_list = sign_in(app, scene.committee).page(scene.committee_url)
    assert f'href="{results}"' in committee_list and link in committee_list
    committee_home = sign_in(app, scene.admin).page("/udvalg")  # several municipalities
    assert f'href="{results}"' in committee_home and link in committee_home
    dashboard = sign_in(app, scene.moderator).page(scene.dashboard_url)
    assert f'href="{results}"' in dashboard and link in dashboard
    survey = make_survey("Takkommune")
    thanks = visitor.page(f"/undersoegelse/{survey.municipality.slug}/tak")
    assert 'href="/kommuner/takkommune/tilfredshed"' in thanks and link in thanks


def test_the_demo_survey_publishes_its_closed_months_with_its_own_question(app, app_ctx):
    assert seed_demo()
    db.session.commit()
    survey = db.session.scalar(select(Survey))
    own = survey.questions[0].text
    browser = Browser(app)
    address = f"/kommuner/{survey.municipality.slug}/tilfredshed"
    page = browser.page(address)
    for n in (1, 2, 3):  # the demo answers this month and the three before
        assert month_name(months_ago(n)) in page
    assert month_name(months_ago(0)) not in page
    assert own in page and "for få svar" in page and "Svarprocent" not in page
    assert "Results for" in browser.page(address + "?sprog=en")
    rows = list(csv.DictReader(io.StringIO(browser.raw(address + ".csv").get_data(as_text=True))))
    assert {row["spoergsmaal"] for row in rows} >= {"fremdrift", f"egen-{survey.questions[0].id}"}
    assert any(row["antal_svar"] == SUPPRESSED for row in rows)

"""Builders for the survey tests: a municipality with a survey, code batches, and a browser
answering the whole survey."""

from __future__ import annotations

from datetime import date

from app.core.db import commit
from app.networks.models import BenefitGroup
from app.surveys import services
from app.surveys.models import Survey
from app.surveys.services import today
from tests.factories import make_municipality


def make_survey(name: str | None = None, **kwargs) -> Survey:
    survey = services.create_survey(make_municipality(name), **kwargs)
    commit()
    return survey


def make_codes(survey: Survey, count: int = 3, group: BenefitGroup = BenefitGroup.SYGEDAGPENGE,
               day: date | None = None) -> list[str]:
    _batch, codes = services.generate_codes(survey, group, services.period_of(
        survey, day or today()), count)
    commit()
    return codes


def answer(**overrides) -> services.Answer:
    values = {"benefit_group": "kontanthjaelp", "channel": "telefon", "missed_meeting": False,
              "scores": {"respekt": 4, "fremdrift": 2, "samlet": None},
              "different": "Svar hurtigere.", "idea": None}
    return services.Answer(**{**values, **overrides})


def step_url(slug: str, n: int) -> str:
    return f"/undersoegelse/{slug}/side/{n}"


def answer_all_pages(browser, slug: str, code: str | None = None, free: dict | None = None):
    """Start (with a code if given), fill every page, send; the last response."""
    start = browser.post(f"/undersoegelse/{slug}/start", {"code": code or "", **(
        {} if code else {"uden": "1"})})
    assert start.status_code == 302, start.get_data(as_text=True)[:500]
    pages = [{"group": "dagpenge", "channel": "video", "missed": "ja"},
             {"respekt": "5", "lytter": "4", "indflydelse": "ved-ikke", "tillid": "3"},
             {"samtale": "2", "breve": "4", "fremdrift": "1", "samlet": "3"}]
    for n, data in enumerate(pages, start=1):
        response = browser.post(step_url(slug, n), {**data, "go": "next"})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    last = len(pages) + 1
    return browser.post(step_url(slug, last), {
        "different": "Mere tid til samtalen.", "idea": "Ring før mødet.",
        "code": code or "", "go": "send", **(free or {})})


# Answers over several periods, for the results page ----------------------------------------

MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
             "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def months_ago(n: int) -> date:
    """A day in the month ``n`` months before this one (0: this month)."""
    now = today()
    index = now.year * 12 + now.month - 1 - n
    return date(index // 12, index % 12 + 1, 15)


def month_name(day: date) -> str:
    return f"{MONTHS_DA[day.month - 1]} {day.year}"


def give_answers(survey, day: date, *, verified: int = 0, assisted: int = 0, small: int = 0,
                 open_link: int = 0) -> None:
    """Answers in the period of ``day``: ``verified`` from kontanthjælp with letter codes,
    ``assisted`` from dagpenge by phone, ``small`` (assisted) from sygedagpenge, and
    ``open_link`` through the open link."""
    codes = make_codes(survey, verified, BenefitGroup.KONTANTHJAELP, day) if verified else []
    scores = {"respekt": 4, "fremdrift": 3, "samlet": 4}
    for code in codes:
        services.submit_answer(survey, answer(scores=scores), day, code=code)
    for _ in range(assisted):
        services.submit_answer(survey, answer(benefit_group="dagpenge", channel="fremmoede",
                                              scores={**scores, "fremdrift": 5}), day,
                               assisted=True)
    for _ in range(small):
        services.submit_answer(survey, answer(benefit_group="sygedagpenge", scores=scores), day,
                               assisted=True)
    for _ in range(open_link):
        services.submit_answer(survey, answer(scores={"samlet": 1}), day)
    commit()

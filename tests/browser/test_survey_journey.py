"""Issue 11's survey journeys in a real browser: a citizen with a code from a letter answers
on a 360 px phone without JavaScript, going back once; a logged-in member answers and is then
told they have answered; a citizen answers and follows the link to the published results —
with zero axe-core violations on every page."""

from __future__ import annotations

from app.extensions import db
from app.surveys import queries
from app.surveys.records import Series
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html, log_in
from tests.factories import make_user
from tests.surveys.builders import give_answers, make_codes, make_survey, month_name, months_ago


def _answer(page, check, slug: str, code: str | None) -> None:
    page.goto(f"/undersoegelse/{slug}")
    assert "Her er præcis, hvad vi gemmer" in html(page)
    check(page)
    if code:
        page.fill("#code", code)
        page.click("button:has-text('Start med koden')")
    else:
        page.click("button:has-text('Svar uden kode')")
    assert "Side 1 af 4" in html(page)
    check(page)
    page.check("#channel-telefon")
    page.check("#missed-ja")
    page.click("button:has-text('Næste')")
    assert "Side 2 af 4" in html(page)
    check(page)
    page.check("#respekt-4")
    page.check("#tillid-ved-ikke")
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.click("button:has-text('Tilbage')")
    assert page.is_checked("#channel-telefon")  # going back keeps the answers
    with page.expect_navigation():
        page.click("button:has-text('Næste')")
    assert page.is_checked("#respekt-4")
    page.click("button:has-text('Næste')")
    assert "Side 3 af 4" in html(page)
    check(page)
    page.check("#fremdrift-2")
    page.click("button:has-text('Næste')")
    assert "Side 4 af 4" in html(page)
    check(page)
    page.fill("#different", "Svar på mine beskeder inden for en uge.")
    page.click("button:has-text('Send dit svar')")
    assert "Tak for dit svar" in html(page)
    check(page)


def _check_code_answer(survey) -> None:
    db.session.rollback()  # end the test's read snapshot: the server wrote since
    [record] = queries.response_records(survey)
    assert record.series is Series.VERIFIED and record.benefit_group == "sygedagpenge"
    assert record.scores["respekt"] == 4 and record.scores["fremdrift"] == 2


def test_answer_with_a_code_on_a_small_phone_without_javascript(phone_page, app_ctx):
    """axe-core needs JavaScript, so the phone without it checks the width; the same journey
    with axe follows."""
    survey = make_survey("Brevkommune")
    code = make_codes(survey, count=1)[0]
    _answer(phone_page, assert_no_horizontal_scroll, survey.municipality.slug, code)
    _check_code_answer(survey)


def test_answer_with_a_code_with_axe(browser, live_server, assert_accessible, app_ctx):
    survey = make_survey("Axekommune")
    code = make_codes(survey, count=1)[0]
    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740})
    _answer(page, assert_accessible, survey.municipality.slug, code)
    context.close()
    _check_code_answer(survey)


def test_member_answers_once_with_axe(browser, live_server, assert_accessible, app_ctx):
    survey = make_survey("Medlemskommune")
    member = make_user(pseudonym="Svarende Sara")
    context, page = log_in(browser, live_server, member.pseudonym)
    _answer(page, assert_accessible, survey.municipality.slug, None)
    page.goto(f"/undersoegelse/{survey.municipality.slug}")
    assert "Du har allerede svaret i denne periode" in html(page)
    assert_accessible(page)
    context.close()
    db.session.rollback()
    assert [r.series for r in queries.response_records(survey)] == [Series.UNVERIFIED]


def test_results_page_after_answering_with_axe(browser, live_server, assert_accessible, app_ctx):
    """The results page with every kind of table and chart (shown, hidden and small cells),
    reached from the thanks page: no axe-core violation and no sideways scrolling at 360 px,
    and none at desktop width."""
    survey = make_survey("Resultatkommune")
    for n in (3, 2, 1):
        give_answers(survey, months_ago(n), verified=12, assisted=7, small=2, open_link=6)
    code = make_codes(survey, count=1)[0]
    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740})
    _answer(page, assert_accessible, survey.municipality.slug, code)
    page.click("a:has-text('Se, hvad borgerne svarer i tilfredshedsundersøgelsen')")
    body = html(page)
    assert f"Resultater for {month_name(months_ago(1))}" in body and "for få svar" in body
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.click(f"a:has-text('{month_name(months_ago(3))}')")
    assert f"Resultater for {month_name(months_ago(3))}" in html(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    context.close()

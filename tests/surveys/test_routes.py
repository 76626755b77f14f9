"""Answering over HTTP (visitor, code holder, member, moderator helping) and the admin's
pages: set-up, the lock, the one-time code download and the masked free text."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import select

from app.core.db import commit
from app.extensions import db
from app.surveys import queries, services
from app.surveys.models import Survey, SurveyCode
from app.surveys.records import Series
from app.surveys.services import today
from tests.committee.builders import sign_in
from tests.factories import make_municipality, make_user
from tests.proposals.builders import Browser
from tests.surveys.builders import answer, answer_all_pages, make_codes, make_survey, step_url


def test_visitor_answers_page_by_page_and_back_keeps_answers(app, app_ctx):
    survey = make_survey()
    slug = survey.municipality.slug
    browser = Browser(app)
    start = browser.page(f"/undersoegelse/{slug}")
    assert "Her er præcis, hvad vi gemmer" in start and 'autocapitalize="characters"' in start
    assert browser.post(f"/undersoegelse/{slug}/start", {"uden": "1"}).status_code == 302
    browser.post(step_url(slug, 1), {"group": "sygedagpenge", "channel": "brev", "go": "next"})
    page = browser.page(step_url(slug, 2))
    assert "Side 2 af 4" in page
    back = browser.post(step_url(slug, 2), {"respekt": "5", "go": "back"})
    assert back.headers["Location"].endswith(step_url(slug, 1))
    assert 'value="sygedagpenge" checked' in browser.page(step_url(slug, 1))
    assert 'id="respekt-5" name="respekt" value="5" checked' in browser.page(step_url(slug, 2))
    browser.post(step_url(slug, 2), {"respekt": "5", "go": "next"})
    browser.post(step_url(slug, 3), {"fremdrift": "ved-ikke", "go": "next"})
    sent = browser.post(step_url(slug, 4), {"different": "Mindre ventetid", "go": "send"})
    assert sent.headers["Location"].endswith(f"/undersoegelse/{slug}/tak")
    db.session.expire_all()
    [record] = queries.response_records(survey)
    assert (record.benefit_group, record.channel, record.series) == (
        "sygedagpenge", "brev", Series.UNVERIFIED)
    assert record.scores["respekt"] == 5 and record.scores["fremdrift"] is None
    # The answer left the browser: the pages start over.
    assert browser.raw(step_url(slug, 2), 302)


def test_unknown_code_at_the_start_keeps_what_was_typed(app, app_ctx):
    survey = make_survey()
    browser = Browser(app)
    response = browser.post(f"/undersoegelse/{survey.municipality.slug}/start",
                            {"code": "ABCDE-XYZWV"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vi kender ikke koden" in body and 'value="ABCDE-XYZWV"' in body


def test_a_used_code_at_the_end_keeps_the_typed_answers(app, app_ctx):
    survey = make_survey()
    slug = survey.municipality.slug
    code = make_codes(survey, count=1)[0]
    browser = Browser(app)
    assert browser.post(f"/undersoegelse/{slug}/start", {"code": code}).status_code == 302
    browser.post(step_url(slug, 2), {"respekt": "3", "go": "next"})
    services.submit_answer(survey, answer(), today(), code=code)  # someone else was faster
    commit()
    response = browser.post(step_url(slug, 4), {"different": "Bedre breve, tak", "code": code,
                                                "go": "send"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "allerede brugt" in body and "Bedre breve, tak" in body
    assert 'id="respekt-3" name="respekt" value="3" checked' in browser.page(step_url(slug, 2))


def test_qr_address_fills_in_the_code_and_prefills_the_group(app, app_ctx):
    survey = make_survey()
    slug = survey.municipality.slug
    code = make_codes(survey, count=1)[0]
    browser = Browser(app)
    assert f'value="{code}"' in browser.page(f"/undersoegelse/{slug}/kode/{code}")
    browser.post(f"/undersoegelse/{slug}/start", {"code": code})
    assert 'value="sygedagpenge" checked' in browser.page(step_url(slug, 1))
    sent = answer_all_pages(browser, slug, code)
    assert sent.status_code == 302
    db.session.expire_all()
    assert [r.series for r in queries.response_records(survey)] == [Series.VERIFIED]


def test_member_answers_once_per_period(app, app_ctx):
    survey = make_survey()
    slug = survey.municipality.slug
    browser = Browser(app, make_user())
    assert answer_all_pages(browser, slug).status_code == 302
    assert "Du har allerede svaret i denne periode" in browser.page(f"/undersoegelse/{slug}")
    again = browser.post(f"/undersoegelse/{slug}/start", {"uden": "1"})
    assert again.status_code == 409


def test_closed_survey_asks_for_a_code_and_visitors_cannot_assist(app, app_ctx):
    survey = make_survey(open_link=False)
    slug = survey.municipality.slug
    browser = Browser(app)
    assert "Svar uden kode" not in browser.page(f"/undersoegelse/{slug}")
    assert browser.post(f"/undersoegelse/{slug}/start", {"uden": "1"}).status_code == 422
    assert browser.post(f"/undersoegelse/{slug}/start", {"assisted": "1"}).status_code == 302
    assert browser.raw(step_url(slug, 1), 302)  # sent to log in, nothing started
    member = Browser(app, make_user())
    assert member.post(f"/undersoegelse/{slug}/start", {"assisted": "1"}).status_code == 403


def test_assisting_needs_two_factor_log_in_and_the_role_when_sending(app, app_ctx):
    from app.networks.models import Membership, MembershipRole
    from tests.factories import first_network, make_moderator

    survey = make_survey()
    slug = survey.municipality.slug
    network = first_network(survey.municipality)
    without = Browser(app, make_moderator(network, pseudonym="Uden Kode"))
    started = without.post(f"/undersoegelse/{slug}/start", {"assisted": "1"})
    assert started.status_code == 302 and "/konto/totrin" in started.headers["Location"]
    without.raw(step_url(slug, 1), 302)  # nothing started
    helper_user = make_moderator(network, pseudonym="Med Kode", totp=True)
    helper = sign_in(app, helper_user)
    assert helper.post(f"/undersoegelse/{slug}/start", {"assisted": "1"}).status_code == 302
    for n in range(1, 4):
        helper.post(step_url(slug, n), {"go": "next"})
    db.session.scalar(select(Membership).where(Membership.user_id == helper_user.id)).role = (
        MembershipRole.MEMBER)
    commit()
    assert helper.post(step_url(slug, 4), {"go": "send"}).status_code == 403
    assert queries.response_records(survey) == []


def test_admin_sets_up_a_survey_and_the_lock_is_explained(app, app_ctx):
    municipality = make_municipality("Opsætningskommune")
    admin = sign_in(app, make_user(admin=True, totp=True))
    assert "Tilfredshedsundersøgelser" in admin.page("/admin/")
    created = admin.post("/admin/undersoegelser", {"municipality": municipality.id,
                                                   "period_months": "3", "open_link": "y"})
    assert created.status_code == 302
    survey = db.session.scalar(select(Survey).where(Survey.municipality_id == municipality.id))
    assert survey.period_months == 3
    url = f"/admin/undersoegelser/{survey.id}"
    assert admin.post(url + "/spoergsmaal", {"text": "Jeg får hjælp til IT."}).status_code == 302
    services.submit_answer(survey, answer(), today(), assisted=True)
    commit()
    page = admin.page(url)
    assert "ikke ændres længere" in page and "Jeg får hjælp til IT." in page
    refused = admin.post(url + "/spoergsmaal", {"text": "Et nyt spørgsmål."})
    assert refused.status_code == 422 and "ikke ændres længere" in refused.get_data(as_text=True)


def test_code_batch_is_downloaded_once_as_zip(app, app_ctx):
    survey = make_survey()
    admin = sign_in(app, make_user(admin=True, totp=True))
    period = services.period_of(survey, today())
    response = admin.post(f"/admin/undersoegelser/{survey.id}/koder", {
        "benefit_group": "kontanthjaelp", "period": period, "count": "12"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.reader(io.StringIO(archive.read("koder.csv").decode("utf-8-sig"))))[1:]
    assert len(rows) == 12
    plain = [shown.replace("-", "") for shown, _address in rows]
    assert sorted(archive.namelist()) == sorted(
        ["koder.csv", "indstik.html", *(f"qr/{c}.svg" for c in plain),
         *(f"qr/{c}.png" for c in plain)])
    inserts = archive.read("indstik.html").decode()
    assert rows[0][0] in inserts and "<svg" in inserts and "http" not in inserts.split(
        "<body>")[0]
    stored = set(db.session.scalars(select(SurveyCode.digest)))
    assert stored == {services.code_digest(code) for code in plain}
    assert "kode/" in rows[0][1]
    assert "12" in admin.page(f"/admin/undersoegelser/{survey.id}")
    refused = admin.post(f"/admin/undersoegelser/{survey.id}/koder", {
        "benefit_group": "kontanthjaelp", "period": period, "count": "mange"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Skriv et helt tal" in body and 'value="mange"' in body


def test_poster_qr_points_to_the_open_link(app, app_ctx):
    survey = make_survey()
    admin = sign_in(app, make_user(admin=True, totp=True))
    response = admin.raw(f"/admin/undersoegelser/{survey.id}/plakat-qr.svg")
    assert response.mimetype == "image/svg+xml" and b"<svg" in response.data


def test_free_text_is_for_admins_only_and_masked(app, app_ctx):
    survey = make_survey()
    services.submit_answer(survey, answer(different="Skriv til mig: ole@example.org"), today(),
                           assisted=True)
    commit()
    url = f"/admin/undersoegelser/{survey.id}/fritekst"
    page = sign_in(app, make_user(admin=True, totp=True)).page(url)
    assert "[fjernet]" in page and "ole@example.org" not in page
    assert Browser(app, make_user()).raw(url, 403)
    assert "/konto/log-ind" in Browser(app).raw(url, 302).headers["Location"]

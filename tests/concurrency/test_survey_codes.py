"""One invitation code, twenty people sending their answer with it at the same moment,
against the threaded HTTP server and the real database: exactly one answer is saved, the
others are told the code is used and keep what they typed; nothing ends in a 500."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import PendingResponse, SurveyCode, SurveyResponse
from tests.concurrency.test_votes import _post, _release_together
from tests.conftest import CSRF_RE
from tests.surveys.builders import make_codes, make_survey, step_url

SENDERS = 20


def _session_at_last_page(app, slug: str, code: str) -> tuple[str, str]:
    client = app.test_client()
    token = CSRF_RE.search(client.get(f"/undersoegelse/{slug}").get_data(as_text=True)).group(1)
    assert client.post(f"/undersoegelse/{slug}/start", data={
        "csrf_token": token, "code": code}).status_code == 302
    for n in (1, 2, 3):
        assert client.post(step_url(slug, n), data={
            "csrf_token": token, "go": "next", "fremdrift": "4"}).status_code == 302
    return f"borgernet_session={client.get_cookie('borgernet_session').value}", token


def test_twenty_simultaneous_answers_with_one_code_save_one(app, live_server, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_SURVEY", "100000 per minute")
    with app.app_context():
        survey = make_survey("Kodekommune")
        slug, code = survey.municipality.slug, make_codes(survey, count=1)[0]
    sessions = [_session_at_last_page(app, slug, code) for _ in range(SENDERS)]
    results = _release_together([
        (lambda cookie=cookie, token=token, n=n: _post(live_server, step_url(slug, 4), cookie, {
            "csrf_token": token, "go": "send", "code": code,
            "different": f"Mit svar nummer {n}"}))
        for n, (cookie, token) in enumerate(sessions)])
    for status, body in results:
        assert status < 500 and "database is locked" not in body, body[:500]
    saved = [body for status, body in results if status == 302]
    refused = [body for status, body in results if status == 422]
    assert len(saved) == 1 and len(refused) == SENDERS - 1
    assert all("allerede brugt" in body and "Mit svar nummer" in body for body in refused)
    with app.app_context():
        answers = sum(db.session.scalar(select(func.count()).select_from(model))
                      for model in (SurveyResponse, PendingResponse))
        assert answers == 1
        assert db.session.scalar(select(func.count()).select_from(SurveyCode)) == 0

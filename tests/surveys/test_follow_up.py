""""Du sagde — vi gjorde": the committee's public answer to a closed survey period, with the
same clock as a forwarded proposal. Services, the rule, the committee's pages and the public
results page, read back over HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.committee.models import Clock
from app.core.audit import AuditEntry
from app.core.db import commit
from app.core.errors import DomainError
from app.extensions import db
from app.surveys import rules, services
from app.surveys.events import FOLLOW_UP_PUBLISHED
from app.surveys.follow_up import (
    FOLLOW_UP_MAX,
    clock,
    due_on,
    is_closed_period,
    period_ended_on,
    publish_follow_up,
)
from app.surveys.models import SurveyFollowUp
from app.surveys.services import today
from tests.committee.builders import build_committee_scene, sign_in
from tests.surveys.builders import give_answers, month_name, months_ago


@pytest.fixture
def scene(app_ctx):
    """Forslagsby's committee, admin and moderator, and a survey with answers in the three
    months before this one."""
    scene = build_committee_scene()
    scene.survey = services.create_survey(scene.municipality)
    scene.survey.created_at = datetime.now(UTC) - timedelta(days=120)
    commit()
    for n in (3, 2, 1):
        give_answers(scene.survey, months_ago(n), verified=12, assisted=7)
    scene.last = f"{months_ago(1):%Y-%m}"
    scene.older = f"{months_ago(2):%Y-%m}"
    return scene


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyFollowUp))


# The service ----------------------------------------------------------------------------

def test_a_committee_member_publishes_once_against_the_municipalitys_deadline(scene):
    follow_up = publish_follow_up(scene.committee, scene.survey, scene.last,
                                  "  Vi har hørt jer. Vi ringer før hvert møde.  ", today())
    commit()
    ended = period_ended_on(scene.survey, scene.last)
    assert ended == date(months_ago(0).year, months_ago(0).month, 1)
    assert follow_up.text == "Vi har hørt jer. Vi ringer før hvert møde."
    assert follow_up.due_on == ended + timedelta(days=scene.municipality.answer_deadline_days)
    assert follow_up.on_behalf is False and follow_up.published_by_id == scene.committee.id
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == FOLLOW_UP_PUBLISHED.name))
    assert entry.actor_id == scene.committee.id and entry.reason == scene.last
    assert entry.municipality_id == scene.municipality.id

    with pytest.raises(DomainError, match="allerede svaret"):
        publish_follow_up(scene.committee, scene.survey, scene.last, "Noget andet.", today())
    assert _rows() == 1


def test_an_admin_publishes_on_the_committees_behalf(scene):
    follow_up = publish_follow_up(scene.admin, scene.survey, scene.last, "Svar.", today())
    assert follow_up.on_behalf is True


@pytest.mark.parametrize("period", [
    "open", "2026-13", "nonsens", "", "1999-1", "2099-01"])
def test_only_a_closed_period_can_be_answered(scene, period):
    period = f"{today():%Y-%m}" if period == "open" else period
    assert not is_closed_period(scene.survey, period, today())
    with pytest.raises(DomainError, match="når perioden er slut"):
        publish_follow_up(scene.committee, scene.survey, period, "Svar.", today())
    assert _rows() == 0


def test_a_quarter_is_named_by_its_first_month_only(scene):
    scene.survey.period_months = 3
    assert is_closed_period(scene.survey, "2025-04", today())
    assert not is_closed_period(scene.survey, "2025-05", today())
    assert period_ended_on(scene.survey, "2025-10") == date(2026, 1, 1)


@pytest.mark.parametrize(("text", "message"), [
    ("", "Skriv, hvad udvalget vil gøre"), ("   ", "Skriv, hvad udvalget vil gøre"),
    ("x" * (FOLLOW_UP_MAX + 1), "højst")])
def test_the_text_is_required_and_bounded(scene, text, message):
    with pytest.raises(DomainError, match=message) as raised:
        publish_follow_up(scene.committee, scene.survey, scene.last, text, today())
    assert raised.value.field == "text" and _rows() == 0


def test_the_clock_runs_from_the_end_of_the_period(scene):
    survey, period = scene.survey, "2026-01"
    ended, due = date(2026, 2, 1), date(2026, 2, 1) + timedelta(days=60)
    assert due_on(survey, period) == due
    running = clock(survey, period, None, date(2026, 2, 11))
    assert running == Clock(ended, due, 10, 50, False, False)
    assert clock(survey, period, None, due + timedelta(days=1)).overdue
    late = SurveyFollowUp(due_on=due, published_at=datetime(2026, 4, 10, 10, tzinfo=UTC))
    seen = clock(survey, period, late, date(2026, 6, 1))
    assert seen.answered and seen.answered_late and seen.days_since_forwarding == 68


# Who may -------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "allowed"), [
    ("committee", True), ("admin", True), ("other_committee", False), ("moderator", False),
    ("member", False), ("visitor", False)])
def test_rule_who_may_answer_the_citizens(scene, role, allowed):
    from flask_login import AnonymousUserMixin

    user = AnonymousUserMixin() if role == "visitor" else getattr(scene, role)
    assert rules.can_follow_up(user, scene.municipality) is allowed


# Over HTTP -----------------------------------------------------------------------------

def _list(scene) -> str:
    return f"/udvalg/{scene.municipality.slug}/tilfredshed"


def test_the_committee_answers_and_everyone_reads_it_on_the_results_page(app, scene):
    committee = sign_in(app, scene.committee)
    listing = committee.page(_list(scene))
    assert "Du sagde — vi gjorde" in listing and month_name(months_ago(1)) in listing
    assert "Ikke besvaret" in listing and "Udvalget skal svare senest" in listing
    period_url = f"{_list(scene)}/{scene.last}"
    page = committee.page(period_url)
    assert "Offentliggør svaret" in page and "Resultater for" in page
    assert "på udvalgets vegne" not in page

    response = committee.post(period_url, {"text": "Vi har hørt jer.\nVi ringer før mødet."})
    assert response.status_code == 302
    assert "Udvalget har svaret" in committee.page(period_url)

    public = sign_in(app, None).page(f"/kommuner/{scene.municipality.slug}/tilfredshed")
    assert "Du sagde — vi gjorde" in public and "Vi ringer før mødet." in public
    assert "Beskæftigelsesudvalget svarede" in public and "Udvalget svarede efter" in public
    older = sign_in(app, None).page(
        f"/kommuner/{scene.municipality.slug}/tilfredshed?maaned={scene.older}")
    assert "har ikke svaret endnu" in older and "Vi ringer før mødet." not in older
    english = sign_in(app, None).page(
        f"/kommuner/{scene.municipality.slug}/tilfredshed?sprog=en")
    assert "You said — we did" in english


def test_bad_input_is_kept_with_a_clear_message(app, scene):
    committee = sign_in(app, scene.committee)
    period_url = f"{_list(scene)}/{scene.last}"
    typed = "Et langt svar. " * 300
    response = committee.post(period_url, {"text": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Teksten må højst være 4000 tegn" in page and "Et langt svar." in page
    assert "Fejl:" in page.split("</title>")[0]
    assert committee.post(period_url, {"text": "  "}).status_code == 422
    assert _rows() == 0


def test_an_admin_answers_on_behalf_and_it_says_so(app, scene):
    admin = sign_in(app, scene.admin)
    period_url = f"{_list(scene)}/{scene.last}"
    assert "på udvalgets vegne" in admin.page(period_url)
    assert admin.post(period_url, {"text": "Svar fra administrationen."}).status_code == 302
    public = sign_in(app, None).page(f"/kommuner/{scene.municipality.slug}/tilfredshed")
    assert "på vegne af beskæftigelsesudvalget" in public


@pytest.mark.parametrize("role", ["moderator", "member", "other_committee"])
def test_others_may_not(app, scene, role):
    browser = sign_in(app, getattr(scene, role))
    browser.page(_list(scene), status=403)
    assert browser.post(f"{_list(scene)}/{scene.last}", {"text": "Nej."}).status_code == 403
    assert _rows() == 0


def test_a_visitor_is_asked_to_log_in_and_an_open_period_is_not_found(app, scene):
    assert sign_in(app, None).raw(_list(scene), status=302).headers["Location"].startswith(
        "/konto/log-ind")
    committee = sign_in(app, scene.committee)
    for period in (f"{today():%Y-%m}", "2026-13", "x"):
        committee.page(f"{_list(scene)}/{period}", status=404)
    committee.page("/udvalg/ukendt-kommune/tilfredshed", status=404)


def test_the_committee_list_links_to_it(app, scene):
    page = sign_in(app, scene.committee).page(f"/udvalg/{scene.municipality.slug}")
    assert _list(scene) in page


def test_a_municipality_without_a_survey_has_nothing_to_answer(app, scene):
    db.session.delete(scene.survey)
    commit()
    page = sign_in(app, scene.committee).page(_list(scene))
    assert "Ingen periode er slut endnu" in page

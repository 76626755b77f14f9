"""Reminders to the committee for a survey period's public answer ("Du sagde — vi gjorde"): a
week before and on the day it is due, as for a forwarded proposal, once per member, and never
for a period that is answered or long past."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.db import commit
from app.core.events import Event
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.setup import deliver_events
from app.surveys import services
from app.surveys.events import FOLLOW_UP_REMINDER_DUE_DAY, FOLLOW_UP_REMINDER_WEEK_BEFORE
from app.surveys.follow_up import due_on, publish_follow_up, send_due_reminders
from tests.committee.builders import build_committee_scene, sign_in
from tests.surveys.builders import months_ago


@pytest.fixture
def scene(app_ctx):
    """Forslagsby's committee and a survey that has run for four months (three closed)."""
    scene = build_committee_scene()
    scene.survey = services.create_survey(scene.municipality)
    scene.survey.created_at = scene.survey.created_at - timedelta(days=120)
    commit()
    scene.last = f"{months_ago(1):%Y-%m}"
    scene.due = due_on(scene.survey, scene.last)
    return scene


def reminders() -> list[tuple[str, str, int]]:
    return [(event.kind, event.data["period"], event.recipient_id) for event in db.session.scalars(
        select(Event).where(Event.kind.in_((FOLLOW_UP_REMINDER_WEEK_BEFORE.name,
                                            FOLLOW_UP_REMINDER_DUE_DAY.name)))
        .order_by(Event.id))]


def test_a_week_before_then_on_the_day_once_per_member(scene):
    assert send_due_reminders(scene.due - timedelta(days=8)) == 0
    assert send_due_reminders(scene.due - timedelta(days=7)) == 1
    assert send_due_reminders(scene.due - timedelta(days=3)) == 0  # already reminded
    commit()
    assert reminders() == [(FOLLOW_UP_REMINDER_WEEK_BEFORE.name, scene.last, scene.committee.id)]
    assert send_due_reminders(scene.due) == 1
    assert send_due_reminders(scene.due + timedelta(days=1)) == 0
    commit()
    assert [kind for kind, _period, _person in reminders()] == [
        FOLLOW_UP_REMINDER_WEEK_BEFORE.name, FOLLOW_UP_REMINDER_DUE_DAY.name]
    # The other municipality's committee is never reminded of Forslagsby's periods.
    assert all(person == scene.committee.id for _kind, _period, person in reminders())


def test_an_answered_period_and_a_long_past_one_are_not_reminded(scene):
    publish_follow_up(scene.committee, scene.survey, scene.last, "Vi har hørt jer.",
                      services.today())
    commit()
    assert send_due_reminders(scene.due) == 0
    older = f"{months_ago(2):%Y-%m}"
    assert send_due_reminders(due_on(scene.survey, older) + timedelta(days=8)) == 0
    assert reminders() == []


def test_the_reminder_reaches_the_member_and_leads_to_the_answer_form(app, scene):
    send_due_reminders(scene.due - timedelta(days=7))
    commit()
    deliver_events()
    notification = db.session.scalar(select(Notification).where(
        Notification.user_id == scene.committee.id))
    assert notification is not None and notification.topic == "staff_committee"
    committee = sign_in(app, scene.committee)
    assert "Påmindelse: svaret på en måneds tilfredshed skal gives om en uge" in committee.page(
        "/beskeder")
    opened = committee.raw(f"/beskeder/{notification.id}", 302)
    assert opened.headers["Location"].endswith(
        f"/udvalg/{scene.municipality.slug}/tilfredshed/{scene.last}")
    assert "Offentliggør svaret" in committee.page(opened.headers["Location"])


def test_the_daily_command_reminds_of_proposals_and_periods(app, scene):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["remind-committee"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("Recorded ")

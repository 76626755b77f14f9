"""Moderation use cases without HTTP: reports, hiding and restoring, threads, members, appeals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db
from app.moderation import services
from app.moderation.models import Appeal, AppealStatus, Report, ReportReason, ReportStatus
from app.moderation.queries import open_reports_for, report_groups
from app.networks.rules import can_post
from tests.factories import make_post, make_thread
from tests.moderation.builders import (
    appeal,
    appeal_of,
    audit_count,
    audit_entries,
    build_scene,
    done,
    events,
    forget_rules,
    hide,
    membership,
    report,
    reports_of,
    target,
    thread_count,
)


@pytest.fixture
def scene(app_ctx):
    return build_scene()


# --- reporting --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["post", "thread", "proposal", "comment"])
def test_a_member_reports_a_post_thread_or_proposal(scene, kind):
    obj = getattr(scene, kind)
    made = report(scene.reporter, obj, "discrimination", "  Nedsættende om en gruppe.  ")
    assert made.network_id == scene.network.id and made.reporter_id == scene.reporter.id
    assert getattr(made, f"{kind}_id") == obj.id
    assert made.reason is ReportReason.DISCRIMINATION and made.text == "Nedsættende om en gruppe."
    assert made.status is ReportStatus.OPEN
    [event] = events("moderation.report")
    assert event.network_id == scene.network.id and event.data == {"target": f"{kind}:{obj.id}"}
    assert audit_count() == 0  # a member's report is not a moderation action


def test_other_needs_a_text(scene):
    with pytest.raises(DomainError) as error:
        services.report(scene.reporter, target("post", scene.post), ReportReason.OTHER, "   ")
    assert error.value.field == "text"
    db.session.rollback()
    assert reports_of(scene.post) == []
    report(scene.reporter, scene.post, "other", "Det er reklame for et firma.")
    assert len(reports_of(scene.post)) == 1


def test_the_same_member_reports_the_same_thing_once(scene):
    report(scene.reporter, scene.post)
    with pytest.raises(DomainError, match="Du har allerede anmeldt dette"):
        services.report(scene.reporter, target("post", scene.post), ReportReason.HARASSMENT, "")
    db.session.rollback()
    report(scene.member, scene.post)  # another member may
    report(scene.reporter, scene.thread)  # and the same member may report something else
    assert len(reports_of(scene.post)) == 2
    assert len(events("moderation.report")) == 3


@pytest.mark.parametrize("kind", ["post", "thread", "proposal", "comment"])
def test_the_database_refuses_a_second_report(scene, kind):
    obj = getattr(scene, kind)
    report(scene.reporter, obj)
    db.session.add(Report(network_id=scene.network.id, reporter_id=scene.reporter.id,
                          reason=ReportReason.SPAM, **{f"{kind}_id": obj.id}))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_report_is_about_exactly_one_thing(scene):
    db.session.add(Report(network_id=scene.network.id, reporter_id=scene.reporter.id,
                          reason=ReportReason.SPAM, post_id=scene.post.id,
                          thread_id=scene.thread.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(Report(network_id=scene.network.id, reporter_id=scene.reporter.id,
                          reason=ReportReason.SPAM))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_moderators_count_the_open_reports_of_their_networks(scene):
    forget_rules()
    assert open_reports_for(scene.moderator) == 0
    report(scene.reporter, scene.post)
    report(scene.member, scene.post)
    assert open_reports_for(scene.moderator) == 2
    assert open_reports_for(scene.admin) == 2
    assert open_reports_for(scene.other_moderator) == 0
    assert open_reports_for(scene.member) == 0


def test_report_groups_put_reports_of_one_thing_together(scene):
    report(scene.reporter, scene.post, "spam")
    report(scene.member, scene.thread, "harassment")
    report(scene.member, scene.post, "other", "Reklame.")
    groups = report_groups(scene.network)
    assert [g["target"].key for g in groups] == [f"post:{scene.post.id}", f"thread:{scene.thread.id}"]
    assert [r.reason for r in groups[0]["reports"]] == [ReportReason.SPAM, ReportReason.OTHER]
    assert report_groups(scene.other_network) == []
    assert len(report_groups(None)) == 2


# --- hiding and restoring ---------------------------------------------------------------------

def test_hiding_needs_a_reason_and_settles_the_reports(scene):
    report(scene.reporter, scene.post)
    with pytest.raises(DomainError) as error:
        services.hide(scene.moderator, target("post", scene.post), "  ")
    assert error.value.field == "reason"
    db.session.rollback()
    assert not scene.post.is_hidden and audit_count() == 0
    hide(scene.moderator, scene.post, " Chikane. ")
    assert scene.post.is_hidden and scene.post.hidden_reason == "Chikane."
    assert scene.post.hidden_by_id == scene.moderator.id
    assert [r.status for r in reports_of(scene.post)] == [ReportStatus.ACTIONED]
    [told] = events("moderation.hidden")
    assert told.recipient_id == scene.author.id and told.data["reason"] == "Chikane."
    with pytest.raises(DomainError, match="allerede skjult"):
        services.hide(scene.moderator, target("post", scene.post), "Igen.")
    db.session.rollback()


def test_restoring_shows_it_again(scene):
    with pytest.raises(DomainError, match="ikke skjult"):
        services.restore(scene.moderator, target("post", scene.post))
    db.session.rollback()
    hide(scene.moderator, scene.post)
    services.restore(scene.moderator, target("post", scene.post), "Fejl.")
    done()
    assert not scene.post.is_hidden and scene.post.hidden_reason is None
    assert scene.post.hidden_by_id is None


def test_hiding_a_thread_takes_it_out_of_the_network_count(scene):
    before = thread_count(scene.network)
    hide(scene.moderator, scene.thread)
    assert thread_count(scene.network) == before - 1
    services.restore(scene.moderator, target("thread", scene.thread))
    done()
    assert thread_count(scene.network) == before


def test_restoring_settles_an_open_appeal_for_the_author(scene):
    hide(scene.second_moderator, scene.post)
    appeal(scene.author, scene.post)
    services.restore(scene.second_moderator, target("post", scene.post), "Vi tog fejl.")
    done()
    decided = appeal_of(scene.post)
    assert decided.status is AppealStatus.RESTORED and decided.decided_by_id == scene.second_moderator.id
    [told] = events("moderation.appeal_decided")
    assert told.recipient_id == scene.author.id and told.data["restored"] is True


def test_dismissing_needs_open_reports(scene):
    with pytest.raises(DomainError, match="ingen åbne anmeldelser"):
        services.dismiss_reports(scene.moderator, target("post", scene.post))
    db.session.rollback()
    report(scene.reporter, scene.post)
    report(scene.member, scene.post)
    services.dismiss_reports(scene.moderator, target("post", scene.post), "I orden.")
    done()
    reports = reports_of(scene.post)
    assert {r.status for r in reports} == {ReportStatus.DISMISSED}
    assert {r.resolved_by_id for r in reports} == {scene.moderator.id}
    assert all(r.resolved_at is not None for r in reports)
    assert audit_count() == 1  # one entry for the decision, however many reports


# --- threads ----------------------------------------------------------------------------------

def test_locking_needs_a_reason_and_unlocking_clears_it(scene):
    thread = target("thread", scene.thread)
    with pytest.raises(DomainError) as error:
        services.set_thread_flag(scene.moderator, thread, "lock", True, "")
    assert error.value.field == "reason"
    db.session.rollback()
    services.set_thread_flag(scene.moderator, thread, "lock", True, "Kørt af sporet.")
    done()
    assert scene.thread.is_locked and scene.thread.lock_reason == "Kørt af sporet."
    with pytest.raises(DomainError, match="allerede låst"):
        services.set_thread_flag(scene.moderator, thread, "lock", True, "Igen.")
    db.session.rollback()
    services.set_thread_flag(scene.moderator, thread, "lock", False)
    done()
    assert not scene.thread.is_locked and scene.thread.lock_reason is None


def test_pinning_and_unpinning(scene):
    thread = target("thread", scene.thread)
    services.set_thread_flag(scene.moderator, thread, "pin", True)
    done()
    assert scene.thread.is_pinned
    with pytest.raises(DomainError, match="allerede fastgjort"):
        services.set_thread_flag(scene.moderator, thread, "pin", True)
    db.session.rollback()
    services.set_thread_flag(scene.moderator, thread, "pin", False)
    done()
    assert not scene.thread.is_pinned
    with pytest.raises(DomainError, match="ikke fastgjort"):
        services.set_thread_flag(scene.moderator, thread, "pin", False)
    db.session.rollback()
    with pytest.raises(DomainError):
        services.set_thread_flag(scene.moderator, thread, "delete", True)
    db.session.rollback()
    assert [e.action for e in audit_entries()] == ["thread.pinned", "thread.unpinned"]


# --- members ----------------------------------------------------------------------------------

def test_suspending_until_a_date(scene):
    member = membership(scene.author, scene.network)
    with pytest.raises(DomainError) as error:
        services.suspend(scene.moderator, member, utcnow() - timedelta(hours=1), "Grund.")
    assert error.value.field == "until"
    db.session.rollback()
    with pytest.raises(DomainError) as error:
        services.suspend(scene.moderator, member, utcnow() + timedelta(days=3), " ")
    assert error.value.field == "reason"
    db.session.rollback()
    until = utcnow() + timedelta(days=3)
    services.suspend(scene.moderator, member, until, "Personangreb.")
    done()
    forget_rules()
    assert not can_post(scene.author, scene.network)
    [told] = events("moderation.suspended")
    assert told.recipient_id == scene.author.id and told.data["reason"] == "Personangreb."
    services.lift_suspension(scene.moderator, member, "Undskyldning modtaget.")
    done()
    forget_rules()
    assert can_post(scene.author, scene.network)
    with pytest.raises(DomainError, match="ikke udelukket"):
        services.lift_suspension(scene.moderator, member)
    db.session.rollback()
    assert audit_count() == 2


def test_a_warning_is_a_message_to_the_member(scene):
    with pytest.raises(DomainError) as error:
        services.warn(scene.moderator, scene.network, scene.author, "  ")
    assert error.value.field == "text"
    db.session.rollback()
    services.warn(scene.moderator, scene.network, scene.author, " Husk tonen. ")
    done()
    [told] = events("moderation.warning")
    assert told.recipient_id == scene.author.id and told.data["text"] == "Husk tonen."
    assert audit_count(subject_user_id=scene.author.id, action="member.warned") == 1


# --- appeals ----------------------------------------------------------------------------------

def test_the_author_appeals_once(scene):
    hide(scene.moderator, scene.post)
    with pytest.raises(DomainError) as error:
        services.appeal(scene.author, target("post", scene.post), " ")
    assert error.value.field == "text"
    db.session.rollback()
    made = appeal(scene.author, scene.post, "Det var ikke ment ondt.")
    assert made.status is AppealStatus.OPEN and made.network_id == scene.network.id
    with pytest.raises(DomainError, match="kun klage én gang"):
        services.appeal(scene.author, target("post", scene.post), "Igen.")
    db.session.rollback()
    assert len(list(db.session.scalars(select(Appeal)))) == 1
    assert len(events("moderation.appeal")) == 1


def test_the_database_refuses_a_second_appeal(scene):
    hide(scene.moderator, scene.thread)
    appeal(scene.author, scene.thread)
    db.session.add(Appeal(network_id=scene.network.id, author_id=scene.author.id, text="Igen",
                          thread_id=scene.thread.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(("restore", "status", "hidden"),
                         [(True, AppealStatus.RESTORED, False), (False, AppealStatus.UPHELD, True)])
def test_deciding_an_appeal(scene, restore, status, hidden):
    hide(scene.moderator, scene.proposal)
    appeal(scene.author, scene.proposal)
    services.decide_appeal(scene.second_moderator, target("proposal", scene.proposal), restore,
                           "Afgjort.")
    done()
    decided = appeal_of(scene.proposal)
    assert decided.status is status and decided.decided_by_id == scene.second_moderator.id
    assert scene.proposal.is_hidden is hidden
    [told] = events("moderation.appeal_decided")
    assert told.recipient_id == scene.author.id and told.data["restored"] is restore
    with pytest.raises(DomainError, match="allerede afgjort"):
        services.decide_appeal(scene.admin, target("proposal", scene.proposal), True, "")
    db.session.rollback()


def test_no_appeal_no_decision(scene):
    hide(scene.moderator, scene.post)
    with pytest.raises(DomainError, match="allerede afgjort"):
        services.decide_appeal(scene.admin, target("post", scene.post), True, "")
    db.session.rollback()
    assert scene.post.is_hidden


def test_content_in_a_hidden_thread_can_still_be_reported_and_hidden(scene):
    thread = make_thread(scene.network, scene.author, title="Endnu en tråd")
    reply = make_post(thread, scene.member, "Et svar.")
    hide(scene.moderator, thread)
    report(scene.reporter, reply)
    hide(scene.moderator, reply)
    assert reply.is_hidden and [r.status for r in reports_of(reply)] == [ReportStatus.ACTIONED]

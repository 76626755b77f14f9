"""Committee services without HTTP: forwarding, receipt, meeting date, answer, the clock and
the reminders. Every step moves the proposal through its model transition and leaves exactly
one audit entry and one event."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.committee import services
from app.committee.models import (
    AnswerStatus,
    CommitteeStatus,
    ForwardedComment,
    Forwarding,
    local_date,
    local_today,
)
from app.committee.queries import forward_page
from app.core.errors import DomainError, InvalidTransition
from app.core.events import Event
from app.extensions import db
from app.proposals.models import ProposalState
from tests.committee.builders import (
    ANSWER_TEXT,
    COVER_NOTE,
    answer,
    audit_count,
    audit_entries,
    build_committee_scene,
    committee_events,
    forward,
    receive,
    schedule,
)
from tests.factories import make_committee_member
from tests.proposals.builders import comment, decided, done, make_proposal, open_vote


@pytest.fixture
def scene(app_ctx):
    return build_committee_scene()


def forwardings_count() -> int:
    return db.session.scalar(select(func.count(Forwarding.id)))


# --- forwarding -------------------------------------------------------------------------------

def test_forwarding_moves_the_proposal_and_starts_the_clock(scene):
    chosen = [scene.comments[3].id, scene.comments[0].id]
    forwarding = forward(scene, comment_ids=chosen)
    assert scene.passed.state is ProposalState.FORWARDED
    assert forwarding.municipality_id == scene.municipality.id
    assert forwarding.forwarded_by_id == scene.moderator.id
    assert forwarding.cover_note == COVER_NOTE
    assert forwarding.due_on == local_date(forwarding.forwarded_at) + timedelta(days=60)
    assert forwarding.status is CommitteeStatus.NEW
    rows = db.session.scalars(select(ForwardedComment).where(
        ForwardedComment.forwarding_id == forwarding.id).order_by(ForwardedComment.position))
    assert [(row.position, row.comment_id) for row in rows] == [(1, chosen[0]), (2, chosen[1])]


def test_forwarding_writes_one_audit_entry_and_one_event(scene):
    before = audit_count()
    forward(scene)
    entries = audit_entries(scene.passed.id)
    assert audit_count() == before + 1
    assert [(e.action, e.actor_id, e.municipality_id, e.network_id, e.reason) for e in entries] == [
        ("committee.forwarded", scene.moderator.id, scene.municipality.id, scene.network.id,
         COVER_NOTE)]
    assert [e.kind for e in committee_events(scene.passed.id)] == ["committee.forwarded"]


def test_the_deadline_comes_from_the_municipality(scene):
    scene.municipality.answer_deadline_days = 30
    done()
    forwarding = forward(scene)
    assert forwarding.due_on == local_date(forwarding.forwarded_at) + timedelta(days=30)


def test_the_default_deadline_is_60_days(scene):
    db.session.refresh(scene.other_municipality)
    assert scene.other_municipality.answer_deadline_days == 60


def test_a_proposal_is_forwarded_once(scene):
    forward(scene)
    with pytest.raises(InvalidTransition, match="allerede sendt"):
        forward(scene)
    db.session.rollback()
    assert forwardings_count() == 1
    assert len(audit_entries(scene.passed.id)) == 1


@pytest.mark.parametrize("state", ["drafting", "voting", "not_passed", "withdrawn"])
def test_only_passed_proposals_can_be_forwarded(scene, state):
    proposal = make_proposal(scene.network, scene.creator, title="Et andet forslag")
    if state == "voting":
        open_vote(proposal, scene.creator)
    elif state == "not_passed":
        proposal = decided(scene.network, scene.creator, scene.voters, for_=1, against=2,
                           title="Et forslag, der faldt")
    elif state == "withdrawn":
        from tests.proposals.builders import withdraw

        withdraw(proposal, scene.creator)
    before = audit_count()
    with pytest.raises(InvalidTransition):
        forward(scene, proposal)
    db.session.rollback()
    assert db.session.get(type(proposal), proposal.id).state.value == state
    assert forwardings_count() == 0
    assert audit_count() == before


def test_a_hidden_proposal_is_not_forwarded(scene):
    scene.passed.hidden_at = datetime.now(UTC)
    done()
    with pytest.raises(DomainError, match="skjult"):
        forward(scene)
    db.session.rollback()
    assert forwardings_count() == 0
    assert scene.passed.state is ProposalState.PASSED


def test_at_most_five_comments(scene):
    six = [c.id for c in scene.comments[:6]]
    with pytest.raises(DomainError) as error:
        forward(scene, comment_ids=six)
    assert error.value.field == "comments"
    db.session.rollback()
    assert forwardings_count() == 0
    forwarding = forward(scene, comment_ids=six[:5])
    assert db.session.scalar(select(func.count(ForwardedComment.id)).where(
        ForwardedComment.forwarding_id == forwarding.id)) == 5


def test_the_same_comment_twice_counts_once(scene):
    forwarding = forward(scene, comment_ids=[scene.comments[1].id] * 6)
    assert db.session.scalars(select(ForwardedComment.comment_id).where(
        ForwardedComment.forwarding_id == forwarding.id)).all() == [scene.comments[1].id]


def test_comments_must_belong_to_the_proposal(scene):
    other = make_proposal(scene.network, scene.creator, title="Et andet forslag")
    stranger = comment(other, scene.member, "Kommentar til et andet forslag.")
    for ids in ([stranger.id], [scene.comments[0].id, stranger.id], [987654]):
        with pytest.raises(DomainError) as error:
            forward(scene, comment_ids=ids)
        assert error.value.field == "comments"
        db.session.rollback()
    assert forwardings_count() == 0
    assert scene.passed.state is ProposalState.PASSED


@pytest.mark.parametrize("note", ["", "   \n "])
def test_a_cover_note_is_needed(scene, note):
    with pytest.raises(DomainError) as error:
        forward(scene, note=note)
    assert error.value.field == "cover_note"


# --- the committee's steps ------------------------------------------------------------------------

def test_the_whole_way_leaves_one_audit_entry_and_one_event_per_step(scene):
    forwarding = forward(scene)
    receive(scene, forwarding)
    assert scene.passed.state is ProposalState.RECEIVED
    assert forwarding.received_at is not None
    assert forwarding.status is CommitteeStatus.RECEIVED
    meeting = local_today() + timedelta(days=14)
    schedule(scene, forwarding, meeting)
    assert forwarding.meeting_date == meeting
    assert forwarding.status is CommitteeStatus.ON_AGENDA
    assert scene.passed.state is ProposalState.RECEIVED
    answer(scene, forwarding, AnswerStatus.PARTLY_ADOPTED)
    assert scene.passed.state is ProposalState.ANSWERED
    assert forwarding.status is CommitteeStatus.ANSWERED
    assert (forwarding.answer_status, forwarding.answer_text, forwarding.answered_by_id) == (
        AnswerStatus.PARTLY_ADOPTED, ANSWER_TEXT, scene.committee.id)
    steps = ["committee.forwarded", "committee.received", "committee.meeting_set",
             "committee.answered"]
    entries = audit_entries(scene.passed.id)
    assert [e.action for e in entries] == steps
    assert all(e.municipality_id == scene.municipality.id and e.network_id == scene.network.id
               for e in entries)
    assert [e.actor_id for e in entries] == [scene.moderator.id] + [scene.committee.id] * 3
    assert meeting.isoformat() in entries[2].reason
    assert ANSWER_TEXT in entries[3].reason
    assert [e.kind for e in committee_events(scene.passed.id)] == steps
    assert audit_count() == 4


def test_receipt_only_once(scene):
    forwarding = receive(scene, forward(scene))
    with pytest.raises(InvalidTransition):
        receive(scene, forwarding)
    db.session.rollback()
    assert len(audit_entries(scene.passed.id)) == 2


def test_a_meeting_date_needs_the_receipt_first(scene):
    forwarding = forward(scene)
    with pytest.raises(InvalidTransition, match="modtaget"):
        schedule(scene, forwarding)
    db.session.rollback()
    assert forwarding.meeting_date is None
    assert len(audit_entries(scene.passed.id)) == 1


def test_the_meeting_can_be_moved_and_each_move_is_logged(scene):
    forwarding = receive(scene, forward(scene))
    first, second = local_today() + timedelta(days=7), local_today() + timedelta(days=21)
    schedule(scene, forwarding, first)
    schedule(scene, forwarding, second)
    assert forwarding.meeting_date == second
    moves = [e for e in audit_entries(scene.passed.id) if e.action == "committee.meeting_set"]
    assert len(moves) == 2
    assert first.isoformat() in moves[1].reason
    with pytest.raises(DomainError, match="allerede"):
        schedule(scene, forwarding, second)


def test_a_meeting_cannot_be_before_the_forwarding(scene):
    forwarding = receive(scene, forward(scene))
    with pytest.raises(DomainError) as error:
        schedule(scene, forwarding, local_date(forwarding.forwarded_at) - timedelta(days=1))
    assert error.value.field == "meeting_date"


def test_no_meeting_date_after_the_answer(scene):
    forwarding = answer(scene, receive(scene, forward(scene)))
    with pytest.raises(InvalidTransition):
        schedule(scene, forwarding)


def test_the_committee_may_answer_without_a_receipt(scene):
    forwarding = answer(scene, forward(scene), AnswerStatus.REJECTED)
    assert scene.passed.state is ProposalState.ANSWERED
    assert forwarding.received_at is None


def test_the_answer_is_given_once(scene):
    forwarding = answer(scene, forward(scene))
    with pytest.raises(InvalidTransition):
        answer(scene, forwarding, AnswerStatus.REJECTED, "Et andet svar.")
    db.session.rollback()
    assert forwarding.answer_status is AnswerStatus.ADOPTED
    assert forwarding.answer_text == ANSWER_TEXT
    assert len(audit_entries(scene.passed.id)) == 2


@pytest.mark.parametrize(("status", "text", "field"), [
    (None, ANSWER_TEXT, "answer_status"), (AnswerStatus.ADOPTED, "  ", "answer_text")])
def test_an_answer_needs_a_decision_and_a_text(scene, status, text, field):
    forwarding = forward(scene)
    with pytest.raises(DomainError) as error:
        services.record_answer(scene.committee, forwarding, status, text)
    assert error.value.field == field
    db.session.rollback()
    assert scene.passed.state is ProposalState.FORWARDED


# --- the public clock -----------------------------------------------------------------------------

def _forwarded_on(scene, day: date) -> Forwarding:
    return forward(scene, now=datetime(day.year, day.month, day.day, 10, tzinfo=UTC))


def test_the_clock_counts_days_and_marks_overdue(scene):
    forwarding = _forwarded_on(scene, date(2026, 1, 5))
    assert forwarding.due_on == date(2026, 3, 6)
    cases = {
        date(2026, 1, 5): (0, 60, False, False),
        date(2026, 2, 26): (52, 8, False, False),
        date(2026, 2, 27): (53, 7, False, True),
        date(2026, 3, 6): (60, 0, False, True),  # the due day itself is not late
        date(2026, 3, 7): (61, -1, True, False),
    }
    for today, (days, left, overdue, soon) in cases.items():
        clock = forwarding.clock(today)
        assert (clock.days_since_forwarding, clock.days_left, clock.overdue, clock.due_soon) == (
            days, left, overdue, soon), today


def test_the_clock_stops_at_the_answer(scene):
    forwarding = _forwarded_on(scene, date(2026, 1, 5))
    answer(scene, forwarding)
    forwarding.answered_at = datetime(2026, 3, 10, 9, tzinfo=UTC)
    done()
    clock = forwarding.clock(date(2026, 6, 1))
    assert (clock.days_since_forwarding, clock.overdue, clock.answered_late) == (64, False, True)
    forwarding.answered_at = datetime(2026, 3, 6, 9, tzinfo=UTC)
    done()
    assert forwarding.clock(date(2026, 6, 1)).answered_late is False


def test_days_are_danish_calendar_days(scene):
    # 23:30 UTC on 31 January is already 1 February in Copenhagen.
    forwarding = forward(scene, now=datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    assert forwarding.clock(date(2026, 2, 1)).forwarded_on == date(2026, 2, 1)
    assert forwarding.due_on == date(2026, 4, 2)


# --- reminders ----------------------------------------------------------------------------------

def reminders() -> list[tuple[str, int, int]]:
    return [tuple(row) for row in db.session.execute(
        select(Event.kind, Event.proposal_id, Event.recipient_id)
        .where(Event.kind.like("committee.reminder%")).order_by(Event.id))]


def test_reminders_a_week_before_and_on_the_day_once_each(scene):
    second = make_committee_member(scene.municipality, pseudonym="Udvalg Ib")
    forwarding = _forwarded_on(scene, date(2026, 1, 5))
    due = forwarding.due_on
    assert services.send_due_reminders(due - timedelta(days=8)) == 0
    assert services.send_due_reminders(due - timedelta(days=7)) == 2
    done()
    assert services.send_due_reminders(due - timedelta(days=7)) == 0
    assert services.send_due_reminders(due - timedelta(days=3)) == 0
    assert services.send_due_reminders(due) == 2
    done()
    assert services.send_due_reminders(due) == 0
    assert services.send_due_reminders(due + timedelta(days=5)) == 0
    done()
    pid = scene.passed.id
    assert sorted(reminders()) == sorted([
        (services.REMINDER_WEEK_BEFORE.name, pid, scene.committee.id),
        (services.REMINDER_WEEK_BEFORE.name, pid, second.id),
        (services.REMINDER_DUE_DAY.name, pid, scene.committee.id),
        (services.REMINDER_DUE_DAY.name, pid, second.id)])
    # Reminders are notifications, not committee steps: the audit log holds only the forwarding.
    assert [e.action for e in audit_entries(pid)] == ["committee.forwarded"]


def test_no_reminders_for_answered_proposals_or_other_committees(scene):
    forwarding = _forwarded_on(scene, date(2026, 1, 5))
    answer(scene, forwarding)
    assert services.send_due_reminders(forwarding.due_on) == 0
    done()
    assert reminders() == []


def test_a_member_who_joins_later_is_reminded_on_the_next_run(scene):
    forwarding = _forwarded_on(scene, date(2026, 1, 5))
    assert services.send_due_reminders(forwarding.due_on) == 1
    done()
    late = make_committee_member(scene.municipality, pseudonym="Ny i udvalget")
    assert services.send_due_reminders(forwarding.due_on) == 1
    done()
    assert [r[2] for r in reminders()] == [scene.committee.id, late.id]
    assert all(r[2] != scene.other_committee.id for r in reminders())


def test_the_remind_command_is_idempotent(app, scene):
    forwarding = forward(scene)
    forwarding.due_on = local_today() + timedelta(days=7)
    done()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["remind-committee"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "Recorded 1 reminder(s)."
    assert runner.invoke(args=["remind-committee"]).output.strip() == "Recorded 0 reminder(s)."
    db.session.rollback()
    assert reminders() == [(services.REMINDER_WEEK_BEFORE.name, scene.passed.id, scene.committee.id)]


def test_a_hidden_comment_is_not_offered_or_forwarded(scene):
    hidden = scene.comments[2]
    hidden.hidden_at = datetime.now(UTC)
    hidden.hidden_reason = "Navnet på en medarbejder."
    done()
    page = forward_page(scene.network, scene.passed.id)
    assert hidden.id not in [c.id for c in page.comments] and page.comments
    with pytest.raises(DomainError) as error:
        forward(scene, comment_ids=[scene.comments[0].id, hidden.id])
    assert error.value.field == "comments"
    db.session.rollback()
    assert forwardings_count() == 0


def test_forwarding_a_vote_that_is_over_but_not_closed_closes_it_first(scene):
    from app.core.models import utcnow
    from tests.proposals.builders import cast

    proposal = open_vote(make_proposal(scene.network, scene.creator, title="Fristen er gået"),
                         scene.creator)
    for voter in scene.voters:
        cast(proposal, voter, "for")
    proposal.vote_deadline = utcnow() - timedelta(minutes=1)
    done()
    forwarding = forward(scene, proposal)
    assert proposal.state is ProposalState.FORWARDED and forwarding.proposal_id == proposal.id
    assert (proposal.votes_for, proposal.vote_closed_at) == (3, proposal.vote_deadline)

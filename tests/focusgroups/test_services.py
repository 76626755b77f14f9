"""Focus-group services without HTTP: transitions, volunteering, the draw and its events,
seats and the waitlist, the summary, reminders and the deletion after 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import DomainError, InvalidTransition
from app.core.events import Event
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups import rules, services
from app.focusgroups.models import FocusGroupState, Stratum, Volunteer, VolunteerStatus
from tests.focusgroups.builders import (
    build_focus_scene,
    close_volunteering,
    invitation,
    make_focus_group,
    members_in,
    offer,
)
from tests.proposals.builders import done, make_proposal


@pytest.fixture
def scene(app_ctx):
    return build_focus_scene()


def volunteer_of(focus_group, user) -> Volunteer:
    db.session.expire_all()
    return db.session.scalar(select(Volunteer).where(Volunteer.focus_group_id == focus_group.id,
                                                     Volunteer.user_id == user.id))


def registered_message(event: Event) -> str:
    from app.core.vocabulary import kind

    return kind(event.kind).message(event)


def events_of(kind: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_the_states_move_only_forward(scene):
    focus_group = make_focus_group(scene, FocusGroupState.DRAFT)
    with pytest.raises(InvalidTransition):
        services.run_draw(scene.moderator, focus_group)
    with pytest.raises(InvalidTransition):
        focus_group.mark_held(utcnow())
    services.open_for_volunteers(scene.moderator, focus_group, seed="s")
    with pytest.raises(InvalidTransition):
        focus_group.open_for_volunteers(utcnow(), "other")
    with pytest.raises(InvalidTransition):
        focus_group.publish_summary(utcnow(), "x", "x", [])
    services.volunteer(scene.member, focus_group, offer())
    with pytest.raises(InvalidTransition, match="fristen"):
        services.run_draw(scene.moderator, focus_group)
    close_volunteering(focus_group)
    services.run_draw(scene.moderator, focus_group)
    with pytest.raises(InvalidTransition, match="ikke begyndt"):
        services.mark_held(scene.moderator, focus_group)
    services.cancel(scene.moderator, focus_group)
    assert focus_group.state is FocusGroupState.CANCELLED
    (told,) = events_of("focusgroup.cancelled")
    assert told.recipient_id == scene.member.id
    assert "er aflyst" in registered_message(told)
    with pytest.raises(InvalidTransition):
        focus_group.cancel(utcnow())


def test_every_state_can_be_reached(scene):
    for state in FocusGroupState:
        assert make_focus_group(scene, state, volunteers=[(scene.member, Stratum.LONG)]
                                if state is not FocusGroupState.CANCELLED else ()
                                ).state is state


def test_quotas_may_not_exceed_the_seats_and_the_meeting_must_be_ahead(scene):
    with pytest.raises(DomainError, match="højst være 4 pladser"):
        services.create_focus_group(scene.moderator, scene.network, invitation(
            quotas={Stratum.LONG: 5}))
    with pytest.raises(DomainError, match="fremtiden"):
        services.create_focus_group(scene.moderator, scene.network, invitation(
            starts_at=utcnow() - timedelta(days=1)))


def test_volunteering_needs_consent_and_happens_once_while_open(scene):
    focus_group = make_focus_group(scene)
    with pytest.raises(DomainError, match="give lov") as refused:
        services.volunteer(scene.member, focus_group, offer(consent=False))
    assert refused.value.field == "consent"
    first = services.volunteer(scene.member, focus_group, offer())
    done()
    assert first.number == 1 and first.consented_at is not None
    with pytest.raises(DomainError, match="allerede"):
        services.volunteer(scene.member, focus_group, offer())
    db.session.rollback()
    services.withdraw(scene.member, focus_group)
    done()
    assert volunteer_of(focus_group, scene.member) is None


def test_the_draw_tells_everyone_and_fills_the_seats(scene):
    people = members_in(scene.network, 6)
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN, seats=2,
                                   quotas={Stratum.LONG: 1},
                                   volunteers=[(p, Stratum.LONG if i < 3 else Stratum.SHORT)
                                               for i, p in enumerate(people)])
    statuses = [volunteer_of(focus_group, p).status for p in people]
    assert statuses.count(VolunteerStatus.SELECTED) == 2
    assert statuses.count(VolunteerStatus.WAITLISTED) == 4
    assert any(volunteer_of(focus_group, p).status is VolunteerStatus.SELECTED
               for p in people[:3])
    assert len(events_of("focusgroup.selected")) == 2
    assert len(events_of("focusgroup.waitlisted")) == 4
    for event in events_of("focusgroup.selected"):
        assert "contact" not in event.data and event.recipient_id in {p.id for p in people}
    positions = sorted(volunteer_of(focus_group, p).waitlist_position or 0 for p in people)
    assert positions == [0, 0, 1, 2, 3, 4]


def test_a_seat_given_up_goes_to_the_same_stratum_first(scene):
    people = members_in(scene.network, 5)
    strata = [Stratum.LONG, Stratum.SHORT, Stratum.SHORT, Stratum.LONG, Stratum.SHORT]
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN, seats=1,
                                   quotas={Stratum.LONG: 1},
                                   volunteers=list(zip(people, strata, strict=True)))
    holder = next(p for p in people if volunteer_of(focus_group, p).holds_seat)
    assert volunteer_of(focus_group, holder).stratum is Stratum.LONG
    offered = services.give_up_seat(holder, volunteer_of(focus_group, holder))
    done()
    assert offered is not None and offered.stratum is Stratum.LONG
    assert offered.status is VolunteerStatus.SELECTED and offered.waitlist_position is None
    assert volunteer_of(focus_group, holder).status is VolunteerStatus.DECLINED
    assert len(events_of("focusgroup.seat_offered")) == 1
    # The long-term stratum is now empty: the next seat goes to the first on the waitlist.
    again = services.give_up_seat(offered.user, volunteer_of(focus_group, offered.user))
    done()
    assert again.stratum is Stratum.SHORT and again.status is VolunteerStatus.SELECTED


def test_accepting_a_seat(scene):
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN,
                                   volunteers=[(scene.member, Stratum.LONG)])
    row = volunteer_of(focus_group, scene.member)
    services.accept_seat(scene.member, row)
    done()
    assert volunteer_of(focus_group, scene.member).status is VolunteerStatus.ACCEPTED
    with pytest.raises(InvalidTransition):
        services.accept_seat(scene.member, volunteer_of(focus_group, scene.member))


def test_held_tells_the_waitlist_that_no_seat_came_free(scene):
    people = members_in(scene.network, 3)
    focus_group = make_focus_group(scene, FocusGroupState.HELD, seats=1,
                                   volunteers=[(p, Stratum.MEDIUM) for p in people])
    statuses = sorted(volunteer_of(focus_group, p).status.value for p in people)
    assert statuses == ["not_selected", "not_selected", "selected"]
    assert len(events_of("focusgroup.not_selected")) == 2


def test_the_summary_is_sanitised_and_links_only_readable_proposals(scene):
    focus_group = make_focus_group(scene, FocusGroupState.HELD,
                                   volunteers=[(scene.member, Stratum.LONG)])
    proposal = make_proposal(scene.network, scene.member)
    with pytest.raises(DomainError, match="999999"):
        services.publish_summary(scene.moderator, focus_group, "Temaer", [999999])
    db.session.rollback()
    services.publish_summary(scene.moderator, focus_group,
                             "## Temaer\n<script>alert(1)</script>\n- Ventetid", [proposal.id])
    done()
    assert focus_group.state is FocusGroupState.SUMMARISED
    assert "<script>" not in focus_group.summary_html and "<li>Ventetid</li>" in (
        focus_group.summary_html)
    assert focus_group.linked_proposal_ids == [proposal.id]


def test_reminders_go_once_to_those_with_a_seat_within_48_hours(scene):
    people = members_in(scene.network, 3)
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN, seats=2,
                                   volunteers=[(p, Stratum.LONG) for p in people])
    assert services.due_reminders() == []  # two weeks ahead
    focus_group.starts_at = utcnow() + timedelta(hours=20)
    done()
    reminded = services.due_reminders()
    done()
    assert len(reminded) == 2 and all(row.holds_seat for row in reminded)
    assert services.due_reminders() == []
    assert len(events_of("focusgroup.reminder")) == 2


def test_volunteers_are_deleted_30_days_after_the_meeting_and_the_draw_stays(scene):
    people = members_in(scene.network, 4)
    focus_group = make_focus_group(scene, FocusGroupState.SUMMARISED, seats=2,
                                   volunteers=[(p, Stratum.SHORT) for p in people])
    published = (focus_group.seed, focus_group.draw_entries, focus_group.draw_result)
    assert services.purge_volunteers(utcnow() + timedelta(days=29)) == 0
    assert services.purge_volunteers(utcnow() + timedelta(days=31)) == 4
    done()
    assert db.session.scalar(select(func.count(Volunteer.id))) == 0
    db.session.refresh(focus_group)
    assert focus_group.volunteers_purged_at is not None
    assert (focus_group.seed, focus_group.draw_entries, focus_group.draw_result) == published
    assert services.purge_volunteers(utcnow() + timedelta(days=40)) == 0


# --- "Tilmelding senest" ------------------------------------------------------------------------

def test_the_closing_date_lies_ahead_and_before_the_meeting(scene):
    starts = utcnow() + timedelta(days=10)
    with pytest.raises(DomainError, match="før mødet") as refused:
        services.create_focus_group(scene.moderator, scene.network, invitation(
            starts_at=starts, closes_at=starts + timedelta(hours=1)))
    assert refused.value.field == "closes_on"
    with pytest.raises(DomainError, match="ude i fremtiden"):
        services.create_focus_group(scene.moderator, scene.network, invitation(
            closes_at=utcnow() - timedelta(hours=1)))
    draft = services.create_focus_group(scene.moderator, scene.network,
                                        invitation(closes_at=None))
    done()
    with pytest.raises(InvalidTransition, match="senest kan melde sig"):
        services.open_for_volunteers(scene.moderator, draft)


def test_after_the_closing_date_nobody_may_volunteer_and_the_lots_may_be_drawn(scene):
    focus_group = make_focus_group(scene)
    services.volunteer(scene.member, focus_group, offer())
    done()
    with pytest.raises(InvalidTransition, match="fristen"):
        services.run_draw(scene.moderator, focus_group)
    db.session.rollback()
    late = members_in(scene.network, 1)[0]
    close_volunteering(focus_group)
    assert not rules.can_volunteer(late, focus_group, None)
    with pytest.raises(DomainError, match="Tilmeldingen er lukket"):
        services.volunteer(late, focus_group, offer())
    db.session.rollback()
    (selected,) = services.run_draw(scene.moderator, focus_group)
    assert selected.user_id == scene.member.id


def test_an_invitation_opened_before_closing_dates_existed_can_still_be_drawn(scene):
    """Rows from before the migration have no closes_at: the draw closes them, as it did."""
    focus_group = make_focus_group(scene, volunteers=[(scene.member, Stratum.LONG)])
    focus_group.closes_at = None
    done()
    assert rules.can_volunteer(members_in(scene.network, 1)[0], focus_group, None)
    (selected,) = services.run_draw(scene.moderator, focus_group)
    assert selected.user_id == scene.member.id

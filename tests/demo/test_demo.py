"""The demo data (app/demo/): what `flask seed-demo` promises, made through the services."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.committee.models import CommitteeStatus, Forwarding
from app.committee.rules import is_committee_member
from app.core.audit import AuditEntry
from app.demo import seed_demo
from app.demo.proposals import PROPOSALS, seed_proposals
from app.extensions import db
from app.proposals import rules
from app.proposals.models import Proposal, ProposalState
from tests.factories import make_municipality, network_by_slug
from tests.proposals.builders import done, members


def test_demo_has_a_forwarded_and_an_answered_proposal(app_ctx):
    assert seed_demo()
    db.session.commit()
    forwardings = db.session.scalars(select(Forwarding).order_by(Forwarding.id)).all()
    assert [(f.status, f.proposal.state) for f in forwardings] == [
        (CommitteeStatus.NEW, ProposalState.FORWARDED),
        (CommitteeStatus.ANSWERED, ProposalState.ANSWERED)]
    answered = forwardings[1]
    assert answered.received_at and answered.meeting_date and answered.answer_text
    assert not answered.clock().answered_late
    assert all(f.proposal.network.slug == "sygedagpenge" for f in forwardings)
    ulla = db.session.scalar(select(User).where(User.pseudonym == "Ulla fra udvalget"))
    assert is_committee_member(ulla, forwardings[0].municipality)
    assert answered.answered_by_id == ulla.id
    assert db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("committee.%")).order_by(AuditEntry.id)).all() == [
        "committee.forwarded", "committee.forwarded", "committee.received",
        "committee.meeting_set", "committee.answered"]


def test_demo_data_has_every_lifecycle_state_the_demo_promises(app_ctx):
    network = network_by_slug(make_municipality("Demoby"), "dagpenge")
    voters = members(network, 16)
    seed_proposals(network, voters[0])
    done()
    states = {p.title: p.state for p in db.session.scalars(select(Proposal))}
    assert states == {row[0]: row[5] for row in PROPOSALS}
    # The demo's open vote can be tried: the members (who joined when the demo was made) may vote.
    voting = db.session.scalar(select(Proposal).where(Proposal.state == ProposalState.VOTING))
    assert [rules.vote_blocker(voter, voting) for voter in voters] == [None] * len(voters)
    assert voting.vote_deadline - voting.vote_opened_at == timedelta(days=14)
    assert all(p.revision_count == 2 for p in db.session.scalars(select(Proposal)))


def test_demo_has_a_focus_group_in_each_state_and_bente_has_a_seat(app_ctx):
    from app.core.models import utcnow
    from app.focusgroups import rules
    from app.focusgroups.lottery import draw
    from app.focusgroups.models import (
        FocusGroup,
        FocusGroupState,
        QuotaBasis,
        Volunteer,
        VolunteerStatus,
    )

    assert seed_demo()
    db.session.commit()
    groups = db.session.scalars(select(FocusGroup).order_by(FocusGroup.id)).all()
    assert {g.state for g in groups} == set(FocusGroupState)
    bente = db.session.scalar(select(User).where(User.pseudonym == "Bente"))
    drawn = next(g for g in groups if g.state is FocusGroupState.DRAWN)
    seat = db.session.scalar(select(Volunteer).where(Volunteer.focus_group_id == drawn.id,
                                                     Volunteer.user_id == bente.id))
    assert seat.status is VolunteerStatus.SELECTED
    now = utcnow()
    open_groups = [g for g in groups if g.state is FocusGroupState.OPEN]
    # Bente may volunteer for the network's and the municipality's open invitations; one more
    # is closed for volunteering and waits for the draw.
    may_volunteer = [g for g in open_groups if rules.can_volunteer(bente, g, None)]
    assert {g.network_id is None for g in may_volunteer} == {True, False}
    assert any(g.volunteering_closed(now) for g in open_groups)
    municipal = [g for g in groups if g.network_id is None]
    assert {g.state for g in municipal} == {FocusGroupState.OPEN, FocusGroupState.SUMMARISED}
    assert all(g.quota_basis is QuotaBasis.BENEFIT for g in municipal)
    assert all(g.closes_at < g.starts_at for g in groups if g.state is FocusGroupState.OPEN)
    for group in groups:
        if group.draw_result:
            assert draw(group.seed, group.draw_entries, group.quotas, group.seats,
                        group.quota_basis.order).as_json() == group.draw_result


def test_demo_bente_has_something_in_each_section_of_her_front_page(app_ctx):
    from app.home.queries import front_page

    assert seed_demo()
    db.session.commit()
    bente = db.session.scalar(select(User).where(User.pseudonym == "Bente"))
    page = front_page(bente)
    assert {item.network.slug for item in page.networks} == {"sygedagpenge", "dagpenge"}
    news = {item.network.slug: (item.new_threads, item.new_replies) for item in page.networks}
    assert news == {"sygedagpenge": (1, 1), "dagpenge": (0, 1)}
    assert all(item.first_unread_post_id for item in page.networks)
    assert len(page.unread) == 2 and page.threads[0].id in page.unread
    assert [p.title for p in page.drafts] == ["Planen skal altid gives på skrift"]
    assert [p.title for p in page.invitations] == ["Hjælp til jobsøgning på nettet"]
    assert [p.title for p in page.votes] == ["Mødetider, der passer til børnefamilier"]
    assert [f.proposal.title for f in page.answers] == ["Svar på brev inden for ti dage"]

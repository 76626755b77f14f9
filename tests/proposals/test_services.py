"""The proposal model and services: lifecycle transitions, drafting together, the vote and its
result, the one-vote constraint, events, the close-votes command and the LIX score."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError, InvalidTransition
from app.core.events import Event
from app.core.models import utcnow
from app.core.readability import HARD_LIMIT, lix
from app.extensions import db
from app.proposals import services
from app.proposals.models import (
    DEFAULT_VOTING_DAYS,
    AuthorStatus,
    Proposal,
    ProposalAuthor,
    ProposalRevision,
    ProposalState,
    SuggestionStatus,
    Vote,
    VoteValue,
)
from tests.factories import join, make_user
from tests.proposals.builders import (
    add_coauthor,
    build_scene,
    cast,
    close_vote,
    comment,
    done,
    event_kinds,
    invite,
    make_proposal,
    members,
    open_vote,
    revise,
    revision_count,
    text,
    vote_rows,
    withdraw,
)

S = ProposalState


@pytest.fixture
def scene(app_ctx):
    return build_scene()


# --- the lifecycle on the model -------------------------------------------------------------

def _transition(proposal: Proposal, name: str) -> None:
    now = utcnow()
    {"open_voting": lambda: proposal.open_voting(now),
     "close_voting": lambda: proposal.close_voting(now, 1, 0, 0, 1),
     "withdraw": lambda: proposal.withdraw(now),
     "forward": proposal.forward,
     "mark_received": proposal.mark_received,
     "mark_answered": proposal.mark_answered}[name]()


ALLOWED = {"open_voting": {S.DRAFTING}, "close_voting": {S.VOTING}, "withdraw": {S.DRAFTING},
           "forward": {S.PASSED}, "mark_received": {S.FORWARDED},
           "mark_answered": {S.FORWARDED, S.RECEIVED}}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_each_transition_is_refused_from_every_other_state(app_ctx, name):
    for state in ProposalState:
        proposal = Proposal(state=state, vote_deadline=utcnow() + timedelta(days=1))
        if state in ALLOWED[name]:
            _transition(proposal, name)
            assert proposal.state is not state
        else:
            with pytest.raises(InvalidTransition) as raised:
                _transition(proposal, name)
            assert proposal.state is state, (name, state)
            assert state.label in raised.value.message


def test_the_whole_lifecycle_on_the_model(app_ctx):
    now = utcnow()
    proposal = Proposal(state=S.DRAFTING)
    proposal.open_voting(now)
    assert proposal.state is S.VOTING and proposal.text_frozen
    assert proposal.vote_opened_at == now
    assert proposal.vote_deadline == now + timedelta(days=DEFAULT_VOTING_DAYS) == now + timedelta(days=14)
    proposal.close_voting(now + timedelta(days=30), 7, 2, 1, 10)
    assert proposal.state is S.PASSED and proposal.turnout == 10 and proposal.quorum_at_close == 10
    assert proposal.vote_closed_at == proposal.vote_deadline  # a late close is dated at the deadline
    proposal.forward()
    proposal.mark_received()
    proposal.mark_answered()
    assert proposal.state is S.ANSWERED
    withdrawn = Proposal(state=S.DRAFTING)
    withdrawn.withdraw(now)
    assert withdrawn.state is S.WITHDRAWN and withdrawn.withdrawn_at == now


@pytest.mark.parametrize(("votes", "quorum", "passed"), [
    ((4, 0, 0), 5, False),   # turnout one short of the quorum, everyone for
    ((5, 0, 0), 5, True),    # quorum reached exactly
    ((2, 2, 1), 5, False),   # quorum reached, for == against
    ((3, 2, 0), 5, True),
    ((1, 0, 4), 5, True),    # abstentions count towards turnout
    ((0, 0, 0), 1, False),
    ((2, 3, 0), 1, False),
])
def test_passing_needs_quorum_and_more_for_than_against(app_ctx, votes, quorum, passed):
    proposal = Proposal(state=S.VOTING, vote_deadline=utcnow())
    proposal.close_voting(utcnow(), *votes, quorum)
    assert proposal.state is (S.PASSED if passed else S.NOT_PASSED)
    assert (proposal.votes_for, proposal.votes_against, proposal.votes_abstain) == votes


# --- drafting together ----------------------------------------------------------------------

def test_creating_makes_the_creator_an_author_and_the_first_revision(scene):
    proposal = scene.proposal
    assert proposal.state is S.DRAFTING and proposal.revision_count == 1
    author = db.session.scalar(select(ProposalAuthor).where(ProposalAuthor.proposal_id == proposal.id))
    assert (author.user_id, author.status) == (scene.creator.id, AuthorStatus.ACCEPTED)
    first = db.session.scalar(select(ProposalRevision).where(ProposalRevision.proposal_id == proposal.id))
    assert (first.number, first.author_id, first.message) == (1, scene.creator.id, "Første udkast")
    assert first.title == proposal.title and first.created_at is not None


def test_every_save_is_a_revision_and_identical_text_is_not(scene):
    add_coauthor(scene.proposal, scene.creator, scene.coauthor)
    assert revise(scene.proposal, scene.coauthor, "  Tilføjede telefon  ", action="Ring til os.")
    latest = db.session.scalar(select(ProposalRevision).where(
        ProposalRevision.proposal_id == scene.proposal.id).order_by(ProposalRevision.number.desc()))
    assert (latest.number, latest.author_id, latest.message, latest.action) == (
        2, scene.coauthor.id, "Tilføjede telefon", "Ring til os.")
    assert not revise(scene.proposal, scene.creator, "Ingen ændring")
    assert revision_count(scene.proposal) == 2 == scene.proposal.revision_count


def test_the_text_is_frozen_once_the_vote_opens(scene):
    open_vote(scene.proposal, scene.creator)
    with pytest.raises(DomainError, match="kan ikke ændres"):
        services.save_revision(scene.creator, scene.proposal, text(title="Ny overskrift"), "x")
    db.session.rollback()
    assert scene.proposal.title == text().title and revision_count(scene.proposal) == 1


def test_invitations_refuse_unknown_outsiders_pending_and_repeated(scene):
    proposal = scene.proposal
    pending = make_user(pseudonym="Venter Vera")
    join(pending, scene.closed)  # waiting for approval in the other network of the municipality
    cases = [(None, "Der findes ingen med det pseudonym."),
             (scene.outsider, "Udenfor Otto er ikke medlem af netværket og kan ikke inviteres."),
             (pending, "Venter Vera er ikke medlem af netværket og kan ikke inviteres."),
             (scene.creator, "Forfatter Frida er allerede medforfatter eller inviteret.")]
    for invitee, message in cases:
        with pytest.raises(DomainError) as raised:
            services.invite_coauthor(scene.creator, proposal, invitee)
        assert (raised.value.message, raised.value.field) == (message, "pseudonym")
    invite(proposal, scene.creator, scene.coauthor)
    with pytest.raises(DomainError, match="allerede medforfatter eller inviteret"):
        services.invite_coauthor(scene.creator, proposal, scene.coauthor)


def test_accept_decline_and_invite_again_after_declining(scene):
    proposal = scene.proposal
    invite(proposal, scene.creator, scene.coauthor)
    services.respond_to_invitation(scene.coauthor, proposal, accept=False)
    done()
    status = select(ProposalAuthor.status).where(ProposalAuthor.user_id == scene.coauthor.id)
    assert db.session.scalar(status) is AuthorStatus.DECLINED
    with pytest.raises(DomainError, match="Invitationen findes ikke længere"):
        services.respond_to_invitation(scene.coauthor, proposal, accept=True)
    invite(proposal, scene.creator, scene.coauthor)
    services.respond_to_invitation(scene.coauthor, proposal, accept=True)
    done()
    assert db.session.scalar(status) is AuthorStatus.ACCEPTED
    assert len(db.session.scalars(select(ProposalAuthor.id).where(
        ProposalAuthor.user_id == scene.coauthor.id)).all()) == 1


def test_a_suggestion_is_decided_once_and_only_while_drafting(scene):
    suggestion = comment(scene.proposal, scene.member, "Skriv en frist.", suggestion=True)
    plain = comment(scene.proposal, scene.member, "Godt.")
    assert suggestion.suggestion_status is SuggestionStatus.OPEN and plain.suggestion_status is None
    services.decide_suggestion(scene.creator, suggestion, incorporated=True)
    done()
    assert (suggestion.suggestion_status, suggestion.decided_by_id) == (
        SuggestionStatus.INCORPORATED, scene.creator.id)
    for target in (suggestion, plain):
        with pytest.raises(DomainError, match="allerede afgjort"):
            services.decide_suggestion(scene.creator, target, incorporated=False)
    open_vote(scene.proposal, scene.creator)
    with pytest.raises(DomainError, match="mens teksten skrives"):
        services.add_comment(scene.member, scene.proposal, "Ret ordet.", True)


def test_withdraw_only_a_draft(scene):
    withdraw(scene.proposal, scene.creator)
    assert scene.proposal.state is S.WITHDRAWN and scene.proposal.withdrawn_at is not None
    other = open_vote(make_proposal(scene.network, scene.creator), scene.creator)
    with pytest.raises(InvalidTransition):
        services.withdraw(scene.creator, other)
    db.session.rollback()
    assert other.state is S.VOTING


# --- the vote ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (14, True), (60, True), (61, False),
                                          (-3, False)])
def test_voting_lasts_between_1_and_60_days(scene, days, ok):
    if not ok:
        with pytest.raises(DomainError, match="mellem 1 og 60 dage") as raised:
            services.open_voting(scene.creator, scene.proposal, days)
        assert raised.value.field == "days" and scene.proposal.state is S.DRAFTING
        return
    open_vote(scene.proposal, scene.creator, days)
    assert scene.proposal.vote_deadline - scene.proposal.vote_opened_at == timedelta(days=days)


def test_a_member_changes_the_vote_and_keeps_one_row(scene):
    open_vote(scene.proposal, scene.creator)
    for value in ("for", "against", "abstain", "for"):
        cast(scene.proposal, scene.member, value)
        assert vote_rows(scene.proposal) == {scene.member.id: VoteValue(value)}
    assert services.my_vote(scene.member, scene.proposal) is VoteValue.FOR
    assert services.my_vote(scene.coauthor, scene.proposal) is None


def test_the_database_allows_one_vote_per_member(scene):
    open_vote(scene.proposal, scene.creator)
    cast(scene.proposal, scene.member, "for")
    db.session.add(Vote(proposal_id=scene.proposal.id, user_id=scene.member.id, value=VoteValue.AGAINST))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert vote_rows(scene.proposal) == {scene.member.id: VoteValue.FOR}


def test_votes_are_refused_unless_the_vote_is_open(scene):
    with pytest.raises(DomainError, match="ikke åbnet for afstemning"):
        services.cast_vote(scene.member, scene.proposal, VoteValue.FOR)
    db.session.rollback()
    withdrawn = make_proposal(scene.network, scene.creator)
    withdraw(withdrawn, scene.creator)
    late = open_vote(make_proposal(scene.network, scene.creator), scene.creator)
    late.vote_deadline = utcnow() - timedelta(seconds=1)
    done()
    closed = close_vote(open_vote(make_proposal(scene.network, scene.creator), scene.creator))
    for proposal, message in ((withdrawn, "lukket"), (late, "sluttede"), (closed, "lukket")):
        with pytest.raises(DomainError, match=message) as raised:
            services.cast_vote(scene.member, proposal, VoteValue.FOR)
        assert "Din stemme er ikke talt med." in raised.value.message
        db.session.rollback()
    assert db.session.scalars(select(Vote.id)).all() == []


def test_final_tallies_are_the_vote_rows(scene):
    voters = members(scene.network, 6)
    open_vote(scene.proposal, scene.creator)
    for voter, value in zip(voters, ["for", "for", "against", "abstain", "for", "against"], strict=True):
        cast(scene.proposal, voter, value)
    cast(scene.proposal, voters[2], "for")  # changed her mind
    proposal = close_vote(scene.proposal, scene.moderator)
    rows = list(vote_rows(proposal).values())
    assert (proposal.votes_for, proposal.votes_against, proposal.votes_abstain) == (
        rows.count(VoteValue.FOR), rows.count(VoteValue.AGAINST), rows.count(VoteValue.ABSTAIN)) == (4, 1, 1)
    assert proposal.state is S.PASSED and proposal.turnout == 6 and proposal.quorum_at_close == 3


@pytest.mark.parametrize(("ballots", "state"), [
    (["for", "for"], S.NOT_PASSED),                   # quorum 3 - 1, all for
    (["for", "against", "abstain"], S.NOT_PASSED),    # quorum reached, for == against
    (["for", "for", "against"], S.PASSED),
    (["for", "abstain", "abstain"], S.PASSED),
])
def test_closing_from_real_votes_at_the_quorum_boundary(scene, ballots, state):
    voters = members(scene.network, len(ballots))
    open_vote(scene.proposal, scene.creator)
    for voter, value in zip(voters, ballots, strict=True):
        cast(scene.proposal, voter, value)
    assert close_vote(scene.proposal).state is state


def test_close_due_votes_and_the_cli_close_only_what_is_due(app, scene):
    due = open_vote(scene.proposal, scene.creator)
    running = open_vote(make_proposal(scene.network, scene.creator), scene.creator)
    cast(due, scene.member, "for")
    due.vote_deadline = utcnow() - timedelta(minutes=1)
    done()
    result = app.test_cli_runner().invoke(args=["close-votes"])
    assert result.exit_code == 0 and "Closed 1 vote(s)." in result.output
    db.session.rollback()
    assert (due.state, due.votes_for, due.vote_closed_at) == (S.NOT_PASSED, 1, due.vote_deadline)
    assert running.state is S.VOTING
    assert services.close_due_votes() == 0
    assert app.test_cli_runner().invoke(args=["close-votes"]).output.strip() == "Closed 0 vote(s)."


# --- events -------------------------------------------------------------------------------------

def test_every_status_change_invitation_and_vote_opening_records_an_event(scene, monkeypatch):
    calls = []
    real = services.record_event

    def spy(kind, **kwargs):
        calls.append(kind.name)
        return real(kind, **kwargs)

    monkeypatch.setattr(services, "record_event", spy)
    proposal = make_proposal(scene.network, scene.creator)
    add_coauthor(proposal, scene.creator, scene.coauthor)
    open_vote(proposal, scene.coauthor, 10)
    cast(proposal, scene.member, "for")
    close_vote(proposal, scene.moderator)
    declined = make_proposal(scene.network, scene.creator)
    invite(declined, scene.creator, scene.member)
    services.respond_to_invitation(scene.member, declined, accept=False)
    withdraw(declined, scene.creator)
    assert event_kinds(proposal) == [
        "proposal.created", "proposal.coauthor_invited", "proposal.coauthor_accepted",
        "proposal.voting_opened", "proposal.voting_closed"]
    assert event_kinds(declined) == [
        "proposal.created", "proposal.coauthor_invited", "proposal.coauthor_declined",
        "proposal.withdrawn"]
    assert calls == event_kinds(proposal) + event_kinds(declined)  # all through record_event

    events = {e.kind: e for e in db.session.scalars(select(Event).where(Event.proposal_id == proposal.id))}
    assert events["proposal.coauthor_invited"].recipient_id == scene.coauthor.id
    assert events["proposal.coauthor_invited"].actor_id == scene.creator.id
    opened = events["proposal.voting_opened"]
    assert (opened.actor_id, opened.network_id, opened.data["state"]) == (scene.coauthor.id, scene.network.id,
                                                                         "voting")
    assert opened.data["deadline"] == proposal.vote_deadline.isoformat()
    closed = events["proposal.voting_closed"]
    assert closed.data == {"state": "not_passed", "votes_for": 1, "votes_against": 0, "votes_abstain": 0}
    assert closed.actor_id == scene.moderator.id


def test_a_vote_closed_at_its_deadline_records_an_event_without_actor(scene):
    open_vote(scene.proposal, scene.creator)
    scene.proposal.vote_deadline = utcnow() - timedelta(seconds=1)
    done()
    assert services.close_due_votes() == 1
    done()
    event = db.session.scalar(select(Event).where(Event.kind == "proposal.voting_closed"))
    assert event.actor_id is None and event.proposal_id == scene.proposal.id


# --- plain language ---------------------------------------------------------------------------

def test_lix_of_short_words_is_low():
    score = lix("Vi vil have en fast tid. Det er godt for os. Så ved vi hvad der sker.")
    assert (score.words, score.sentences, score.long_words, score.score) == (17, 3, 0, 6)
    assert not score.is_hard


def test_lix_of_long_compound_words_is_hard():
    score = lix("Beskæftigelsesforvaltningens sagsbehandlingsprocedurer vanskeliggør "
                "arbejdsmarkedsparatheden betydeligt.")
    assert (score.words, score.sentences, score.long_words, score.score) == (5, 1, 5, 105)
    assert score.is_hard and score.score > HARD_LIMIT == 45


def test_lix_counts_sentences_and_long_words():
    # 7 words in 2 sentences, 5 of them longer than six letters: 7/2 + 100*5/7 = 3.5 + 71.4
    assert lix("Jobcentret skal tilbyde telefonsamtaler. Borgerne bestemmer selv.").score == 75
    assert lix("").score == 0 and lix("123 456 !").words == 0

"""Who an event concerns: for each kind, the people to tell and under which topic.

One function per family of kinds, each a few set-returning queries (never one per person):
- addressed to one person (an invitation, a moderator's decision, a focus-group seat): them;
- a reply: the thread's author, the author of a quoted post, and the thread's followers;
- a vote opening: the network's active members;
- a proposal's later steps: its authors, its voters and its followers (that a person voted is
  known to the system; how they voted never leaves the ballot);
- a report or crisis alert: the network's moderators; a forwarded proposal: the committee.
Muting a network, thread or proposal wins over all of it, and nobody is told what they did
themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from app.committee import events as committee
from app.committee.models import CommitteeMember
from app.core.events import Event
from app.core.guard import CRISIS_ALERT
from app.extensions import db
from app.forum import events as forum
from app.forum.models import Thread
from app.moderation import events as moderation
from app.networks.models import Membership, MembershipRole, MembershipStatus, Network
from app.notifications.models import Follow, FollowTarget
from app.notifications.topics import BY_KIND
from app.proposals import events as proposals
from app.proposals.models import AuthorStatus, Proposal, ProposalAuthor, Vote

_PROPOSAL_STEPS = {kind.name for kind in (
    proposals.VOTING_CLOSED, proposals.WITHDRAWN, committee.FORWARDED, committee.RECEIVED,
    committee.MEETING_SET, committee.ANSWERED)}
_STAFF_ALERTS = {moderation.REPORTED.name, CRISIS_ALERT.name}


def _followers(target: FollowTarget, target_id: int | None, muted: bool) -> set[int]:
    if target_id is None:
        return set()
    return set(db.session.scalars(select(Follow.user_id).where(
        Follow.target == target, Follow.target_id == target_id, Follow.muted.is_(muted))))


def _muted(event: Event, thread_id: int | None = None) -> set[int]:
    muted = _followers(FollowTarget.NETWORK, event.network_id, True)
    muted |= _followers(FollowTarget.PROPOSAL, event.proposal_id, True)
    muted |= _followers(FollowTarget.THREAD, thread_id, True)
    return muted


def _active_members(network_id: int, *where) -> set[int]:
    return set(db.session.scalars(select(Membership.user_id).where(
        Membership.network_id == network_id, Membership.status == MembershipStatus.ACTIVE,
        *where)))


def _reply(event: Event) -> set[int]:
    thread_id = event.data.get("thread_id")
    author = db.session.scalar(select(Thread.author_id).where(Thread.id == thread_id))
    people = {author, event.data.get("quoted_author_id")}
    people |= _followers(FollowTarget.THREAD, thread_id, False)
    return {person for person in people if person} - _muted(event, thread_id)


def _proposal_people(event: Event) -> set[int]:
    proposal_id = event.proposal_id
    people = set(db.session.scalars(select(ProposalAuthor.user_id).where(
        ProposalAuthor.proposal_id == proposal_id,
        ProposalAuthor.status == AuthorStatus.ACCEPTED)))
    people |= set(db.session.scalars(select(Proposal.creator_id).where(
        Proposal.id == proposal_id, Proposal.creator_id.is_not(None))))
    people |= set(db.session.scalars(select(Vote.user_id).where(Vote.proposal_id == proposal_id)))
    people |= _followers(FollowTarget.PROPOSAL, proposal_id, False)
    return people - _muted(event)


def _members_only(network_id: int | None, people: set[int]) -> set[int]:
    """In a members-only network, only its active members may read about it."""
    if network_id is None or not people:
        return people
    network = db.session.get(Network, network_id)
    if network is None or network.is_public:
        return people
    return people & _active_members(network_id)


def recipients(event: Event) -> dict[int, str]:
    """The people to tell about `event`, each with the topic it counts under."""
    topic = BY_KIND.get(event.kind)
    found: dict[int, str] = {}
    if event.kind == forum.REPLIED.name:
        found = dict.fromkeys(_members_only(event.network_id, _reply(event)), "replies")
    elif event.kind == proposals.VOTING_OPENED.name:
        found = dict.fromkeys(_active_members(event.network_id) - _muted(event), "votes")
    elif event.kind in _PROPOSAL_STEPS:
        key = "answers" if event.kind == committee.ANSWERED.name else "proposals"
        found = dict.fromkeys(_members_only(event.network_id, _proposal_people(event)), key)
    elif event.kind in _STAFF_ALERTS:
        found = dict.fromkeys(_active_members(
            event.network_id, Membership.role == MembershipRole.MODERATOR), "staff_reports")
    elif event.recipient_id is not None and topic is not None:
        found = {event.recipient_id: topic.key}
    if event.kind == committee.FORWARDED.name:
        municipality_id = event.data.get("municipality_id")
        for person in db.session.scalars(select(CommitteeMember.user_id).where(
                CommitteeMember.municipality_id == municipality_id)):
            found[person] = "staff_committee"
    found.pop(event.actor_id, None)
    return found


def kinds_told() -> Iterable[str]:
    """Every event kind that may reach someone (for tests and the settings page)."""
    return (*BY_KIND, committee.FORWARDED.name)

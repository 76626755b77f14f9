"""The one query helper of the personal front page: a fixed number of statements however many
networks, threads and proposals the person has (tests/home/test_queries.py counts them).

Everything is filtered with the ``readable_*`` where-clauses beside the rules, and on top of
them leaves out what is hidden (even for a moderator or the author: a front page shows no
hidden content) and networks where the person is no longer an active member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.committee.models import Forwarding
from app.core.models import utcnow
from app.extensions import db
from app.forum.models import Post, Thread
from app.forum.queries import THREAD_AUTHOR
from app.forum.reading import NetworkVisit, ThreadRead, has_unread, unread_post
from app.forum.rules import readable_threads
from app.networks.models import Membership, MembershipStatus, Municipality, Network
from app.networks.rules import memberships_of, readable_networks
from app.proposals.models import AuthorStatus, Proposal, ProposalAuthor, ProposalState, Vote
from app.proposals.rules import readable_proposals

RECENT_THREADS = 10
PROPOSALS_LIMIT = 40  # invitations first, then drafts
VOTES_LIMIT = 20
ANSWERS_LIMIT = 10
ANSWERS_DAYS = 90


@dataclass(frozen=True)
class NetworkNews:
    """A network of the person and what is new in it since their last visit."""

    network: Network
    since: datetime | None
    new_threads: int = 0
    new_replies: int = 0
    first_unread_post_id: int | None = None

    @property
    def has_news(self) -> bool:
        return bool(self.new_threads or self.new_replies)


@dataclass(frozen=True)
class FrontPage:
    networks: list[NetworkNews]
    threads: list[Thread]  # the newest activity in the person's networks
    unread: set[int]  # ... those of them with posts the person has not seen
    drafts: list[Proposal]
    invitations: list[Proposal]
    votes: list[Proposal]  # open, the person may vote and has not
    answers: list[Forwarding]  # recent answers to proposals the person wrote or voted on


def _active(user) -> dict[int, Membership]:
    return {network_id: m for network_id, m in memberships_of(user).items()
            if m.status is MembershipStatus.ACTIVE}


def _my_membership(user):
    """An aliased active membership of the person, to join on a network id."""
    membership = aliased(Membership)
    return membership, lambda network_id: and_(
        membership.network_id == network_id, membership.user_id == user.id,
        membership.status == MembershipStatus.ACTIVE)


def _news(user, network_ids: list[int]) -> dict[int, tuple[int, int, int | None]]:
    """Per network: new threads, new replies, the first unread post, since the last visit."""
    membership, of = _my_membership(user)
    visit, read, first = aliased(NetworkVisit), aliased(ThreadRead), aliased(Post)
    joined = func.coalesce(membership.joined_at, membership.created_at)
    # The last visit, unless the person left and joined again since: then when they rejoined.
    since = case((visit.visited_at > joined, visit.visited_at), else_=joined)
    opening = Post.id == select(func.min(first.id)).where(
        first.thread_id == Post.thread_id).scalar_subquery()
    rows = db.session.execute(
        select(Thread.network_id, func.sum(case((opening, 1), else_=0)), func.count(Post.id),
               func.min(Post.id))
        .select_from(Post).join(Thread, Thread.id == Post.thread_id)
        .join(membership, of(Thread.network_id))
        .outerjoin(visit, and_(visit.network_id == Thread.network_id, visit.user_id == user.id))
        .outerjoin(read, and_(read.thread_id == Thread.id, read.user_id == user.id))
        .where(Thread.network_id.in_(network_ids), readable_threads(user),
               Thread.hidden_at.is_(None), Thread.last_activity_at > since,
               Post.created_at > since, unread_post(user, read, since))
        .group_by(Thread.network_id))
    return {network_id: (threads, posts - threads, first_id)
            for network_id, threads, posts, first_id in rows}


def _networks(user, active: dict[int, Membership]) -> list[NetworkNews]:
    networks = db.session.scalars(
        select(Network).where(Network.id.in_(list(active)), readable_networks(user))
        .options(joinedload(Network.municipality)))
    news = _news(user, list(active))
    shown = [NetworkNews(network, _since(active[network.id]), *news.get(network.id, (0, 0, None)))
             for network in networks]
    return sorted(shown, key=lambda item: (not item.has_news, item.network.municipality.name,
                                           item.network.benefit_group.label))


def _since(membership: Membership) -> datetime | None:
    return membership.joined_at or membership.created_at


def _recent_threads(user, network_ids: list[int]) -> tuple[list[Thread], set[int]]:
    membership, of = _my_membership(user)
    read = aliased(ThreadRead)
    unread = has_unread(user, read, membership.joined_at).label("unread")
    rows = db.session.execute(
        select(Thread, unread).join(membership, of(Thread.network_id))
        .outerjoin(read, and_(read.thread_id == Thread.id, read.user_id == user.id))
        .where(Thread.network_id.in_(network_ids), readable_threads(user),
               Thread.hidden_at.is_(None))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(RECENT_THREADS)
        .options(THREAD_AUTHOR, joinedload(Thread.network).joinedload(Network.municipality)))
    threads, unread_ids = [], set()
    for thread, is_unread in rows:
        threads.append(thread)
        if is_unread:
            unread_ids.add(thread.id)
    return threads, unread_ids


def _shown_proposals(user):
    return readable_proposals(user) & Proposal.hidden_at.is_(None)


PROPOSAL_PLACE = joinedload(Proposal.network).joinedload(Network.municipality)


def _my_drafts(user) -> tuple[list[Proposal], list[Proposal]]:
    """Drafts the person writes on, and drafts they are invited to write on."""
    rows = db.session.execute(
        select(Proposal, ProposalAuthor.status)
        .join(ProposalAuthor, and_(ProposalAuthor.proposal_id == Proposal.id,
                                   ProposalAuthor.user_id == user.id))
        .where(ProposalAuthor.status.in_((AuthorStatus.ACCEPTED, AuthorStatus.INVITED)),
               Proposal.state == ProposalState.DRAFTING, _shown_proposals(user))
        .order_by(case((ProposalAuthor.status == AuthorStatus.INVITED, 0), else_=1),
                  Proposal.updated_at.desc(), Proposal.id.desc()).limit(PROPOSALS_LIMIT)
        .options(PROPOSAL_PLACE))
    drafts, invitations = [], []
    for proposal, status in rows:
        (drafts if status is AuthorStatus.ACCEPTED else invitations).append(proposal)
    return drafts, invitations


def _open_votes(user, now: datetime) -> list[Proposal]:
    """Open votes in the person's networks that they may vote in (a member when it opened,
    not suspended; the rule is proposals.rules.vote_blocker) and have not voted in."""
    membership, of = _my_membership(user)
    return list(db.session.scalars(
        select(Proposal).join(membership, of(Proposal.network_id))
        .where(Proposal.state == ProposalState.VOTING, Proposal.vote_deadline > now,
               membership.joined_at.is_not(None), membership.joined_at <= Proposal.vote_opened_at,
               or_(membership.suspended_until.is_(None), membership.suspended_until <= now),
               _shown_proposals(user),
               ~exists().where(Vote.proposal_id == Proposal.id, Vote.user_id == user.id))
        .order_by(Proposal.vote_deadline, Proposal.id).limit(VOTES_LIMIT)
        .options(PROPOSAL_PLACE)))


def _answers(user, now: datetime) -> list[Forwarding]:
    """The committee's recent answers to proposals the person wrote or voted on."""
    wrote = exists().where(ProposalAuthor.proposal_id == Proposal.id,
                           ProposalAuthor.user_id == user.id,
                           ProposalAuthor.status == AuthorStatus.ACCEPTED)
    voted = exists().where(Vote.proposal_id == Proposal.id, Vote.user_id == user.id)
    return list(db.session.scalars(
        select(Forwarding).join(Proposal, Proposal.id == Forwarding.proposal_id)
        .where(Forwarding.answered_at > now - timedelta(days=ANSWERS_DAYS),
               _shown_proposals(user), or_(wrote, voted))
        .order_by(Forwarding.answered_at.desc(), Forwarding.id.desc()).limit(ANSWERS_LIMIT)
        .options(joinedload(Forwarding.proposal).options(PROPOSAL_PLACE))))


def front_page(user) -> FrontPage:
    now = utcnow()
    active = _active(user)
    networks, (threads, unread) = ([], ([], set()))
    if active:
        networks = _networks(user, active)
        threads, unread = _recent_threads(user, list(active))
    drafts, invitations = _my_drafts(user)
    return FrontPage(networks=networks, threads=threads, unread=unread, drafts=drafts,
                     invitations=invitations, votes=_open_votes(user, now),
                     answers=_answers(user, now))


def municipalities_to_join() -> list[Municipality]:
    """Where to find a network: the visitors' front page, and a person in no network yet."""
    return list(db.session.scalars(
        select(Municipality).options(selectinload(Municipality.networks))
        .order_by(Municipality.name).limit(50)))

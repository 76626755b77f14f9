"""One query helper per committee page, each loading everything its template touches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.committee.models import (
    REMINDER_DAYS_BEFORE,
    CommitteeMember,
    CommitteeStatus,
    ForwardedComment,
    Forwarding,
)
from app.core.pagination import KeysetPage, keyset_page
from app.extensions import db
from app.networks.models import Municipality, Network
from app.proposals.models import AuthorStatus, Proposal, ProposalAuthor, ProposalComment, ProposalState

READY_LIMIT = 50
SENT_LIMIT = 20
CHOOSABLE_COMMENTS = 200
FORWARDINGS_PER_PAGE = 30
COMMITTEE_STATES = (ProposalState.FORWARDED, ProposalState.RECEIVED, ProposalState.ANSWERED)


def municipality_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


# --- the moderators' page -------------------------------------------------------------------

@dataclass(frozen=True)
class ForwardDashboard:
    ready: list[Proposal]  # passed, not forwarded: ranked as top proposals
    sent: list[Forwarding]  # this network's proposals at the committee, newest first


def forward_dashboard(network: Network) -> ForwardDashboard:
    turnout = Proposal.votes_for + Proposal.votes_against + Proposal.votes_abstain
    ready = db.session.scalars(
        select(Proposal).where(Proposal.network_id == network.id,
                               Proposal.state == ProposalState.PASSED, Proposal.hidden_at.is_(None))
        .order_by(Proposal.votes_for.desc(), turnout.desc(), Proposal.id).limit(READY_LIMIT))
    sent = db.session.scalars(
        select(Forwarding).join(Forwarding.proposal).where(Proposal.network_id == network.id)
        .order_by(Forwarding.id.desc()).limit(SENT_LIMIT)
        .options(joinedload(Forwarding.proposal)))
    return ForwardDashboard(list(ready), list(sent))


@dataclass(frozen=True)
class ForwardPage:
    proposal: Proposal
    comments: list[ProposalComment]


def forward_page(network: Network, proposal_id: int) -> ForwardPage | None:
    """The proposal (only if it belongs to this network) and the comments to choose from
    (none a moderator has hidden)."""
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.id == proposal_id, Proposal.network_id == network.id)
        .options(joinedload(Proposal.network).joinedload(Network.municipality)))
    if proposal is None:
        return None
    comments = db.session.scalars(
        select(ProposalComment).where(ProposalComment.proposal_id == proposal.id,
                                      ProposalComment.hidden_at.is_(None))
        .order_by(ProposalComment.id).limit(CHOOSABLE_COMMENTS)
        .options(selectinload(ProposalComment.author)))
    return ForwardPage(proposal, list(comments))


# --- the committee's pages ------------------------------------------------------------------

def committee_seats(user) -> list[Municipality]:
    return list(db.session.scalars(
        select(Municipality).join(CommitteeMember, CommitteeMember.municipality_id == Municipality.id)
        .where(CommitteeMember.user_id == user.id).order_by(Municipality.name)))


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name).limit(200)))


def _status_filter(status: CommitteeStatus):
    """The same split as Forwarding.status, in SQL."""
    answered = Forwarding.answered_at.is_not(None)
    unanswered = Forwarding.answered_at.is_(None)
    return {
        CommitteeStatus.ANSWERED: answered,
        CommitteeStatus.ON_AGENDA: unanswered & Forwarding.meeting_date.is_not(None),
        CommitteeStatus.RECEIVED: unanswered & Forwarding.meeting_date.is_(None)
        & Forwarding.received_at.is_not(None),
        CommitteeStatus.NEW: unanswered & Forwarding.meeting_date.is_(None)
        & Forwarding.received_at.is_(None),
    }[status]


@dataclass(frozen=True)
class CommitteeList:
    page: KeysetPage[Forwarding]
    overdue: list[Forwarding]  # unanswered after the due date
    due_soon: list[Forwarding]  # unanswered and due within a week (today included)
    counts: dict[CommitteeStatus, int]


def committee_list(municipality: Municipality, status: CommitteeStatus | None,
                   before_id: int | None, today: date) -> CommitteeList:
    options = (joinedload(Forwarding.proposal).joinedload(Proposal.network),)
    query = (select(Forwarding).where(Forwarding.municipality_id == municipality.id)
             .order_by(Forwarding.id.desc()).limit(FORWARDINGS_PER_PAGE + 1).options(*options))
    if status is not None:
        query = query.where(_status_filter(status))
    if before_id is not None:
        query = query.where(Forwarding.id < before_id)
    page = keyset_page(db.session.scalars(query), FORWARDINGS_PER_PAGE)
    pressing = list(db.session.scalars(
        select(Forwarding).where(Forwarding.municipality_id == municipality.id,
                                 Forwarding.answered_at.is_(None),
                                 Forwarding.due_on <= today + timedelta(days=REMINDER_DAYS_BEFORE))
        .order_by(Forwarding.due_on, Forwarding.id).limit(50).options(*options)))
    counts = dict.fromkeys(CommitteeStatus, 0)
    flags = (Forwarding.answered_at.is_not(None), Forwarding.meeting_date.is_not(None),
             Forwarding.received_at.is_not(None))
    for answered, on_agenda, received, count in db.session.execute(
            select(*flags, func.count(Forwarding.id))
            .where(Forwarding.municipality_id == municipality.id).group_by(*flags)):
        key = (CommitteeStatus.ANSWERED if answered else CommitteeStatus.ON_AGENDA if on_agenda
               else CommitteeStatus.RECEIVED if received else CommitteeStatus.NEW)
        counts[key] += count
    return CommitteeList(page,
                         overdue=[f for f in pressing if f.due_on < today],
                         due_soon=[f for f in pressing if f.due_on >= today], counts=counts)


@dataclass(frozen=True)
class Dossier:
    forwarding: Forwarding
    author_count: int


def dossier(municipality: Municipality, proposal_id: int) -> Dossier | None:
    forwarding = db.session.scalar(
        select(Forwarding).where(Forwarding.municipality_id == municipality.id,
                                 Forwarding.proposal_id == proposal_id)
        .options(joinedload(Forwarding.proposal).joinedload(Proposal.network)
                 .joinedload(Network.municipality),
                 joinedload(Forwarding.forwarded_by), joinedload(Forwarding.answered_by),
                 selectinload(Forwarding.chosen_comments).joinedload(ForwardedComment.comment)
                 .joinedload(ProposalComment.author)))
    if forwarding is None:
        return None
    author_count = db.session.scalar(select(func.count(ProposalAuthor.id)).where(
        ProposalAuthor.proposal_id == proposal_id,
        ProposalAuthor.status == AuthorStatus.ACCEPTED)) or 0
    return Dossier(forwarding, author_count)


# --- the proposal page's timeline (a partial in the proposals' page) ---------------------------

def proposal_forwarding(proposal: Proposal) -> Forwarding | None:
    if proposal.state not in COMMITTEE_STATES:
        return None
    return db.session.scalar(select(Forwarding).where(Forwarding.proposal_id == proposal.id))

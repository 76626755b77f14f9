"""Proposal use cases: drafting together, revisions, comments, the vote.

Tallies always come from the vote rows: live ones by a GROUP BY, final ones written in
the transaction that closes the vote, while it holds the proposal row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import User
from app.core.dates import format_when
from app.core.db import add_once, sent_before
from app.core.errors import DomainError
from app.core.events import record_event
from app.core.guard import NO_CRISIS, Verdict, alert_if_crisis
from app.core.models import utcnow
from app.core.sanitize import render_user_markdown
from app.core.vocabulary import EventKind
from app.extensions import db
from app.networks.models import Network
from app.networks.rules import is_member
from app.proposals import events as kinds
from app.proposals.models import (
    CLOSED_STATES,
    AuthorStatus,
    Proposal,
    ProposalAuthor,
    ProposalComment,
    ProposalRevision,
    ProposalState,
    SuggestionStatus,
    Vote,
    VoteValue,
)
from app.proposals.queries import tallies

MIN_VOTING_DAYS, MAX_VOTING_DAYS = 1, 60


@dataclass(frozen=True)
class ProposalText:
    title: str
    summary: str
    problem: str
    action: str
    impact: str


def _event(kind: EventKind, proposal: Proposal, actor: User | None = None, **data) -> None:
    record_event(kind, actor=actor, network_id=proposal.network_id, proposal_id=proposal.id,
                 state=proposal.state.value, **data)


def _add_revision(actor: User, proposal: Proposal, text: ProposalText, message: str) -> None:
    proposal.revision_count = (proposal.revision_count or 0) + 1
    db.session.add(ProposalRevision(
        proposal_id=proposal.id, number=proposal.revision_count, author_id=actor.id,
        message=message.strip(), title=text.title, summary=text.summary, problem=text.problem,
        action=text.action, impact=text.impact))


def create_proposal(actor: User, network: Network, text: ProposalText,
                    submission_key: str | None = None) -> Proposal:
    return create_proposal_once(actor, network, text, submission_key)[0]


def create_proposal_once(actor: User, network: Network, text: ProposalText,
                         submission_key: str | None = None, verdict: Verdict = NO_CRISIS,
                         ) -> tuple[Proposal, bool]:
    """Start a draft; the flag is False when this form was saved before (a resend, which
    alerts nobody twice). Crisis text tells the network's moderators."""
    def earlier() -> Proposal | None:
        return sent_before(Proposal.creator_id, Proposal.submission_key, actor.id, submission_key)

    if (found := earlier()) is not None:
        return found, False
    now = utcnow()
    proposal = Proposal(network_id=network.id, creator_id=actor.id, created_at=now, updated_at=now,
                        state=ProposalState.DRAFTING, revision_count=0,
                        submission_key=submission_key, **vars(text))
    if (found := add_once((proposal,), submission_key, earlier)) is not None:
        return found, False
    db.session.add(ProposalAuthor(proposal_id=proposal.id, user_id=actor.id,
                                  status=AuthorStatus.ACCEPTED))
    _add_revision(actor, proposal, text, _("Første udkast"))
    _event(kinds.CREATED, proposal, actor)
    db.session.flush()
    alert_if_crisis(verdict, actor, network.id, proposal_id=proposal.id)
    return proposal, True


def save_revision(actor: User, proposal: Proposal, text: ProposalText, message: str,
                  verdict: Verdict = NO_CRISIS) -> bool:
    """Save a new revision. Returns False when nothing changed. Changed crisis text tells the
    network's moderators."""
    if proposal.text_frozen:
        raise DomainError(_("Teksten kan ikke ændres, når afstemningen er åbnet."))
    if all(getattr(proposal, key) == value for key, value in vars(text).items()):
        return False
    for key, value in vars(text).items():
        setattr(proposal, key, value)
    proposal.updated_at = utcnow()
    _add_revision(actor, proposal, text, message)
    db.session.flush()
    alert_if_crisis(verdict, actor, proposal.network_id, proposal_id=proposal.id)
    return True


def invite_coauthor(actor: User, proposal: Proposal, invitee: User | None) -> ProposalAuthor:
    if invitee is None:
        raise DomainError(_("Der findes ingen med det pseudonym."), field="pseudonym")
    if not is_member(invitee, proposal.network):
        raise DomainError(_("%(name)s er ikke medlem af netværket og kan ikke inviteres.",
                            name=invitee.pseudonym), field="pseudonym")
    existing = db.session.scalar(select(ProposalAuthor).where(
        ProposalAuthor.proposal_id == proposal.id, ProposalAuthor.user_id == invitee.id))
    if existing is not None and existing.status is not AuthorStatus.DECLINED:
        raise DomainError(_("%(name)s er allerede medforfatter eller inviteret.",
                            name=invitee.pseudonym), field="pseudonym")
    if existing is None:
        existing = ProposalAuthor(proposal_id=proposal.id, user_id=invitee.id,
                                  status=AuthorStatus.INVITED, invited_by_id=actor.id)
        db.session.add(existing)
    existing.status = AuthorStatus.INVITED
    record_event(kinds.COAUTHOR_INVITED, actor=actor, recipient=invitee,
                 network_id=proposal.network_id, proposal_id=proposal.id)
    db.session.flush()
    return existing


def respond_to_invitation(actor: User, proposal: Proposal, accept: bool) -> None:
    invitation = db.session.scalar(select(ProposalAuthor).where(
        ProposalAuthor.proposal_id == proposal.id, ProposalAuthor.user_id == actor.id,
        ProposalAuthor.status == AuthorStatus.INVITED))
    if invitation is None:
        raise DomainError(_("Invitationen findes ikke længere."))
    invitation.status = AuthorStatus.ACCEPTED if accept else AuthorStatus.DECLINED
    _event(kinds.COAUTHOR_ACCEPTED if accept else kinds.COAUTHOR_DECLINED, proposal,
           actor)
    db.session.flush()


def withdraw(actor: User, proposal: Proposal) -> None:
    proposal.withdraw(utcnow())
    _event(kinds.WITHDRAWN, proposal, actor)
    db.session.flush()


def open_voting(actor: User, proposal: Proposal, days: int) -> None:
    if not MIN_VOTING_DAYS <= days <= MAX_VOTING_DAYS:
        raise DomainError(_("Afstemningen skal vare mellem %(min)d og %(max)d dage.",
                            min=MIN_VOTING_DAYS, max=MAX_VOTING_DAYS), field="days")
    proposal.open_voting(utcnow(), days)
    _event(kinds.VOTING_OPENED, proposal, actor, deadline=proposal.vote_deadline.isoformat())
    db.session.flush()


def _locked(proposal: Proposal, shared: bool) -> Proposal:
    """Re-read the proposal holding its row: voters share the lock, closing takes it alone."""
    query = select(Proposal).where(Proposal.id == proposal.id).execution_options(
        populate_existing=True)
    query = query.with_for_update(read=True) if shared else query.with_for_update()
    return db.session.scalar(query)


def tally(proposal: Proposal) -> dict[VoteValue, int]:
    return tallies([proposal.id])[proposal.id]


def cast_vote(actor: User, proposal: Proposal, value: VoteValue) -> None:
    """Record or change the person's one vote. Safe when the same person clicks twice at once."""
    proposal = _locked(proposal, shared=True)
    now = utcnow()
    if proposal.state is ProposalState.DRAFTING:
        raise DomainError(_("Der er ikke åbnet for afstemning om forslaget endnu."))
    ended = proposal.voting_is_due(now) or (proposal.state in CLOSED_STATES
                                             and proposal.ended_at_deadline)
    if proposal.state is not ProposalState.VOTING and not ended:
        raise DomainError(_("Afstemningen er lukket. Din stemme er ikke talt med."))
    if ended:
        raise DomainError(_("Afstemningen sluttede %(deadline)s. Din stemme er ikke talt med.",
                            deadline=format_when(proposal.vote_deadline, "short")))
    db.session.execute(_upsert_vote(db.session.get_bind().dialect.name), {
        "proposal_id": proposal.id, "user_id": actor.id, "value": value,
        "created_at": now, "updated_at": now})


@cache
def _upsert_vote(dialect: str):
    """INSERT the vote, or change the person's vote if there is one (built once per dialect)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Vote).values({column: bindparam(column) for column in (
        "proposal_id", "user_id", "value", "created_at", "updated_at")})
    return statement.on_conflict_do_update(
        index_elements=[Vote.proposal_id, Vote.user_id],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at})


def my_vote(user: User, proposal: Proposal) -> VoteValue | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Vote.value).where(Vote.proposal_id == proposal.id,
                                                      Vote.user_id == user.id))


def close_voting(proposal: Proposal, actor: User | None = None,
                 now: datetime | None = None) -> Proposal:
    """Close the vote from the rows; passes on quorum and more for than against."""
    proposal = _locked(proposal, shared=False)
    counts = tally(proposal)
    proposal.close_voting(now or utcnow(), counts[VoteValue.FOR], counts[VoteValue.AGAINST],
                          counts[VoteValue.ABSTAIN], proposal.network.quorum)
    _event(kinds.VOTING_CLOSED, proposal, actor, votes_for=proposal.votes_for,
           votes_against=proposal.votes_against, votes_abstain=proposal.votes_abstain)
    db.session.flush()
    return proposal


def close_if_over(proposal: Proposal) -> Proposal:
    """Write the pending close of a vote whose deadline passed; nothing when it is not due
    (or when a concurrent request closed it a moment ago). Every write on a proposal starts
    here, so the proposal it acts on is never an overdue vote."""
    if not proposal.vote_is_over:
        return proposal
    locked = _locked(proposal, shared=False)
    return close_voting(locked) if locked.vote_is_over else locked


def close_due_votes(now: datetime | None = None, network_id: int | None = None) -> int:
    """Close every vote whose deadline has passed. Returns how many were closed."""
    now = now or utcnow()
    query = select(Proposal).where(Proposal.state == ProposalState.VOTING,
                                   Proposal.vote_deadline <= now)
    if network_id is not None:
        query = query.where(Proposal.network_id == network_id)
    closed = 0
    for proposal in db.session.scalars(query.limit(500)).all():
        close_voting(proposal, now=now)
        closed += 1
    return closed


def add_comment(actor: User, proposal: Proposal, body: str, is_suggestion: bool,
                submission_key: str | None = None) -> ProposalComment:
    return add_comment_once(actor, proposal, body, is_suggestion, submission_key)[0]


def add_comment_once(actor: User, proposal: Proposal, body: str, is_suggestion: bool,
                     submission_key: str | None = None, verdict: Verdict = NO_CRISIS,
                     ) -> tuple[ProposalComment, bool]:
    """Comment; the flag is False when this form was saved before (a resend, which alerts
    nobody twice). Crisis text tells the network's moderators."""
    def earlier() -> ProposalComment | None:
        return sent_before(ProposalComment.author_id, ProposalComment.submission_key, actor.id,
                           submission_key)

    if (found := earlier()) is not None:
        return found, False
    if is_suggestion and proposal.state is not ProposalState.DRAFTING:
        raise DomainError(_("Forslag til ændringer kan kun gives, mens teksten skrives."),
                          field="is_suggestion")
    comment = ProposalComment(
        proposal_id=proposal.id, author_id=actor.id, body=body,
        body_html=render_user_markdown(body), is_suggestion=is_suggestion,
        suggestion_status=SuggestionStatus.OPEN if is_suggestion else None,
        submission_key=submission_key)
    if (found := add_once((comment,), submission_key, earlier)) is not None:
        return found, False
    alert_if_crisis(verdict, actor, proposal.network_id, proposal_id=proposal.id,
                    comment_id=comment.id)
    return comment, True


def decide_suggestion(actor: User, comment: ProposalComment, incorporated: bool) -> None:
    if comment.is_hidden:
        raise DomainError(_("Kommentaren er skjult af en moderator."))
    if not comment.is_suggestion or comment.suggestion_status is not SuggestionStatus.OPEN:
        raise DomainError(_("Ændringsforslaget er allerede afgjort."))
    comment.suggestion_status = (SuggestionStatus.INCORPORATED if incorporated
                                 else SuggestionStatus.DECLINED)
    comment.decided_by_id = actor.id
    db.session.flush()

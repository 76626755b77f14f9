"""Who may do what with proposals; composed from the network rules.

Whether a transition is valid in the proposal's current state is the model's business
(``Proposal.open_voting`` and friends); these rules only say who may ask for it.
``readable_proposals`` and ``readable_comments`` are ``can_view_proposal`` and
``can_read_comment`` as where-clauses, for queries that list what a person may read.
"""

from __future__ import annotations

from flask import g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select

from app.accounts.rules import is_admin, is_signed_in
from app.core.dates import format_when
from app.core.models import utcnow
from app.extensions import db
from app.networks.rules import (
    can_moderate,
    can_post,
    can_view_content,
    is_moderator,
    is_suspended,
    membership_of,
    moderates_network,
    readable_network_ids,
)
from app.proposals.models import (
    AuthorStatus,
    Proposal,
    ProposalAuthor,
    ProposalComment,
    ProposalState,
)

_MEMO = "_proposal_author_memo"


def author_status(user, proposal: Proposal) -> AuthorStatus | None:
    if not is_signed_in(user):
        return None
    memo = g.setdefault(_MEMO, {}) if has_app_context() else {}
    key = (user.id, proposal.id)
    if key not in memo:
        memo[key] = db.session.scalar(select(ProposalAuthor.status).where(
            ProposalAuthor.proposal_id == proposal.id, ProposalAuthor.user_id == user.id))
    return memo[key]


def is_author(user, proposal: Proposal) -> bool:
    return author_status(user, proposal) is AuthorStatus.ACCEPTED


def is_invited(user, proposal: Proposal) -> bool:
    return author_status(user, proposal) is AuthorStatus.INVITED


def can_view_proposal(user, proposal: Proposal) -> bool:
    """Hidden proposals stay visible to moderators and to their authors (who may appeal)."""
    if not can_view_content(user, proposal.network):
        return False
    return (not proposal.is_hidden or can_moderate(user, proposal.network)
            or author_status(user, proposal) is AuthorStatus.ACCEPTED)


def can_read_comment(user, comment: ProposalComment) -> bool:
    """A comment's text: on a proposal the person may see and, when hidden, only for
    moderators (its author sees the moderator's reason and may appeal, not the text)."""
    return can_view_proposal(user, comment.proposal) and (
        not comment.is_hidden or can_moderate(user, comment.proposal.network))


def readable_proposals(user) -> ColumnElement[bool]:
    """``can_view_proposal`` as a where-clause on Proposal."""
    shown = [Proposal.hidden_at.is_(None), moderates_network(user, Proposal.network_id)]
    if is_signed_in(user):
        shown.append(Proposal.id.in_(select(ProposalAuthor.proposal_id).where(
            ProposalAuthor.user_id == user.id, ProposalAuthor.status == AuthorStatus.ACCEPTED)
            .correlate(None)))
    return Proposal.network_id.in_(readable_network_ids(user)) & or_(*shown)


def readable_comments(user) -> ColumnElement[bool]:
    """``can_read_comment`` as a where-clause on ProposalComment."""
    proposals = select(Proposal.id).where(readable_proposals(user)).correlate(None)
    shown = ProposalComment.hidden_at.is_(None) | ProposalComment.proposal_id.in_(
        select(Proposal.id).where(moderates_network(user, Proposal.network_id)).correlate(None))
    return ProposalComment.proposal_id.in_(proposals) & shown


def can_create_proposal(user, network) -> bool:
    return can_post(user, network)


def can_edit_proposal(user, proposal: Proposal) -> bool:
    """Authors who may still write in the network. (The text freezes when voting opens.)"""
    return is_author(user, proposal) and can_post(user, proposal.network)


def can_invite_coauthor(user, proposal: Proposal) -> bool:
    return can_edit_proposal(user, proposal) and proposal.state is ProposalState.DRAFTING


def can_respond_to_invitation(user, proposal: Proposal) -> bool:
    return is_invited(user, proposal)


def can_withdraw(user, proposal: Proposal) -> bool:
    return is_author(user, proposal) and proposal.state is ProposalState.DRAFTING


def can_open_voting(user, proposal: Proposal) -> bool:
    return (proposal.state is ProposalState.DRAFTING
            and (can_edit_proposal(user, proposal) or is_moderator(user, proposal.network)))


def can_close_voting(user, proposal: Proposal) -> bool:
    return proposal.state is ProposalState.VOTING and (
        is_moderator(user, proposal.network) or is_admin(user))


def eligibility_blocker(user, proposal: Proposal) -> str | None:
    """Why this person may not vote on this proposal at all; None when they may."""
    if not is_signed_in(user):
        return _("Log ind for at stemme.")
    membership = membership_of(user, proposal.network)
    if membership is None or not membership.is_active:
        return _("Kun medlemmer af netværket kan stemme.")
    if is_suspended(user, proposal.network):
        return _("Du er udelukket fra netværket lige nu og kan derfor ikke stemme.")
    if membership.joined_at is None or (proposal.vote_opened_at is not None
                                        and membership.joined_at > proposal.vote_opened_at):
        return _("Du blev medlem, efter afstemningen var åbnet. Derfor kan du ikke stemme om "
                 "dette forslag, men du kan stemme om de næste.")
    return None


def vote_blocker(user, proposal: Proposal) -> str | None:
    """Why this person cannot vote now, in plain words; None when they can."""
    if proposal.state is not ProposalState.VOTING:
        return _("Der er ikke åbent for afstemning om forslaget.")
    if proposal.voting_is_due(utcnow()):
        return _("Afstemningen er slut. Fristen var %(deadline)s.",
                 deadline=format_when(proposal.vote_deadline, "short"))
    return eligibility_blocker(user, proposal)


def can_comment(user, proposal: Proposal) -> bool:
    return can_post(user, proposal.network) and proposal.state is not ProposalState.WITHDRAWN


def can_decide_suggestion(user, proposal: Proposal) -> bool:
    return can_edit_proposal(user, proposal) and proposal.state is ProposalState.DRAFTING

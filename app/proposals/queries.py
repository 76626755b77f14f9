"""One query helper per proposals page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import defer, joinedload

from app.accounts.models import User
from app.core.pagination import KeysetPage, keyset_page
from app.extensions import db
from app.networks.models import Network
from app.networks.rules import readable_network_ids
from app.proposals.models import (
    AuthorStatus,
    ClosedVote,
    Proposal,
    ProposalAuthor,
    ProposalComment,
    ProposalRevision,
    ProposalState,
    Vote,
    VoteValue,
)

PROPOSALS_PER_PAGE = 20
COMMENTS_PER_PAGE = 50
TOP_LIMIT = 20
RANKED_STATES = (ProposalState.PASSED, ProposalState.FORWARDED, ProposalState.RECEIVED,
                 ProposalState.ANSWERED)


# The proposal page's statements are built once, with bound parameters, and reused: building a
# statement and its cache key costs SQLAlchemy more than running it. The page shows people by
# pseudonym, so it loads that rather than the whole account row, and it shows the rendered HTML
# of comments, not their Markdown source.
PROPOSAL_BY_ID = select(Proposal).where(Proposal.id == bindparam("proposal_id")).options(
    joinedload(Proposal.network).joinedload(Network.municipality))
AUTHORS = (select(ProposalAuthor)
           .where(ProposalAuthor.proposal_id == bindparam("proposal_id"),
                  ProposalAuthor.status != AuthorStatus.DECLINED)
           .order_by(ProposalAuthor.id)
           .options(joinedload(ProposalAuthor.user).load_only(User.id, User.pseudonym)))
COMMENTS = (select(ProposalComment).where(ProposalComment.proposal_id == bindparam("proposal_id"))
            .order_by(ProposalComment.id).limit(COMMENTS_PER_PAGE + 1)
            .options(joinedload(ProposalComment.author).load_only(User.id, User.pseudonym),
                     defer(ProposalComment.body)))
COMMENTS_AFTER = COMMENTS.where(ProposalComment.id > bindparam("after_id"))


def proposal_by_id(proposal_id: int) -> Proposal | None:
    return db.session.scalar(PROPOSAL_BY_ID, {"proposal_id": proposal_id})


def authors(proposal: Proposal) -> list[ProposalAuthor]:
    return list(db.session.scalars(AUTHORS, {"proposal_id": proposal.id}))


def revisions(proposal: Proposal, limit: int = 200) -> list[ProposalRevision]:
    return list(db.session.scalars(
        select(ProposalRevision).where(ProposalRevision.proposal_id == proposal.id)
        .order_by(ProposalRevision.number.desc()).limit(limit)
        .options(joinedload(ProposalRevision.author))))


def revision(proposal: Proposal, number: int) -> ProposalRevision | None:
    return db.session.scalar(select(ProposalRevision).where(
        ProposalRevision.proposal_id == proposal.id, ProposalRevision.number == number))


def comments(proposal: Proposal, after_id: int | None) -> KeysetPage[ProposalComment]:
    return keyset_page(db.session.scalars(COMMENTS if after_id is None else COMMENTS_AFTER,
                                          {"proposal_id": proposal.id, "after_id": after_id}),
                       COMMENTS_PER_PAGE)


def comment_by_id(comment_id: int) -> ProposalComment | None:
    return db.session.get(ProposalComment, comment_id)


def network_proposals(network: Network, state: ProposalState | None, before_id: int | None,
                      include_hidden: bool = False) -> KeysetPage[Proposal]:
    query = (select(Proposal).where(Proposal.network_id == network.id)
             .order_by(Proposal.id.desc()).limit(PROPOSALS_PER_PAGE + 1))
    if not include_hidden:
        query = query.where(Proposal.hidden_at.is_(None))
    if state is not None:
        query = query.where(Proposal.state == state)
    if before_id is not None:
        query = query.where(Proposal.id < before_id)
    return keyset_page(db.session.scalars(query), PROPOSALS_PER_PAGE)


def live_turnout(proposals: list[Proposal]) -> dict[int, int]:
    """How many have voted so far on the proposals on a page that are still being voted on
    (one query). Only the turnout is shown while a vote is open, never the tally: whoever
    knew when a member voted could otherwise read that member's choice from the change in
    the tally. The tally is published once, when the vote closes (Proposal.votes_for ...)."""
    ids = [p.id for p in proposals if p.state is ProposalState.VOTING]
    result = dict.fromkeys(ids, 0)
    if ids:
        result.update(db.session.execute(
            select(Vote.proposal_id, func.count(Vote.id)).where(Vote.proposal_id.in_(ids))
            .group_by(Vote.proposal_id)).all())
    return result


def tallies(proposal_ids: list[int]) -> dict[int, dict[VoteValue, int]]:
    """For, against and abstain of each proposal, counted from the vote rows (one query)."""
    result: dict[int, dict[VoteValue, int]] = {i: dict.fromkeys(VoteValue, 0)
                                               for i in proposal_ids}
    if proposal_ids:
        for proposal_id, value, count in db.session.execute(
                select(Vote.proposal_id, Vote.value, func.count(Vote.id))
                .where(Vote.proposal_id.in_(proposal_ids))
                .group_by(Vote.proposal_id, Vote.value)):
            result[proposal_id][value] = count
    return result


def as_shown(proposals: list[Proposal]) -> list[Proposal | ClosedVote]:
    """The proposals as pages show them: a vote whose deadline passed shows as closed, with
    the result worked out from the vote rows (one GROUP BY for the page), though the close
    is not written yet (its result is public: the vote is over). Reading a page writes
    nothing."""
    counts = tallies([p.id for p in proposals if p.vote_is_over])
    return [p.as_closed(counts[p.id][VoteValue.FOR], counts[p.id][VoteValue.AGAINST],
                        counts[p.id][VoteValue.ABSTAIN], p.network.quorum)
            if p.id in counts else p for p in proposals]


def top_proposals(start: datetime, end: datetime, network: Network | None = None,
                  municipality_id: int | None = None, reader: object | None = None
                  ) -> list[Proposal]:
    """Passed proposals whose vote closed in [start, end): most votes for, then turnout.

    Given a `reader`, only from the networks whose content that person may read, filtered
    before the limit (hidden proposals are never ranked, not even for moderators)."""
    turnout = Proposal.votes_for + Proposal.votes_against + Proposal.votes_abstain
    query = (select(Proposal).where(Proposal.vote_closed_at >= start, Proposal.vote_closed_at < end)
             .order_by(Proposal.votes_for.desc(), turnout.desc(), Proposal.id)
             .limit(TOP_LIMIT).options(joinedload(Proposal.network)))
    return list(db.session.scalars(_ranked(query, network, municipality_id, reader)))


def _ranked(query, network: Network | None, municipality_id: int | None, reader: object | None):
    """The proposals the top list may rank: passed, not hidden, from the readable networks."""
    query = query.where(Proposal.state.in_(RANKED_STATES), Proposal.hidden_at.is_(None))
    if network is not None:
        query = query.where(Proposal.network_id == network.id)
    if reader is not None:
        query = query.where(Proposal.network_id.in_(readable_network_ids(reader)))
    if municipality_id is not None:
        query = query.join(Proposal.network).where(Network.municipality_id == municipality_id)
    return query


def latest_ranked_close_before(start: datetime, network: Network | None = None,
                               municipality_id: int | None = None, reader: object | None = None
                               ) -> datetime | None:
    """When the newest vote before `start` that the top list would rank closed, or None: the
    top page shows that month when the chosen period has nothing yet."""
    query = select(func.max(Proposal.vote_closed_at)).where(Proposal.vote_closed_at < start)
    return db.session.scalar(_ranked(query, network, municipality_id, reader))

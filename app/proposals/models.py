"""Proposals to the job centre: the lifecycle lives here, on the model."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.errors import InvalidTransition
from app.core.models import UTCDateTime, str_enum, utcnow
from app.core.moderation_fields import HideableMixin
from app.extensions import db
from app.networks.models import Network

SUMMARY_MAX = 300
DEFAULT_VOTING_DAYS = 14


class ProposalState(enum.Enum):
    DRAFTING = "drafting"
    VOTING = "voting"
    PASSED = "passed"
    NOT_PASSED = "not_passed"
    WITHDRAWN = "withdrawn"
    FORWARDED = "forwarded"
    RECEIVED = "received"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    ProposalState.DRAFTING: _l("Under udarbejdelse"),
    ProposalState.VOTING: _l("Til afstemning"),
    ProposalState.PASSED: _l("Vedtaget af netværket"),
    ProposalState.NOT_PASSED: _l("Ikke vedtaget"),
    ProposalState.WITHDRAWN: _l("Trukket tilbage"),
    ProposalState.FORWARDED: _l("Sendt til udvalget"),
    ProposalState.RECEIVED: _l("Modtaget af udvalget"),
    ProposalState.ANSWERED: _l("Besvaret"),
}
CLOSED_STATES = frozenset({ProposalState.PASSED, ProposalState.NOT_PASSED})


class VoteValue(enum.Enum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"

    @property
    def label(self) -> str:
        return str(VOTE_LABELS[self])


VOTE_LABELS = {VoteValue.FOR: _l("For"), VoteValue.AGAINST: _l("Imod"),
               VoteValue.ABSTAIN: _l("Hverken for eller imod")}


class AuthorStatus(enum.Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class SuggestionStatus(enum.Enum):
    OPEN = "open"
    INCORPORATED = "incorporated"
    DECLINED = "declined"


def outcome(votes_for: int, votes_against: int, votes_abstain: int, quorum: int) -> ProposalState:
    """A vote passes on quorum and more votes for than against."""
    passed = (votes_for + votes_against + votes_abstain) >= quorum and votes_for > votes_against
    return ProposalState.PASSED if passed else ProposalState.NOT_PASSED


class Proposal(HideableMixin, db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        # A network's proposals by status, newest first (keyset on id).
        Index("ix_proposals_network_state_id", "network_id", "state", "id"),
        # Top proposals: passed ones in a period.
        Index("ix_proposals_state_closed_at", "state", "vote_closed_at"),
        Index("ix_proposals_voting_deadline", "state", "vote_deadline"),
        UniqueConstraint("creator_id", "submission_key", name="uq_proposals_creator_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"),
                                            nullable=False)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                   index=True)
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX), nullable=False)
    problem: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    impact: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[ProposalState] = mapped_column(str_enum(ProposalState),
                                                 default=ProposalState.DRAFTING, nullable=False)
    revision_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    vote_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    vote_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    vote_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Final tallies, written once from the vote rows in the transaction that closes the vote.
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    quorum_at_close: Mapped[int | None] = mapped_column(Integer)
    # The random key of the form that created it (see core.forms.SubmissionKey).
    submission_key: Mapped[str | None] = mapped_column(String(32))

    network: Mapped[Network] = relationship()
    creator: Mapped[User | None] = relationship(foreign_keys=[creator_id])

    @property
    def turnout(self) -> int | None:
        if self.votes_for is None:
            return None
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def text_frozen(self) -> bool:
        return self.state is not ProposalState.DRAFTING

    def voting_is_due(self, now: datetime) -> bool:
        return (self.state is ProposalState.VOTING and self.vote_deadline is not None
                and self.vote_deadline <= now)

    @property
    def vote_is_over(self) -> bool:
        """The deadline passed, but the close is not written yet (``flask close-votes`` or the
        next write on the proposal does it). Pages show it as closed: see ``as_closed``."""
        return self.voting_is_due(utcnow())

    @property
    def ended_at_deadline(self) -> bool:
        """The vote was closed because its deadline passed (not early, by a moderator)."""
        return self.vote_closed_at is not None and self.vote_closed_at == self.vote_deadline

    def as_closed(self, votes_for: int, votes_against: int, votes_abstain: int,
                  quorum: int) -> ClosedVote:
        """This overdue vote as it will be once closed, from the counts; nothing is written."""
        return ClosedVote(self, votes_for, votes_against, votes_abstain, quorum)

    # --- guarded transitions ---------------------------------------------------------------

    def _require(self, *states: ProposalState) -> None:
        if self.state not in states:
            raise InvalidTransition(_("Det kan ikke lade sig gøre, når forslaget har status "
                                      "»%(state)s«.", state=self.state.label))

    def open_voting(self, now: datetime, days: int = DEFAULT_VOTING_DAYS) -> None:
        self._require(ProposalState.DRAFTING)
        self.state = ProposalState.VOTING
        self.vote_opened_at = now
        self.vote_deadline = now + timedelta(days=days)

    def close_voting(self, now: datetime, votes_for: int, votes_against: int, votes_abstain: int,
                     quorum: int) -> None:
        self._require(ProposalState.VOTING)
        self.votes_for, self.votes_against, self.votes_abstain = (
            votes_for, votes_against, votes_abstain)
        self.quorum_at_close = quorum
        self.vote_closed_at = min(now, self.vote_deadline) if self.vote_deadline else now
        self.state = outcome(votes_for, votes_against, votes_abstain, quorum)

    def withdraw(self, now: datetime) -> None:
        self._require(ProposalState.DRAFTING)
        self.state = ProposalState.WITHDRAWN
        self.withdrawn_at = now

    def forward(self) -> None:
        self._require(ProposalState.PASSED)
        self.state = ProposalState.FORWARDED

    def mark_received(self) -> None:
        self._require(ProposalState.FORWARDED)
        self.state = ProposalState.RECEIVED

    def mark_answered(self) -> None:
        self._require(ProposalState.FORWARDED, ProposalState.RECEIVED)
        self.state = ProposalState.ANSWERED


class ClosedVote:
    """A proposal whose vote is over but not closed yet, as pages show it: closed at the
    deadline, with the result the close will write. Pages and rules read it like the proposal
    (everything else falls through to the row); it is never added to the session, so showing
    it writes nothing."""

    def __init__(self, proposal: Proposal, votes_for: int, votes_against: int,
                 votes_abstain: int, quorum: int) -> None:
        self._proposal = proposal
        self.votes_for, self.votes_against, self.votes_abstain = (
            votes_for, votes_against, votes_abstain)
        self.quorum_at_close = quorum
        self.vote_closed_at = proposal.vote_deadline
        self.state = outcome(votes_for, votes_against, votes_abstain, quorum)

    turnout = Proposal.turnout
    text_frozen = Proposal.text_frozen
    voting_is_due = Proposal.voting_is_due
    vote_is_over = Proposal.vote_is_over
    ended_at_deadline = True

    def __getattr__(self, name: str):
        return getattr(self._proposal, name)


class ProposalAuthor(db.Model):
    __tablename__ = "proposal_authors"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)
    status: Mapped[AuthorStatus] = mapped_column(str_enum(AuthorStatus), nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ProposalRevision(db.Model):
    __tablename__ = "proposal_revisions"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    message: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX), nullable=False)
    problem: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    impact: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    author: Mapped[User | None] = relationship()


class Vote(db.Model):
    """One per member per proposal; how someone voted is shown to that person only."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             nullable=False)
    # None once the voter deleted their profile: the vote still counts, but is nobody's.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    value: Mapped[VoteValue] = mapped_column(str_enum(VoteValue, length=10), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class ProposalComment(HideableMixin, db.Model):
    __tablename__ = "proposal_comments"
    __table_args__ = (
        Index("ix_proposal_comments_proposal_id_id", "proposal_id", "id"),
        CheckConstraint("is_suggestion OR suggestion_status IS NULL", name="suggestion_status"),
        UniqueConstraint("author_id", "submission_key",
                         name="uq_proposal_comments_author_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    is_suggestion: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    suggestion_status: Mapped[SuggestionStatus | None] = mapped_column(
        str_enum(SuggestionStatus, length=16))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # The random key of the form that sent it (see core.forms.SubmissionKey).
    submission_key: Mapped[str | None] = mapped_column(String(32))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    proposal: Mapped[Proposal] = relationship()

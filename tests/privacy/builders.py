"""A person with rows in every table that can hold something about them: the demo data,
plus what the demo does not make (reactions, follows, notification choices, codes, votes)."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.core.audit import record_audit
from app.core.models import utcnow
from app.demo import seed_demo
from app.extensions import db
from app.forum import services as forum
from app.forum.models import Post, Thread
from app.forum.reading import NetworkVisit, ThreadRead
from app.moderation.events import HIDDEN
from app.networks.models import Membership
from app.notifications import services as notifications
from app.notifications.models import Delivery, FollowTarget
from app.notifications.topics import TOPICS
from app.proposals import services as proposals
from app.proposals.models import Proposal, ProposalState, VoteValue


def full_life() -> User:
    """The demo citizen "Bente", with something in every table that refers to a person."""
    assert seed_demo()
    bente = db.session.scalar(select(User).where(User.pseudonym == "Bente"))
    network_ids = db.session.scalars(select(Membership.network_id).where(
        Membership.user_id == bente.id)).all()
    other_post = db.session.scalar(
        select(Post).join(Thread).where(Thread.network_id.in_(network_ids),
                                        Post.author_id != bente.id,
                                        Post.deleted_at.is_(None)).order_by(Post.id))
    forum.toggle_reaction(bente, other_post)
    forum.start_thread(bente, other_post.thread.network, "Mit eget spørgsmål",
                       "Hvordan har I det med jobcentret?")
    notifications.set_follow(bente, FollowTarget.THREAD, other_post.thread_id, "follow")
    notifications.set_choices(bente, {TOPICS[0].key: Delivery.DAILY.value}, show_titles=True)
    notifications.profile(bente.id).last_seen_at = utcnow()  # the last visit
    db.session.add_all([  # what she has read (written on their own connection by the pages)
        ThreadRead(user_id=bente.id, thread_id=other_post.thread_id,
                   last_read_post_id=other_post.id),
        NetworkVisit(user_id=bente.id, network_id=other_post.thread.network_id,
                     visited_at=utcnow())])
    accounts._new_recovery_codes(bente)
    voting = db.session.scalar(select(Proposal).where(
        Proposal.state == ProposalState.VOTING, Proposal.network_id.in_(network_ids)))
    if voting is not None:
        proposals.cast_vote(bente, voting, VoteValue.FOR)
    # Staff write reasons in their own words, which may name the person (any case).
    record_audit(HIDDEN, actor=None, reason=f"Skjult efter aftale med {bente.pseudonym.upper()}.",
                 post_id=other_post.id, subject_user=bente)
    db.session.flush()
    notifications.fan_out()
    db.session.flush()
    return bente

"""Demo forum: members in every network and the demo threads, spread over the last weeks."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.core.models import utcnow
from app.demo.forum_content import DEMO_THREADS
from app.extensions import db
from app.forum.models import Post, Thread
from app.forum.services import reply, start_thread
from app.networks.models import BenefitGroup, Membership, MembershipStatus, Network
from app.networks.services import decide_pending, join_network


def _ensure_member(user: User, network: Network) -> None:
    membership = db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))
    if membership is None:
        membership = join_network(user, network)
    if membership.status is MembershipStatus.PENDING:
        decide_pending(membership, approve=True)


def seed_forum(networks: dict[BenefitGroup, Network], citizens: list[User], bente: User) -> None:
    """Members in every network and the demo threads, spread over the last weeks."""
    now = utcnow()
    groups = list(BenefitGroup)
    for index, citizen in enumerate(citizens):
        for group in (groups[index % len(groups)], groups[(index + 3) % len(groups)]):
            _ensure_member(citizen, networks[group])
    for group in (BenefitGroup.SYGEDAGPENGE, BenefitGroup.DAGPENGE):
        _ensure_member(bente, networks[group])

    for group_index, group in enumerate(groups):
        network = networks[group]
        for thread_index, item in enumerate(DEMO_THREADS[group.value]):
            started = now - timedelta(days=3 + 9 * thread_index + group_index, hours=thread_index)
            (first_author, first_body), *replies = item["posts"]
            author = citizens[first_author % len(citizens)]
            _ensure_member(author, network)
            thread = start_thread(author, network, item["title"], first_body)
            moment = started
            for post in db.session.scalars(select(Post).where(Post.thread_id == thread.id)):
                post.created_at = moment
            for reply_index, (author_index, body) in enumerate(replies):
                replier = citizens[author_index % len(citizens)]
                _ensure_member(replier, network)
                moment = started + timedelta(hours=5 * (reply_index + 1))
                post = reply(replier, thread, body)
                post.created_at = moment
            thread.created_at = started
            thread.last_activity_at = moment
            db.session.flush()
        network.last_activity_at = max(
            (t for t in db.session.scalars(select(Thread.last_activity_at).where(
                Thread.network_id == network.id))), default=None)
    pinned = db.session.scalars(select(Thread).where(
        Thread.network_id == networks[BenefitGroup.SYGEDAGPENGE].id).order_by(Thread.id)).first()
    if pinned is not None:
        pinned.is_pinned = True

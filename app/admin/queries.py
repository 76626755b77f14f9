"""One query helper per admin page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.admin.events import EMAIL_SHOWN
from app.committee.models import CommitteeMember
from app.core.audit import AuditEntry
from app.extensions import db
from app.forum.models import Post
from app.networks.models import Membership, MembershipRole, Municipality, Network
from app.notifications.models import NotificationProfile

# The account page lists this many of the latest openings of the e-mail address.
OPENINGS_SHOWN = 20


def municipalities_overview() -> Select:
    return select(Municipality).options(selectinload(Municipality.networks)).order_by(
        Municipality.name)


def moderators() -> Select:
    return (select(Membership).where(Membership.role == MembershipRole.MODERATOR)
            .join(Membership.network)
            .options(selectinload(Membership.user), selectinload(Membership.network))
            .order_by(Network.name))


def committee_members() -> Select:
    return select(CommitteeMember).options(selectinload(CommitteeMember.user),
                                           selectinload(CommitteeMember.municipality))


def network_choices() -> Select:
    return (select(Network.id, Network.name, Municipality.name)
            .join(Network.municipality).order_by(Municipality.name, Network.name))


def municipality_choices() -> Select:
    return select(Municipality.id, Municipality.name).order_by(Municipality.name)


@dataclass(frozen=True)
class AccountPage:
    """What the admin's account page shows: everything but the e-mail address."""

    user: User
    memberships: list[Membership]
    committee_seats: list[CommitteeMember]
    last_seen_at: datetime | None
    posts: int
    openings: list[AuditEntry]  # the latest openings of the e-mail address, newest first


def account_page(user: User) -> AccountPage:
    memberships = list(db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).join(Membership.network)
        .options(joinedload(Membership.network).joinedload(Network.municipality))
        .order_by(Network.name, Membership.id)))
    seats = list(db.session.scalars(
        select(CommitteeMember).where(CommitteeMember.user_id == user.id)
        .options(joinedload(CommitteeMember.municipality)).order_by(CommitteeMember.id)))
    last_seen = db.session.scalar(select(NotificationProfile.last_seen_at).where(
        NotificationProfile.user_id == user.id))
    posts = db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == user.id, Post.deleted_at.is_(None))) or 0
    openings = list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_user_id == user.id,
                                 AuditEntry.action == EMAIL_SHOWN.name)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.id.desc()).limit(OPENINGS_SHOWN)))
    return AccountPage(user, memberships, seats, last_seen, posts, openings)

"""Network roles and visibility: the small predicates the features above compose.

The person's membership is looked up once per request and network (memoised on ``g``),
so a page that asks several rules costs one query.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import exists, select

from app.accounts.rules import is_admin, is_signed_in
from app.core.models import utcnow
from app.extensions import db
from app.networks.models import Membership, MembershipRole, MembershipStatus, Network

_MEMO = "_membership_memo"


def membership_of(user, network: Network) -> Membership | None:  # noqa: ANN001
    if not is_signed_in(user) or network is None:
        return None
    memo = g.setdefault(_MEMO, {}) if has_app_context() else {}
    key = (user.id, network.id)
    if key not in memo:
        memo[key] = db.session.scalar(select(Membership).where(
            Membership.network_id == network.id, Membership.user_id == user.id))
    return memo[key]


def forget_membership(user, network: Network) -> None:  # noqa: ANN001
    """Call after a service changed the membership within the same request."""
    if has_app_context():
        g.setdefault(_MEMO, {}).pop((user.id, network.id), None)


def is_member(user, network: Network) -> bool:  # noqa: ANN001
    membership = membership_of(user, network)
    return membership is not None and membership.status is MembershipStatus.ACTIVE


def is_pending(user, network: Network) -> bool:  # noqa: ANN001
    membership = membership_of(user, network)
    return membership is not None and membership.status is MembershipStatus.PENDING


def is_suspended(user, network: Network) -> bool:  # noqa: ANN001
    membership = membership_of(user, network)
    return bool(membership and membership.is_suspended(utcnow()))


def is_moderator(user, network: Network) -> bool:  # noqa: ANN001
    membership = membership_of(user, network)
    return (membership is not None and membership.status is MembershipStatus.ACTIVE
            and membership.role is MembershipRole.MODERATOR)


def is_any_moderator(user) -> bool:  # noqa: ANN001
    if not is_signed_in(user):
        return False
    return bool(db.session.scalar(select(exists().where(
        Membership.user_id == user.id, Membership.role == MembershipRole.MODERATOR,
        Membership.status == MembershipStatus.ACTIVE))))


def can_view_content(user, network: Network) -> bool:  # noqa: ANN001
    """Threads, posts and their counts: everyone for public networks, else members."""
    return network.is_public or is_member(user, network) or is_admin(user)


def can_join(user, network: Network) -> bool:  # noqa: ANN001
    return is_signed_in(user) and membership_of(user, network) is None


def can_leave(user, network: Network) -> bool:  # noqa: ANN001
    return membership_of(user, network) is not None


def can_post(user, network: Network) -> bool:  # noqa: ANN001
    """Write, reply and react: active members who are not suspended."""
    return is_member(user, network) and not is_suspended(user, network)


def can_see_members(user, network: Network) -> bool:  # noqa: ANN001
    return is_member(user, network) or is_admin(user)


def can_manage_members(user, network: Network) -> bool:  # noqa: ANN001
    return is_moderator(user, network) or is_admin(user)


def can_moderate(user, network: Network) -> bool:  # noqa: ANN001
    """The network's moderators and the platform's admins: they also see hidden content."""
    return is_moderator(user, network) or is_admin(user)

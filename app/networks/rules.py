"""Network roles and visibility: the small predicates the features above compose.

A person's memberships are looked up once per request, all of them in one query (a person
belongs to a handful of networks), and memoised on ``g``: a page that asks several rules
about several networks, or whether the person moderates anywhere, costs one query.

Who may read what also exists as a where-clause (``readable_networks`` here, and beside the
rules of each kind of content above): lists, search, feeds and the API filter with it in SQL
and get exactly the rows the rule would allow one by one (tests/test_visibility_queries.py).
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import ColumnElement, Select, false, or_, select, true

from app.accounts.rules import is_admin, is_signed_in
from app.core.models import utcnow
from app.extensions import db
from app.networks.models import Membership, MembershipRole, MembershipStatus, Network, Visibility

_MEMO = "_membership_memo"


def memberships_of(user) -> dict[int, Membership]:
    """The person's memberships by network id (every status and role)."""
    if not is_signed_in(user):
        return {}
    memo = g.setdefault(_MEMO, {}) if has_app_context() else {}
    found = memo.get(user.id)
    if found is None:
        found = memo[user.id] = {m.network_id: m for m in db.session.scalars(
            select(Membership).where(Membership.user_id == user.id))}
    return found


def membership_of(user, network: Network) -> Membership | None:
    if network is None:
        return None
    return memberships_of(user).get(network.id)


def forget_membership(user, network: Network | None = None) -> None:
    """Call after a service changed a membership of the person within the same request."""
    if has_app_context():
        g.setdefault(_MEMO, {}).pop(user.id, None)


def is_member(user, network: Network) -> bool:
    membership = membership_of(user, network)
    return membership is not None and membership.status is MembershipStatus.ACTIVE


def is_pending(user, network: Network) -> bool:
    membership = membership_of(user, network)
    return membership is not None and membership.status is MembershipStatus.PENDING


def is_suspended(user, network: Network) -> bool:
    membership = membership_of(user, network)
    return bool(membership and membership.is_suspended(utcnow()))


def _moderates(membership: Membership | None) -> bool:
    return (membership is not None and membership.status is MembershipStatus.ACTIVE
            and membership.role is MembershipRole.MODERATOR)


def is_moderator(user, network: Network) -> bool:
    return _moderates(membership_of(user, network))


def moderated_network_ids(user) -> list[int]:
    """The networks the person moderates now (none for someone who is not signed in)."""
    return [network_id for network_id, m in memberships_of(user).items() if _moderates(m)]


def is_any_moderator(user) -> bool:
    return bool(moderated_network_ids(user))


def can_view_content(user, network: Network) -> bool:
    """Threads, posts and their counts: everyone for public networks, else members."""
    return network.is_public or is_member(user, network) or is_admin(user)


# --- the same rules as where-clauses ------------------------------------------------------

def _membership_network_ids(user, *conditions: ColumnElement[bool]) -> Select:
    """The ids of the networks where the person holds an active membership (and `conditions`)."""
    return select(Membership.network_id).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.ACTIVE,
        *conditions).correlate(None)


def readable_networks(user) -> ColumnElement[bool]:
    """``can_view_content`` as a where-clause on Network."""
    if is_admin(user):
        return true()
    public = Network.visibility == Visibility.PUBLIC
    if not is_signed_in(user):
        return public
    return or_(public, Network.id.in_(_membership_network_ids(user)))


def readable_network_ids(user) -> Select:
    """The networks whose content the person may read, for ``<kind>.network_id.in_(...)``."""
    return select(Network.id).where(readable_networks(user)).correlate(None)


def moderates_network(user, network_id: ColumnElement[int]) -> ColumnElement[bool]:
    """``can_moderate`` as a where-clause on a network id column: moderators and admins."""
    if is_admin(user):
        return true()
    if not is_signed_in(user):
        return false()
    return network_id.in_(_membership_network_ids(user, Membership.role == MembershipRole.MODERATOR))


def can_join(user, network: Network) -> bool:
    return is_signed_in(user) and membership_of(user, network) is None


def can_leave(user, network: Network) -> bool:
    return membership_of(user, network) is not None


def can_post(user, network: Network) -> bool:
    """Write, reply and react: active members who are not suspended."""
    return is_member(user, network) and not is_suspended(user, network)


def can_see_members(user, network: Network) -> bool:
    return is_member(user, network) or is_admin(user)


def can_manage_members(user, network: Network) -> bool:
    return is_moderator(user, network) or is_admin(user)


def can_moderate(user, network: Network) -> bool:
    """The network's moderators and the platform's admins: they also see hidden content."""
    return is_moderator(user, network) or is_admin(user)

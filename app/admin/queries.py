"""One query helper per admin page."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.committee.models import CommitteeMember
from app.networks.models import Membership, MembershipRole, Municipality, Network


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

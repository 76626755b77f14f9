"""One query helper per networks page."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.core.pagination import KeysetPage, keyset_page
from app.extensions import db
from app.networks.models import Membership, MembershipStatus, Municipality, Network

MEMBERS_PER_PAGE = 50


def municipality_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug)
                             .options(selectinload(Municipality.networks)))


def network_by_slugs(municipality_slug: str, network_slug: str) -> Network | None:
    return db.session.scalar(
        select(Network).join(Network.municipality)
        .where(Municipality.slug == municipality_slug, Network.slug == network_slug)
        .options(joinedload(Network.municipality)))


def members(network: Network, status: MembershipStatus, after_id: int | None
            ) -> KeysetPage[Membership]:
    query = (select(Membership).where(Membership.network_id == network.id,
                                      Membership.status == status)
             .order_by(Membership.id).limit(MEMBERS_PER_PAGE + 1)
             .options(joinedload(Membership.user)))
    if after_id is not None:
        query = query.where(Membership.id > after_id)
    return keyset_page(db.session.scalars(query), MEMBERS_PER_PAGE)


def membership_in(network: Network, membership_id: int) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.id == membership_id, Membership.network_id == network.id)
        .options(joinedload(Membership.user)))


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name).limit(200)))

"""One query helper per focus-group page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.focusgroups.models import FocusGroup, FocusGroupState, Stratum, Volunteer
from app.focusgroups.rules import readable_focus_groups
from app.networks.models import Municipality, Network
from app.proposals.models import Proposal
from app.proposals.rules import readable_proposals

LIST_LIMIT = 50


def focus_group_by_id(focus_group_id: int) -> FocusGroup | None:
    return db.session.scalar(
        select(FocusGroup).where(FocusGroup.id == focus_group_id)
        .options(joinedload(FocusGroup.network).joinedload(Network.municipality),
                 joinedload(FocusGroup.municipality)))


def list_page(user, municipality: Municipality | None = None) -> list[FocusGroup]:
    """The newest published invitations the person may read (in one municipality, if given)."""
    query = select(FocusGroup).where(readable_focus_groups(user))
    if municipality is not None:
        query = query.where(FocusGroup.municipality_id == municipality.id)
    return list(db.session.scalars(
        query.order_by(FocusGroup.starts_at.desc(), FocusGroup.id.desc()).limit(LIST_LIMIT)
        .options(joinedload(FocusGroup.network), joinedload(FocusGroup.municipality))))


def _municipalities_of(network_ids: list[int]) -> Select:
    return select(Network.municipality_id).where(Network.id.in_(network_ids))


def drafts_for(network_ids: list[int] | None) -> list[FocusGroup]:
    """Drafts the organiser may publish (None: every network, for admins): those of the
    networks, and those for the whole of the networks' municipalities."""
    query = select(FocusGroup).where(FocusGroup.state == FocusGroupState.DRAFT)
    if network_ids is not None:
        query = query.where(or_(
            FocusGroup.network_id.in_(network_ids),
            FocusGroup.network_id.is_(None)
            & FocusGroup.municipality_id.in_(_municipalities_of(network_ids))))
    return list(db.session.scalars(query.order_by(FocusGroup.id.desc()).limit(LIST_LIMIT)
                                   .options(joinedload(FocusGroup.network),
                                            joinedload(FocusGroup.municipality))))


def organiser_municipalities(admin: bool, moderated: list[int]) -> list[Municipality]:
    """The municipalities the person may invite to a focus group for the whole municipality."""
    query = select(Municipality)
    if not admin:
        query = query.where(Municipality.id.in_(_municipalities_of(moderated)))
    return list(db.session.scalars(query.order_by(Municipality.name).limit(200)))


def organiser_networks(user, admin: bool, moderated: list[int]) -> list[Network]:
    """The networks the person may invite to a focus group."""
    query = select(Network).options(joinedload(Network.municipality))
    if not admin:
        query = query.where(Network.id.in_(moderated))
    return list(db.session.scalars(query.order_by(Network.municipality_id, Network.name)
                                   .limit(200)))


@dataclass(frozen=True)
class FocusGroupPage:
    focus_group: FocusGroup
    volunteer_count: int
    proposals: list[Proposal]


def focus_group_page(user, focus_group: FocusGroup) -> FocusGroupPage:
    count = db.session.scalar(select(func.count(Volunteer.id)).where(
        Volunteer.focus_group_id == focus_group.id)) or 0
    proposals = []
    if focus_group.linked_proposal_ids:
        proposals = list(db.session.scalars(
            select(Proposal).where(Proposal.id.in_(focus_group.linked_proposal_ids),
                                   readable_proposals(user)).order_by(Proposal.id)))
    return FocusGroupPage(focus_group, count, proposals)


@dataclass(frozen=True)
class OrganiserPage:
    volunteers: list[Volunteer]
    per_stratum: dict[Stratum, int]


def organiser_page(focus_group: FocusGroup) -> OrganiserPage:
    volunteers = list(db.session.scalars(
        select(Volunteer).where(Volunteer.focus_group_id == focus_group.id)
        .order_by(Volunteer.number).options(selectinload(Volunteer.user))))
    counted = Counter(row.stratum for row in volunteers)
    return OrganiserPage(volunteers, {stratum: counted.get(stratum, 0) for stratum in Stratum})


def entries_by_group(focus_group: FocusGroup) -> list[tuple[str, list[int]]]:
    """The published lottery's numbers per group, as (group's label, numbers) in the lottery's
    order (from the focus group, not the volunteers: it stays after their data is deleted)."""
    found: dict[str, list[int]] = {group: [] for group in focus_group.quota_basis.order}
    for number, group in focus_group.draw_entries or []:
        found.setdefault(group, []).append(number)
    return [(focus_group.group_label(group), numbers) for group, numbers in found.items()]

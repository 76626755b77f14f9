"""Who may do what with focus groups. An organiser is a moderator of the focus group's
network, or an admin. A focus group for the whole municipality (no network): an admin, or a
moderator of any network in that municipality; it is for every member of those networks."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select

from app.accounts.rules import is_admin, is_signed_in
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups.models import FocusGroup, FocusGroupState, Volunteer, VolunteerStatus
from app.networks.models import MembershipStatus, Municipality, Network
from app.networks.rules import (
    can_view_content,
    is_any_moderator,
    is_member,
    is_moderator,
    is_suspended,
    memberships_of,
    moderated_network_ids,
    readable_network_ids,
)


def _any_network_in(network_ids: list[int], municipality_id: int) -> bool:
    if not network_ids:
        return False
    return db.session.scalar(select(Network.id).where(
        Network.id.in_(network_ids), Network.municipality_id == municipality_id).limit(1)) is not None


def moderates_in_municipality(user, municipality_id: int) -> bool:
    """A moderator of at least one network in the municipality."""
    return _any_network_in(moderated_network_ids(user), municipality_id)


def is_member_in_municipality(user, municipality_id: int) -> bool:
    """An active, not suspended member of at least one network in the municipality."""
    now = utcnow()
    ids = [network_id for network_id, membership in memberships_of(user).items()
           if membership.status is MembershipStatus.ACTIVE and not membership.is_suspended(now)]
    return _any_network_in(ids, municipality_id)


def can_create_focus_group(user, network: Network) -> bool:
    return is_admin(user) or is_moderator(user, network)


def can_create_municipal_focus_group(user, municipality: Municipality) -> bool:
    """A focus group for the whole municipality: admins and its networks' moderators."""
    return is_admin(user) or moderates_in_municipality(user, municipality.id)


def can_use_organiser_tools(user) -> bool:
    """The first gate of the organisers' pages: a moderating or admin role."""
    return is_admin(user) or is_any_moderator(user)


def can_organise(user, focus_group: FocusGroup) -> bool:
    if is_admin(user):
        return True
    if focus_group.network is None:
        return moderates_in_municipality(user, focus_group.municipality_id)
    return is_moderator(user, focus_group.network)


def can_edit_focus_group(user, focus_group: FocusGroup) -> bool:
    """Only a draft: what was published (quotas too) stays as the members read it."""
    return focus_group.state is FocusGroupState.DRAFT and can_organise(user, focus_group)


def can_view_focus_group(user, focus_group: FocusGroup) -> bool:
    """A published invitation: everyone who may read its network. A draft: its organisers."""
    if focus_group.state is FocusGroupState.DRAFT:
        return can_organise(user, focus_group)
    return focus_group.network is None or can_view_content(user, focus_group.network)


def readable_focus_groups(user) -> ColumnElement[bool]:
    """``can_view_focus_group`` for published invitations, as a where-clause."""
    return (FocusGroup.state != FocusGroupState.DRAFT) & or_(
        FocusGroup.network_id.is_(None), FocusGroup.network_id.in_(readable_network_ids(user)))


def is_invited(user, focus_group: FocusGroup) -> bool:
    """Who the invitation is for: the network's members; for a focus group for the whole
    municipality, the members of any of its networks (suspended members are not invited)."""
    if not is_signed_in(user):
        return False
    if focus_group.network is None:
        return is_member_in_municipality(user, focus_group.municipality_id)
    return is_member(user, focus_group.network) and not is_suspended(user, focus_group.network)


def can_volunteer(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return (focus_group.can_take_volunteers(utcnow()) and volunteer is None
            and is_invited(user, focus_group))


def can_withdraw(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return (focus_group.state is FocusGroupState.OPEN and volunteer is not None
            and is_signed_in(user) and volunteer.user_id == user.id)


def _own_seat(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return (focus_group.state is FocusGroupState.DRAWN and volunteer is not None
            and is_signed_in(user) and volunteer.user_id == user.id)


def can_accept_seat(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return (_own_seat(user, focus_group, volunteer)
            and volunteer.status is VolunteerStatus.SELECTED)


def can_give_up_seat(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return _own_seat(user, focus_group, volunteer) and volunteer.holds_seat


def can_download_calendar(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return _own_seat(user, focus_group, volunteer)


def can_see_contact(user, focus_group: FocusGroup, volunteer: Volunteer) -> bool:
    """Contact details and needs: the organisers see them only once the person said yes."""
    return volunteer.status is VolunteerStatus.ACCEPTED and can_organise(user, focus_group)

"""Who may do what with focus groups. An organiser is a moderator of the focus group's
network, or an admin (a focus group for the whole municipality: admins only)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from app.accounts.rules import is_admin, is_signed_in
from app.focusgroups.models import FocusGroup, FocusGroupState, Volunteer, VolunteerStatus
from app.networks.models import Network
from app.networks.rules import (
    can_view_content,
    is_any_moderator,
    is_member,
    is_moderator,
    is_suspended,
    readable_network_ids,
)


def can_create_focus_group(user, network: Network) -> bool:
    return is_admin(user) or is_moderator(user, network)


def can_use_organiser_tools(user) -> bool:
    """The first gate of the organisers' pages: a moderating or admin role."""
    return is_admin(user) or is_any_moderator(user)


def can_organise(user, focus_group: FocusGroup) -> bool:
    if is_admin(user):
        return True
    return focus_group.network is not None and is_moderator(user, focus_group.network)


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
    """Who the invitation is for: the network's members (anyone signed in for the municipality)."""
    if not is_signed_in(user):
        return False
    if focus_group.network is None:
        return True
    return is_member(user, focus_group.network) and not is_suspended(user, focus_group.network)


def can_volunteer(user, focus_group: FocusGroup, volunteer: Volunteer | None) -> bool:
    return (focus_group.state is FocusGroupState.OPEN and volunteer is None
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

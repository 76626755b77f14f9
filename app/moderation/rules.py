"""Who may report, moderate and appeal."""

from __future__ import annotations

from app.accounts.rules import is_admin, is_signed_in
from app.moderation.targets import Target
from app.networks.rules import can_moderate, is_any_moderator, is_member


def can_report(user, target: Target) -> bool:
    return (is_member(user, target.network) and target.author_id != user.id
            and not target.obj.is_hidden)


def can_moderate_network(user, network) -> bool:
    return can_moderate(user, network)


def can_moderate_target(user, target: Target) -> bool:
    return can_moderate(user, target.network)


def can_appeal(user, target: Target) -> bool:
    return (is_signed_in(user) and target.obj.is_hidden and target.author_id == user.id)


def can_decide_appeal(user, target: Target) -> bool:
    """Another moderator than the one who hid it, or an admin."""
    if is_admin(user):
        return True
    return can_moderate(user, target.network) and target.obj.hidden_by_id != user.id


def can_see_all_queues(user) -> bool:
    """The log of every network: admins."""
    return is_admin(user)


def can_see_moderation_queue(user) -> bool:
    """The one queue across the networks the person moderates (every network for an admin)."""
    return is_admin(user) or is_any_moderator(user)


def can_handle_crisis_alert(user, network, handled: bool) -> bool:
    """Mark a crisis alert as handled: the network's moderators and admins, while it is open.
    An alert without a network (its network was deleted) is for admins."""
    if handled:
        return False
    return is_admin(user) or (network is not None and can_moderate(user, network))


def can_use_moderation_tools(user) -> bool:
    """The first gate of every moderator tool: people without the role get 403 at once,
    before any two-factor step (as in the admin and committee tools)."""
    return is_admin(user) or is_any_moderator(user)

"""Who may do what with notifications: a person reads only their own, and follows or mutes
only what they may read."""

from __future__ import annotations

from sqlalchemy import exists, select

from app.accounts.rules import is_signed_in
from app.extensions import db
from app.forum.models import Thread
from app.forum.rules import readable_threads
from app.networks.models import Network
from app.networks.rules import readable_networks
from app.notifications.models import FollowTarget, Notification
from app.proposals.models import Proposal
from app.proposals.rules import readable_proposals

_READABLE = {
    FollowTarget.NETWORK: (Network, readable_networks),
    FollowTarget.THREAD: (Thread, readable_threads),
    FollowTarget.PROPOSAL: (Proposal, readable_proposals),
}


def can_read_notification(user, notification: Notification) -> bool:
    return is_signed_in(user) and notification.user_id == user.id


def can_follow(user, target: FollowTarget, target_id: int) -> bool:
    """Follow or mute a network, thread or proposal the person may read."""
    if not is_signed_in(user):
        return False
    model, readable = _READABLE[target]
    return bool(db.session.scalar(select(exists().where(model.id == target_id,
                                                        readable(user)))))

"""Who may do what with surveys. Answering is open to everyone (the survey decides whether a
code is needed); setting up is for admins; assisted answering for moderators; the public
answer to a period's findings for the committee."""

from __future__ import annotations

from app.accounts.rules import is_admin
from app.committee.rules import is_committee_member
from app.networks.rules import is_any_moderator


def can_manage_surveys(user) -> bool:
    return is_admin(user)


def can_answer_assisted(user) -> bool:
    """A moderator (an a-kasse or union volunteer, say) may enter an answer for someone."""
    return is_any_moderator(user) or is_admin(user)


def can_follow_up(user, municipality) -> bool:
    """"Du sagde — vi gjorde": the municipality's committee answers a closed period's
    findings in public; an admin may publish the answer on the committee's behalf."""
    return is_committee_member(user, municipality) or is_admin(user)

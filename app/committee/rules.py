"""Who may forward proposals and act for a municipality's committee.

"May this person ask for it" lives here; whether the proposal's state allows the step is the
model's and the service's business. The ``can_…`` rules that mention a state are for the
templates, so a button shows exactly when pressing it would work.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import exists, select

from app.accounts.rules import is_admin, is_signed_in
from app.committee.models import CommitteeMember, Forwarding
from app.extensions import db
from app.networks.models import Municipality, Network
from app.networks.rules import is_any_moderator, is_moderator
from app.proposals.models import Proposal, ProposalState

_MEMO = "_committee_seat_memo"
_ANY_MEMO = "_committee_any_seat_memo"


def _municipality_id(municipality: Municipality | int) -> int:
    return municipality if isinstance(municipality, int) else municipality.id


def is_committee_member(user, municipality: Municipality | int) -> bool:
    if not is_signed_in(user):
        return False
    municipality_id = _municipality_id(municipality)
    memo = g.setdefault(_MEMO, {}) if has_app_context() else {}
    key = (user.id, municipality_id)
    if key not in memo:
        memo[key] = bool(db.session.scalar(select(exists().where(
            CommitteeMember.user_id == user.id,
            CommitteeMember.municipality_id == municipality_id))))
    return memo[key]


def is_any_committee_member(user) -> bool:
    """Whether the person holds a seat anywhere: one cheap query, memoised for the request
    (the main menu asks on every page)."""
    if not is_signed_in(user):
        return False
    memo = g.setdefault(_ANY_MEMO, {}) if has_app_context() else {}
    if user.id not in memo:
        memo[user.id] = bool(db.session.scalar(select(exists().where(
            CommitteeMember.user_id == user.id))))
    return memo[user.id]


def can_open_committee_home(user) -> bool:
    """"Udvalget" in the menu and on the front page, and ``/udvalg``: committee members, and
    admins, who may look at every municipality's committee area."""
    return is_admin(user) or is_any_committee_member(user)


def can_use_committee_tools(user) -> bool:
    """The first gate of every page in this blueprint: a staff role of some kind."""
    return is_admin(user) or is_any_moderator(user) or is_any_committee_member(user)


# --- moderators: forwarding ---------------------------------------------------------------

def can_use_forwarding_tools(user, network: Network) -> bool:
    return is_moderator(user, network) or is_admin(user)


def can_forward_proposal(user, proposal: Proposal) -> bool:
    return (proposal.state is ProposalState.PASSED and not proposal.is_hidden
            and can_use_forwarding_tools(user, proposal.network))


# --- the committee ------------------------------------------------------------------------

def can_view_committee_area(user, municipality: Municipality) -> bool:
    """Committee members of the municipality; admins may look (they never act for it)."""
    return is_committee_member(user, municipality) or is_admin(user)


def can_act_for_committee(user, municipality: Municipality | int) -> bool:
    """Only the politicians record receipt, meeting dates and the official answer."""
    return is_committee_member(user, municipality)


def can_record_receipt(user, forwarding: Forwarding) -> bool:
    return (forwarding.received_at is None and not forwarding.is_answered
            and can_act_for_committee(user, forwarding.municipality_id))


def can_set_meeting_date(user, forwarding: Forwarding) -> bool:
    return (forwarding.received_at is not None and not forwarding.is_answered
            and can_act_for_committee(user, forwarding.municipality_id))


def can_record_answer(user, forwarding: Forwarding) -> bool:
    return not forwarding.is_answered and can_act_for_committee(user, forwarding.municipality_id)

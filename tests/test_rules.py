"""The networks and forum rules as one table: role × action × object state → allowed or not.

"Allowed" means what the page would do: the route's rule (and, for a thread or post, that the
person may see it at all), then the service, which refuses what depends on state (a locked thread, a
suspension, a decided request). Each action runs in a request of its own and is rolled back.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.accounts.models import User
from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db
from app.forum import rules as forum_rules
from app.forum import services as forum
from app.forum.models import Post, Thread
from app.networks import rules as network_rules
from app.networks import services as networks
from app.networks.models import JoinPolicy, Membership, MembershipStatus, Network, Visibility
from tests.factories import (
    lock,
    make_member,
    make_moderator,
    make_network,
    make_post,
    make_thread,
    make_user,
    suspend,
)

ACTIONS = ("view", "join", "leave", "start_thread", "reply", "edit_own", "delete_own", "delete_other",
           "react", "see_members", "manage_members")
ROLES = ("visitor", "non_member", "pending", "member", "suspended", "moderator", "admin")

# Columns follow ACTIONS:  view join leave start reply edit del-own del-other react members manage
# Only the author deletes a post; a moderator removes someone else's by hiding it, with a reason
# the author can appeal (issue 13), so no one deletes another person's post.
PUBLIC = {
    "visitor":          "Y    .    .     .     .     .    .       .         .     .       .",
    "non_member":       "Y    Y    .     .     .     .    Y       .         .     .       .",
    "pending":          "Y    .    Y     .     .     .    Y       .         .     .       .",
    "member":           "Y    .    Y     Y     Y     Y    Y       .         Y     Y       .",
    "suspended":        "Y    .    .     .     .     .    Y       .         .     Y       .",
    "moderator":        "Y    .    Y     Y     Y     Y    Y       .         Y     Y       Y",
    "admin":            "Y    Y    .     .     .     .    Y       .         .     Y       Y",
}
MEMBERS_ONLY = {  # nothing in the network is even visible to those outside it
    "visitor":          ".    .    .     .     .     .    .       .         .     .       .",
    "non_member":       ".    Y    .     .     .     .    .       .         .     .       .",
    "pending":          ".    .    Y     .     .     .    .       .         .     .       .",
    "member":           "Y    .    Y     Y     Y     Y    Y       .         Y     Y       .",
    "suspended":        "Y    .    .     .     .     .    Y       .         .     Y       .",
    "moderator":        "Y    .    Y     Y     Y     Y    Y       .         Y     Y       Y",
    "admin":            "Y    Y    .     .     .     .    Y       .         .     Y       Y",
}
LOCKED = {  # public network, locked thread: no replies or edits, but deleting and reacting go on
    "visitor":          "Y    .    .     .     .     .    .       .         .     .       .",
    "non_member":       "Y    Y    .     .     .     .    Y       .         .     .       .",
    "pending":          "Y    .    Y     .     .     .    Y       .         .     .       .",
    "member":           "Y    .    Y     Y     .     .    Y       .         Y     Y       .",
    "suspended":        "Y    .    .     .     .     .    Y       .         .     Y       .",
    "moderator":        "Y    .    Y     Y     .     .    Y       .         Y     Y       Y",
    "admin":            "Y    Y    .     .     .     .    Y       .         .     Y       Y",
}
DELETED = {  # public network, both posts deleted: nothing more can be done to them
    "visitor":          "Y    .    .     .     .     .    .       .         .     .       .",
    "non_member":       "Y    Y    .     .     .     .    .       .         .     .       .",
    "pending":          "Y    .    Y     .     .     .    .       .         .     .       .",
    "member":           "Y    .    Y     Y     Y     .    .       .         .     Y       .",
    "suspended":        "Y    .    .     .     .     .    .       .         .     Y       .",
    "moderator":        "Y    .    Y     Y     Y     .    .       .         .     Y       Y",
    "admin":            "Y    Y    .     .     .     .    .       .         .     Y       Y",
}
STATES = {  # name: (visibility, join policy, thread locked, posts deleted, table)
    "public-open": (Visibility.PUBLIC, JoinPolicy.OPEN, False, False, PUBLIC),
    "public-approval": (Visibility.PUBLIC, JoinPolicy.APPROVAL, False, False, PUBLIC),
    "members-open": (Visibility.MEMBERS, JoinPolicy.OPEN, False, False, MEMBERS_ONLY),
    "members-approval": (Visibility.MEMBERS, JoinPolicy.APPROVAL, False, False, MEMBERS_ONLY),
    "public-locked-thread": (Visibility.PUBLIC, JoinPolicy.OPEN, True, False, LOCKED),
    "public-deleted-posts": (Visibility.PUBLIC, JoinPolicy.OPEN, False, True, DELETED),
}


def _does(service, *args) -> bool:
    try:
        service(*args)
    except DomainError:
        return False
    return True


def _sees(u, c) -> bool:
    return forum_rules.can_view_thread(u, c.thread)


CHECKS = {
    "view": _sees,
    "join": lambda u, c: network_rules.can_join(u, c.network) and _does(networks.join_network, u, c.network),
    "leave": lambda u, c: network_rules.can_leave(u, c.network)
    and _does(networks.leave_network, u, c.network),
    "start_thread": lambda u, c: forum_rules.can_start_thread(u, c.network)
    and _does(forum.start_thread, u, c.network, "En ny tråd", "Tekst"),
    "reply": lambda u, c: _sees(u, c) and forum_rules.can_reply(u, c.thread)
    and _does(forum.reply, u, c.thread, "Et svar"),
    "edit_own": lambda u, c: c.own is not None and _sees(u, c) and forum_rules.can_edit_post(u, c.own)
    and _does(forum.edit_post, u, c.own, "Rettet tekst"),
    "delete_own": lambda u, c: c.own is not None and _sees(u, c) and forum_rules.can_delete_post(u, c.own)
    and _does(forum.delete_post, u, c.own),
    "delete_other": lambda u, c: _sees(u, c) and forum_rules.can_delete_post(u, c.other)
    and _does(forum.delete_post, u, c.other),
    "react": lambda u, c: _sees(u, c) and forum_rules.can_react(u, c.other)
    and _does(forum.toggle_reaction, u, c.other),
    "see_members": lambda u, c: network_rules.can_see_members(u, c.network),
    "manage_members": lambda u, c: network_rules.can_manage_members(u, c.network)
    and _does(networks.decide_pending, c.request, True),
}


def _build(state: str, role: str) -> SimpleNamespace:
    """The network in `state`, a thread by another member, a pending applicant, and the person."""
    visibility, policy, locked, deleted, _table = STATES[state]
    network = make_network(visibility, policy)
    author = make_member(network)
    thread = make_thread(network, author)
    other = make_post(thread, author, "Et andet medlems indlæg")
    applicant = make_user()
    db.session.add(Membership(network_id=network.id, user_id=applicant.id, status=MembershipStatus.PENDING))
    person = None
    if role in ("non_member", "admin"):
        person = make_user(admin=role == "admin")
    elif role == "pending":
        person = make_user()
        db.session.add(Membership(network_id=network.id, user_id=person.id, status=MembershipStatus.PENDING))
    elif role in ("member", "suspended"):
        person = make_member(network)
        if role == "suspended":
            suspend(person, network, utcnow() + timedelta(days=7))
    elif role == "moderator":
        person = make_moderator(network)
    db.session.commit()
    # The person's own post (a non-member's is from before they left), written around the rules.
    own = make_post(thread, person, "Mit eget indlæg") if person is not None else None
    if locked:
        lock(thread, "Afsluttet")
    if deleted:
        for post in (own, other):
            if post is not None:
                forum.delete_post(post.author, post)
        db.session.commit()
    return SimpleNamespace(person=person and person.id, network=network.id, thread=thread.id,
                           own=own and own.id, other=other.id, applicant=applicant.id)


def _evaluate(app, ids: SimpleNamespace, action: str) -> bool:
    """One action in a fresh request (fresh membership memo, fresh session), then rolled back."""
    with app.test_request_context():
        person = db.session.get(User, ids.person) if ids.person else AnonymousUserMixin()
        context = SimpleNamespace(
            network=db.session.get(Network, ids.network), thread=db.session.get(Thread, ids.thread),
            own=db.session.get(Post, ids.own) if ids.own else None, other=db.session.get(Post, ids.other),
            request=db.session.scalar(select(Membership).where(Membership.user_id == ids.applicant)))
        try:
            return bool(CHECKS[action](person, context))
        finally:
            db.session.rollback()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_rule_table(app, state, role):
    with app.app_context():
        ids = _build(state, role)
    expected = dict(zip(ACTIONS, (mark == "Y" for mark in STATES[state][4][role].split()), strict=True))
    actual = {action: _evaluate(app, ids, action) for action in ACTIONS}
    assert actual == expected, {a: actual[a] for a in ACTIONS if actual[a] != expected[a]}

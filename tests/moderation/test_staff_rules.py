"""The rules of issue 12's "staff find their work" as one table: role × action × state.

Each rule is asked directly (the pages ask the same functions through ``rules.<feature>``);
tests/moderation/test_queue.py and test_permissions.py check that the routes follow them."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.committee import rules as committee_rules
from app.moderation import rules as moderation_rules
from tests.moderation.builders import build_scene, forget_rules, user_for

ROLES = ("visitor", "citizen", "member", "moderator", "other_moderator", "committee_here",
         "committee_other", "admin")

# (action, state): rule(user, scene) -> bool
RULES = {
    ("see the cross-network queue", "-"):
        lambda u, s: moderation_rules.can_see_moderation_queue(u),
    ("see every network's log", "-"):
        lambda u, s: moderation_rules.can_see_all_queues(u),
    ("handle a crisis alert", "open"):
        lambda u, s: moderation_rules.can_handle_crisis_alert(u, s.network, False),
    ("handle a crisis alert", "handled"):
        lambda u, s: moderation_rules.can_handle_crisis_alert(u, s.network, True),
    ("handle a crisis alert", "open, network gone"):
        lambda u, s: moderation_rules.can_handle_crisis_alert(u, None, False),
    ("Udvalget in the menu", "-"):
        lambda u, s: committee_rules.can_open_committee_home(u),
    ("forwarding dashboard link", "this network"):
        lambda u, s: committee_rules.can_use_forwarding_tools(u, s.network),
    ("forwarding dashboard link", "another network"):
        lambda u, s: committee_rules.can_use_forwarding_tools(u, s.other_network),
}

# Roles in order: visitor, citizen, member, moderator (this network), moderator (another
# network), committee (this municipality), committee (another municipality), admin.
EXPECTED = {
    ("see the cross-network queue", "-"):                 ". . . Y Y . . Y",
    ("see every network's log", "-"):                     ". . . . . . . Y",
    ("handle a crisis alert", "open"):                    ". . . Y . . . Y",
    ("handle a crisis alert", "handled"):                 ". . . . . . . .",
    ("handle a crisis alert", "open, network gone"):      ". . . . . . . Y",
    ("Udvalget in the menu", "-"):                        ". . . . . Y Y Y",
    ("forwarding dashboard link", "this network"):        ". . . Y . . . Y",
    ("forwarding dashboard link", "another network"):     ". . . . Y . . Y",
}



def test_the_table_covers_every_rule_and_role():
    assert sorted(EXPECTED) == sorted(RULES)
    assert all(len(row.split()) == len(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize("key", list(RULES), ids=[f"{a} ({s})" for a, s in RULES])
def test_rule_table(app_ctx, key):
    """One scene per rule; every role asked, every mismatch reported at once."""
    scene = build_scene()
    wrong = []
    for role, expected in zip(ROLES, EXPECTED[key].split(), strict=True):
        forget_rules()
        user = user_for(scene, role) or AnonymousUserMixin()
        if RULES[key](user, scene) is not (expected == "Y"):
            wrong.append(role)
    assert wrong == [], f"{key}: wrong for {wrong}"


def test_a_committee_seat_is_looked_up_once_per_request(app_ctx, count_queries):
    scene = build_scene()
    forget_rules()
    with count_queries() as counter:
        for _ in range(5):
            assert committee_rules.can_open_committee_home(scene.committee_here)
            assert not committee_rules.can_open_committee_home(scene.citizen)
    seats = [s for s in counter.statements if "committee_members" in s]
    assert len(seats) == 2, seats  # one per person

"""Who may export their data or delete their profile: anyone signed in, for themselves only
(the routes take no id: the person is always the one signed in)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from app.privacy import rules

PEOPLE = {
    "visitor": AnonymousUserMixin(),
    "citizen": SimpleNamespace(is_authenticated=True, is_admin=False),
    "admin": SimpleNamespace(is_authenticated=True, is_admin=True),
}
TABLE = {  # role: (export own data, delete own profile)
    "visitor": (False, False),
    "citizen": (True, True),
    "admin": (True, True),
}


@pytest.mark.parametrize("role", TABLE)
def test_rule_table(role):
    person = PEOPLE[role]
    assert (rules.can_export_own_data(person), rules.can_delete_own_profile(person)) == TABLE[role]

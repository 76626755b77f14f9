"""Issue 14, item 1: the pseudonymity guarantee. Every GET page of the app, crawled as a visitor,
a citizen, a moderator, a committee member and an admin over data in every state (the same
world as test_get_writes_nothing), shows no one's e-mail address but the reader's own."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.committee.builders import sign_in
from tests.core.test_get_writes_nothing import ROLES, urls, world  # noqa: F401 (the fixture)
from tests.proposals.builders import _settle


def test_no_page_shows_anyone_elses_email_address(app, world):  # noqa: F811
    arguments, people = world
    pages = urls(app, arguments)
    with app.app_context():
        addresses = dict(db.session.execute(select(User.id, User.email)).all())
    assert len(addresses) >= 10
    for role in ROLES:
        me = people[role]
        others = [email for user_id, email in addresses.items()
                  if me is None or user_id != me.id]
        browser = sign_in(app, me)
        shown = 0
        for page in pages:
            response = browser.client.get(page)
            _settle()
            body = response.get_data(as_text=True).lower()
            leaked = [email for email in others if email.lower() in body]
            assert leaked == [], (role, page, leaked)
            shown += response.status_code == 200
        assert shown >= 30, role

"""Issue 14, item 4: `flask purge` deletes what the retention rules say, and nothing else:
accounts never confirmed after 7 days, notifications read more than a year ago, focus-group
volunteers 30 days after their meeting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.accounts.models import User
from app.core.db import commit
from app.core.events import Event
from app.core.models import utcnow
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import make_user


def test_purge_deletes_old_unconfirmed_accounts_and_old_read_notifications(app, app_ctx):
    old_unconfirmed = make_user(pseudonym="Gammel Uden Link", confirmed=False)
    new_unconfirmed = make_user(pseudonym="Ny Uden Link", confirmed=False)
    confirmed = make_user(pseudonym="Bekræftet Bo")
    old_unconfirmed.created_at = utcnow() - timedelta(days=8)
    confirmed.created_at = utcnow() - timedelta(days=400)
    event = Event(kind="forum.replied", data={}, notified=True)
    db.session.add(event)
    db.session.flush()
    ages = {"old read": (400, True), "new read": (30, True), "old unread": (400, False)}
    for label, (days, read) in ages.items():
        db.session.add(Notification(
            user_id=confirmed.id, event_id=event.id if label == "old read" else _event().id,
            topic="replies", created_at=utcnow() - timedelta(days=days),
            read_at=utcnow() - timedelta(days=days - 1) if read else None))
    commit()

    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 unconfirmed account(s), 1 read notification(s)" in result.output
    db.session.rollback()
    left = set(db.session.scalars(select(User.pseudonym)))
    assert "Gammel Uden Link" not in left and {"Ny Uden Link", "Bekræftet Bo"} <= left
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    assert new_unconfirmed.id


def _event() -> Event:
    event = Event(kind="forum.replied", data={}, notified=True)
    db.session.add(event)
    db.session.flush()
    return event

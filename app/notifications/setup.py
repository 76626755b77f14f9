"""Wiring done by create_app: the after-commit step that turns events into notifications
(through the job queue), the bell's count and follow state for templates, remembering when
a signed-in person was last here, and the commands for a scheduler."""

from __future__ import annotations

import time

import click
from flask import Flask, request, session
from flask_login import current_user

from app.core import jobs
from app.core.db import READ_METHODS, after_events

SEEN_KEY = "seen"


def deliver_events() -> None:
    """The job run after each commit that saved events: notifications, then at-once mails."""
    from app.notifications import mailing, services

    mailing.send_now(services.fan_out())


def _after_events() -> None:
    jobs.enqueue(deliver_events, description="notifications")


def _notification_count(user) -> int:
    from app.notifications.queries import unread_count

    return unread_count(user.id) if getattr(user, "is_authenticated", False) else 0


def _follow_state(target: str, target_id: int) -> str:
    from app.notifications.models import FollowTarget
    from app.notifications.services import follow_state

    return follow_state(current_user, FollowTarget(target), target_id)


def _remember_visit() -> None:
    """At most every SEEN_EVERY, note that a signed-in person was here (a digest goes only to
    someone who has been away). The session remembers when it was last noted."""
    from app.notifications.services import SEEN_EVERY, seen

    # Only on reading a page: the row is saved on a connection of its own, and a request that
    # writes already holds SQLite's write lock in its own transaction.
    if (request.method not in READ_METHODS or request.endpoint in (None, "static")
            or not current_user.is_authenticated):
        return
    now = time.time()
    if now - session.get(SEEN_KEY, 0) < SEEN_EVERY.total_seconds():
        return
    if seen(current_user.id):  # not saved (the database was busy): note it next time
        session[SEEN_KEY] = now


def init_app(app: Flask) -> None:
    after_events(app, _after_events)
    app.jinja_env.globals["notification_count"] = _notification_count
    app.jinja_env.globals["follow_state"] = _follow_state
    app.before_request(_remember_visit)

    @app.cli.command("send-digests")
    def send_digests() -> None:
        """Send the daily and weekly e-mail digests that are due (run it hourly)."""
        from app.notifications.mailing import send_digests as run

        click.echo(f"Sent {run()} digest(s).")

    @app.cli.command("notify")
    def notify() -> None:
        """Turn any events not yet delivered into notifications and at-once mails (a safety
        net for a scheduler; it normally happens right after each change)."""
        deliver_events()
        click.echo("Notifications delivered.")

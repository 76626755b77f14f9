"""Wiring done by create_app: the after-commit step that turns events into notifications
(through the job queue), the bell's count and follow state for templates, remembering when
a signed-in person was last here, and the commands for a scheduler."""

from __future__ import annotations

import time

import click
from flask import Flask, Response, request, session
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


def _remember_visit(response: Response) -> Response:
    """At most every SEEN_EVERY, note that a signed-in person was here (a digest goes only to
    someone who has been away). The session remembers when it was last noted.

    After a page has been read, not before: the row is saved on a connection of its own
    (core.db.save_bookkeeping), and on SQLite a request transaction that had read before that
    write could no longer write itself (a stale snapshot), as opening a notification does."""
    from app.notifications.services import SEEN_EVERY, seen

    if (request.method not in READ_METHODS or request.endpoint in (None, "static")
            or response.status_code >= 400 or not current_user.is_authenticated):
        return response
    now = time.time()
    if now - session.get(SEEN_KEY, 0) >= SEEN_EVERY.total_seconds() and seen(current_user.id):
        session[SEEN_KEY] = now  # not saved (the database was busy): note it next time
    return response


def init_app(app: Flask) -> None:
    after_events(app, _after_events)
    app.jinja_env.globals["notification_count"] = _notification_count
    app.jinja_env.globals["follow_state"] = _follow_state
    app.after_request(_remember_visit)

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

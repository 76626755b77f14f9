"""Commands for a scheduler: `flask focusgroups remind` (every hour) and
`flask focusgroups purge` (once a day)."""

from __future__ import annotations

import click

from app.core.db import commit
from app.core.mail import url_context
from app.focusgroups import bp


@bp.cli.command("remind")
def remind() -> None:
    """Remind everyone with a seat of a meeting within 48 hours, by mail with a calendar file."""
    from app.focusgroups.emails import send_all
    from app.focusgroups.services import due_reminders

    with url_context():
        reminded = due_reminders()
        commit()
        send_all(reminded, "reminder")
    click.echo(f"Reminded {len(reminded)} volunteer(s).")


@bp.cli.command("purge")
def purge() -> None:
    """Delete volunteers' data 30 days after their meeting; the published lottery stays."""
    from app.focusgroups.services import purge_volunteers

    deleted = purge_volunteers()
    commit()
    click.echo(f"Deleted {deleted} volunteer row(s).")

"""Commands for a scheduler: `flask remind-committee` (run it once a day)."""

from __future__ import annotations

import click

from app.committee import bp
from app.core.db import commit


@bp.cli.command("remind-committee")
def remind_committee() -> None:
    """Remind committee members of answers due within a week and on the due day."""
    from app.committee.services import send_due_reminders

    recorded = send_due_reminders()
    commit()
    click.echo(f"Recorded {recorded} reminder(s).")

"""Commands: flask create-admin, flask seed-demo, flask remind-committee."""

from __future__ import annotations

import click
from flask import Flask, current_app

from app.core.db import commit
from app.core.errors import DomainError


def register(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--pseudonym", prompt=True)
    @click.option("--email", prompt=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def create_admin(pseudonym: str, email: str, password: str) -> None:
        """Create a platform administrator (they set up two-factor log-in at first log-in)."""
        from app.accounts import services

        try:
            user = services.register_user(services.Registration(
                pseudonym=pseudonym, email=email, password=password, accepted_terms=True),
                confirmed=True)
        except DomainError as error:
            raise click.ClickException(error.message) from None
        user.is_admin = True
        commit()
        click.echo(f"Admin {user.pseudonym} created. Log in and set up two-factor log-in.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Load demo data (once). Refused in production."""
        if not current_app.config.get("DEMO_DATA_ALLOWED"):
            raise click.ClickException("Demo data is refused in the production configuration.")
        from app.demo import seed_demo as run

        created = run()
        commit()
        click.echo("Demo data loaded." if created else "Demo data already present.")


def register_scheduled(app: Flask) -> None:
    @app.cli.command("close-votes")
    def close_votes() -> None:
        """Close every vote whose deadline has passed (run it from a scheduler, e.g. hourly)."""
        from app.proposals.services import close_due_votes

        closed = close_due_votes()
        commit()
        click.echo(f"Closed {closed} vote(s).")

    @app.cli.command("purge")
    def purge() -> None:
        """The time-based clean-ups of the retention rules (run it daily): accounts whose
        sign-up link was never followed (after 7 days), read notifications (after a year),
        focus-group volunteers' details (30 days after their meeting), and exports waiting to be
        downloaded (after 24 hours)."""
        from app.accounts.services import purge_unconfirmed
        from app.focusgroups.services import purge_volunteers
        from app.notifications.services import purge_read
        from app.privacy.downloads import purge_expired

        accounts, notifications, volunteers, exports = (
            purge_unconfirmed(), purge_read(), purge_volunteers(), purge_expired())
        commit()
        click.echo(f"Deleted {accounts} unconfirmed account(s), {notifications} read "
                   f"notification(s), {volunteers} focus-group volunteer(s), {exports} "
                   f"expired export(s).")

    @app.cli.command("remind-committee")
    def remind_committee() -> None:
        """Remind committee members of answers due within a week and on the due day: to
        forwarded proposals and to closed survey periods ("Du sagde — vi gjorde"). Run daily."""
        from app.committee.services import send_due_reminders as proposals_due
        from app.surveys.follow_up import send_due_reminders as periods_due
        from app.surveys.services import today

        recorded = proposals_due() + periods_due(today())
        commit()
        click.echo(f"Recorded {recorded} reminder(s).")

"""Operations commands: flask backup PATH; flask jobs work | status."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup


def register(app: Flask) -> None:
    """Register the operations commands on the app's CLI."""

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path) -> None:
        """Write a consistent copy of the database to PATH (a new file).

        SQLite: an online copy through SQLite's backup API, safe while the app runs.
        PostgreSQL: `pg_dump -Fc`; restore it with
        `pg_restore --no-owner --exit-on-error -d NEW_DATABASE PATH`.
        """
        from app.extensions import db
        from app.ops.backup import BackupError, backup

        try:
            result = backup(db.engine, path)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backup written to {result.path} ({result.size:,} bytes, {result.method}).")

    jobs_group = AppGroup("jobs", help="The background job queue (Redis): run a worker, see counts.")

    @jobs_group.command("work")
    @click.option("--burst", is_flag=True, help="Run what is due, then stop (for tests and cron).")
    def jobs_work_command(burst: bool) -> None:
        """Run the jobs on the queue: e-mails now, and failed ones again when their pause is over.

        Run one or more next to the app servers (a systemd service, say). Each job runs in its
        own child process inside this app's context; a job that fails is tried again after
        each pause in JOBS_RETRY_INTERVALS, then kept among the failed jobs for a week.
        """
        from rq import Worker

        from app.core import jobs

        conn = _jobs_connection(jobs)
        worker = Worker([jobs.queue(conn)], connection=conn)
        worker.work(burst=burst, with_scheduler=True, logging_level="INFO")

    @jobs_group.command("status")
    def jobs_status_command() -> None:
        """How many jobs wait, wait for a new try, run now, and failed for good.

        Exits with 1 while a job has failed for good, naming each (what it ran, when, and the
        error's last line; never its arguments, which may hold an address or a link), so a
        monitoring check or a timer's OnFailure= can tell someone.
        """
        from app.core import jobs

        conn = _jobs_connection(jobs)
        queue = jobs.queue(conn)
        failed = queue.failed_job_registry
        click.echo(f"queue {queue.name}: waiting {queue.count}, "
                   f"waiting to be tried again {queue.scheduled_job_registry.count}, "
                   f"running {queue.started_job_registry.count}, "
                   f"failed {failed.count}")
        if failed.count:
            for job in jobs.failed_jobs(queue):
                when = f"{job.ended_at:%Y-%m-%d %H:%M} UTC" if job.ended_at else "at an unknown time"
                click.echo(f"failed: {job.description}, {when}: {job.reason}")
            raise SystemExit(1)

    app.cli.add_command(jobs_group)


def _jobs_connection(jobs):
    conn = jobs.connection()
    if conn is None:
        raise click.ClickException(
            "No job queue: set REDIS_URL (or JOBS_REDIS_URL). Without it, jobs run in the request.")
    return conn

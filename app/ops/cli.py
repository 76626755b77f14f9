"""Operations commands: flask backup PATH."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask


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

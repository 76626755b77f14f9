"""Backups. SQLite: a consistent online copy through SQLite's backup API (a plain file copy
taken while the app writes can be torn). PostgreSQL: pg_dump in its custom format.

    pg_dump  -Fc --no-owner -f borgernet.dump "$DATABASE_URL"
    pg_restore --no-owner --exit-on-error -d NEW_EMPTY_DATABASE borgernet.dump
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, Engine


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    method: str


def backup(engine: Engine, target: Path) -> BackupResult:
    """Write a consistent copy of the database behind ``engine`` to ``target`` (new file)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if engine.dialect.name == "postgresql" and shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client). "
                          "Run it where it is: " + " ".join(pg_dump_command(target))
                          + ' "$DATABASE_URL"')
    partial = target.with_name(target.name + ".partial")
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial)
            method = "sqlite3 backup API"
        elif engine.dialect.name == "postgresql":
            _pg_dump(engine.url, partial)
            method = "pg_dump -Fc"
        else:
            raise BackupError(f"no backup method for {engine.dialect.name}")
        partial.replace(target)  # the finished name appears only for a complete backup
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size, method)


def _sqlite_backup(engine: Engine, target: Path) -> None:
    raw = engine.raw_connection()  # works for a file and for the shared in-memory database
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination, pages=1024)
            problem = destination.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            destination.close()
    finally:
        raw.close()
    if problem != "ok":
        raise BackupError(f"the copy failed its integrity check: {problem}")


def libpq_environment(url: URL) -> dict[str, str]:
    """The PG* variables for pg_dump/pg_restore/psql: the password stays out of `ps`."""
    env = dict(os.environ)
    for name, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                        ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[name] = str(value)
    return env


def pg_dump_command(target: Path | str) -> list[str]:
    return ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)]


def pg_restore_command(dump: Path | str, database: str) -> list[str]:
    return ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", database, str(dump)]


def _pg_dump(url: URL, target: Path) -> None:
    done = subprocess.run(pg_dump_command(target), env=libpq_environment(url),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")

"""`flask backup` and a restore into an empty database: every table keeps its rows.

SQLite: the backup file is restored with SQLite's backup API into a new file.
PostgreSQL: pg_dump -Fc, then pg_restore into a throw-away database this test creates and drops.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from app.extensions import db
from app.ops.backup import libpq_environment, pg_restore_command
from app.proposals import services as proposals
from app.proposals.models import VoteValue
from tests.factories import first_network, make_member, make_municipality, make_post, make_thread


def _fill() -> None:
    network = first_network(make_municipality())
    people = [make_member(network) for _ in range(3)]
    thread = make_thread(network, people[0])
    for person in people:
        make_post(thread, person)
    proposal = proposals.create_proposal(people[0], network, proposals.ProposalText(
        "Kortere svartid", "Svar inden for fem dage.", "Vi venter.", "Svar hurtigt.", "Ro."))
    db.session.commit()
    proposals.open_voting(people[0], proposal, 7)
    db.session.commit()
    proposals.cast_vote(people[1], proposal, VoteValue.FOR)
    db.session.commit()


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar()
                for name in sorted(inspect(connection).get_table_names())}


def _backup(app, target) -> None:
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output


def test_backup_restores_every_row(app, app_ctx, tmp_path):
    _fill()
    source = _counts(db.engine)
    assert all(source[name] > 0 for name in ("users", "networks", "threads", "posts",
                                            "proposals", "proposal_revisions", "votes"))
    dump = tmp_path / "borgernet.backup"
    _backup(app, dump)
    if db.engine.dialect.name == "sqlite":
        restored = _restore_sqlite(dump, tmp_path / "restored.sqlite")
    else:
        restored = _restore_postgresql(dump)
    assert restored == source


def _restore_sqlite(dump, target) -> dict[str, int]:
    with sqlite3.connect(dump) as backup, sqlite3.connect(target) as empty:
        assert not empty.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        backup.backup(empty)
    backup.close()
    empty.close()
    engine = create_engine(f"sqlite:///{target}")
    try:
        return _counts(engine)
    finally:
        engine.dispose()


def _restore_postgresql(dump) -> dict[str, int]:
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    name = f"borgernet_restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(db.engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    target_url = db.engine.url.set(database=name)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        done = subprocess.run(pg_restore_command(dump, name), env=libpq_environment(target_url),
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        engine = create_engine(target_url)
        try:
            return _counts(engine)
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_refuses_to_overwrite(app, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and "exists already" in result.output
    assert existing.read_text() == "keep me"

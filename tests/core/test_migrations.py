"""The schema comes only from Alembic: upgrade from empty works and matches the models."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import normalise_database_url
from app.extensions import db


@pytest.fixture
def empty_database_url(tmp_path, database_url):
    """A brand-new empty database of the same kind the suite runs on."""
    url = make_url(normalise_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"bn_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_models(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "municipalities", "networks", "memberships", "committee_members",
                "recovery_codes", "alembic_version"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_production_config_requires_secret_key(monkeypatch):
    from app.config import ProdConfig

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProdConfig)


def test_accounts_made_before_confirmation_links_count_as_confirmed(empty_database_url):
    """users.email_confirmed_at: every existing account may still log in after the upgrade."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="16e3b1701b8d")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (pseudonym, pseudonym_key, email, password_hash, is_admin, "
                "session_token, terms_accepted_at, created_at, updated_at) VALUES ('Mette', "
                "'mette', 'mette@example.org', 'x', false, 'token', :at, :at, :at)"),
                {"at": "2026-01-02 03:04:05+00:00"})
        upgrade()
        with db.engine.connect() as connection:
            confirmed, created = connection.execute(text(
                "SELECT email_confirmed_at, created_at FROM users")).one()
        assert confirmed is not None and confirmed == created
        downgrade(revision="base")
        db.engine.dispose()

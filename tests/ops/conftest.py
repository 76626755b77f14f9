"""Fixtures for the operations tests: an app whose database cannot be reached."""

from __future__ import annotations

import socket

import pytest

from app import create_app
from app.extensions import db


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def outage_app(app):
    """The app pointed at a PostgreSQL server that is not there."""
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/borgernet_gone"
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    yield application
    with application.app_context():
        db.engine.dispose()
